/**
 * Hostile and careless inputs on the command line, within bounds (issue 8, "Bounds"): big files
 * stream instead of being read whole, special files are refused by name, an --out that is not a
 * file is refused before anything is done, a document too big for a snapshot record is skipped.
 * Big files are made here, sparse or written from one reused buffer; nothing big is committed.
 * Memory and CPU are measured in a child process that runs one command (runCliMeasured).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, lstatSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { fixturePath } from '../support/fixtures.ts';
import { inspectJson, runCli, runCliMeasured } from './cli-run.ts';

const work = mkdtempSync(join(tmpdir(), 'te-bounds-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MiB = 1024 * 1024;
const GOOD = fixturePath('aws-cli-examples/batch-get-traces_output.json');
const segment = (id: string, extra: Record<string, unknown> = {}) => ({ id, trace_id: '1-5f29ab21-d4ebf299219a65bd5c31d6da', name: 'orders', start_time: 1_700_000_000, end_time: 1_700_000_001, ...extra });

/** `lines` daemon header lines, each padded with white space to about 1 MiB, then one segment document: big text, one document. */
function writePaddedLines(path: string, lines: number): void {
  const padding = ' '.repeat(MiB);
  const line = Buffer.from(`{"format":"json",${padding}"version":1}\n`);
  const fd = openSync(path, 'w');
  try {
    for (let i = 0; i < lines; i++) writeSync(fd, line);
    writeSync(fd, `${JSON.stringify(segment('1111111111111111'))}\n`);
  } finally {
    closeSync(fd);
  }
}

describe('big inputs stream, one line at a time', () => {
  it('reads 520 MiB of JSON lines (more than the old 500 MiB text cap), three times over, in bounded memory', async () => {
    const path = join(work, 'padded.ndjson');
    writePaddedLines(path, 520);
    expect(statSync(path).size).toBeGreaterThan(520 * MiB);
    const run = await runCliMeasured('inspect', path, path, path, '--json');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { traces: number; segments: number; problems: unknown[] };
    expect(summary).toMatchObject({ traces: 1, segments: 1, problems: [] });
    // Read whole, one copy of the file alone would be 520 MiB (and it was copied twice more).
    expect(run.maxRssBytes).toBeLessThan(400 * MiB);
    process.stdout.write(`inspect of 3 × ${(statSync(path).size / MiB).toFixed(0)} MiB of JSON lines: peak RSS ${(run.maxRssBytes / MiB).toFixed(0)} MiB, CPU ${run.cpuMs} ms\n`);
    // Bounded time: well under 20 ns of CPU per byte read (reading and parsing alone take a few).
    expect(run.cpuMs).toBeLessThan((3 * statSync(path).size * 20) / 1e6);
  }, 300_000);

  it('refuses a 1.9 GB file of zeros (a sparse file) as binary after its first KiB, in little memory and time', async () => {
    const path = join(work, 'sparse.json');
    writeFileSync(path, '');
    truncateSync(path, 1.9e9);
    const out = join(work, 'kept-sparse.json.gz');
    await runCli('import', GOOD, '--out', out);
    const before = readFileSync(out);
    const run = await runCliMeasured('import', path, '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${path}: binary data, not text (it starts with the bytes 00 00 00 00 00 00 00 00)`);
    expect(run.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(readFileSync(out).equals(before)).toBe(true);
    expect(run.maxRssBytes).toBeLessThan(300 * MiB);
    process.stdout.write(`import of a 1.9 GB sparse file: exit ${run.code}, peak RSS ${(run.maxRssBytes / MiB).toFixed(0)} MiB, CPU ${run.cpuMs} ms\n`);
  }, 120_000);
});

describe('special files are refused by what they are', () => {
  it('a folder, a named pipe, a socket and a device, without reading (a pipe would block, a device never end)', async () => {
    const fifo = join(work, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const socketPath = join(work, 'sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const { code, summary } = await inspectJson(work, fifo, socketPath, '/dev/zero', GOOD);
      expect(code).toBe(0);
      expect(summary.traces).toBe(1);
      expect(summary.problems).toEqual([
        { file: work, message: 'is a folder; give the files inside it' },
        { file: fifo, message: 'is a named pipe (FIFO), not a file; save what it delivers to a file and give that' },
        { file: socketPath, message: 'is a socket, not a file' },
        { file: '/dev/zero', message: 'is a character device, not a file' },
      ]);
    } finally {
      server.close();
    }
  });
});

describe('--out must be a file (or not exist yet)', () => {
  it('refuses a named pipe, a link to a device and a folder before reading anything, and leaves them as they were', async () => {
    const fifo = join(work, 'out-pipe');
    execFileSync('mkfifo', [fifo]);
    const device = join(work, 'out-null');
    symlinkSync('/dev/null', device);
    for (const [out, what] of [
      [fifo, 'it is a named pipe \\(FIFO\\), not a file; writing the snapshot would replace it'],
      [device, 'it is a character device, not a file; writing the snapshot would replace it'],
      [work, 'it is a folder'],
    ] as const) {
      const run = await runCli('import', GOOD, '--out', out);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^error: cannot write ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${what}\\. Nothing was written\\.\\n$`));
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(lstatSync(device).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('refuses an --out whose folder does not exist, naming it', async () => {
    const run = await runCli('import', GOOD, '--out', join(work, 'no-such-folder', 'x.json.gz'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot write .*no-such-folder\/x\.json\.gz: its folder does not exist\. Nothing was written\./);
  });
});

describe('a document too big for one snapshot record', () => {
  it('is skipped with its file and line by import and inspect alike, and the other documents are kept', async () => {
    const path = join(work, 'huge-doc.ndjson');
    const lines = [segment('1111111111111111'), segment('2222222222222222', { metadata: { blob: 'x'.repeat(65 * MiB) } }), segment('3333333333333333')];
    writeFileSync(path, lines.map((line) => JSON.stringify(line)).join('\n'));
    const expected = { file: path, at: 'line 2', message: 'the document is larger than the 64 MiB one snapshot record may hold; it is skipped' };
    const { code, summary } = await inspectJson(path);
    expect(code).toBe(0);
    expect(summary).toMatchObject({ traces: 1, segments: 2 });
    expect(summary.problems).toEqual([expected]);
    const out = join(work, 'huge-doc.json.gz');
    const run = await runCli('import', path, '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: 2 documents from 1 file \(1 trace, 0 CloudTrail events\)/);
    expect(run.stderr).toContain(`${path} (line 2): the document is larger than the 64 MiB one snapshot record may hold; it is skipped`);
    const content = await readSnapshotFile(out);
    expect(content.records.map((record) => (record.doc as { id: string }).id)).toEqual(['1111111111111111', '3333333333333333']);
  }, 120_000);
});

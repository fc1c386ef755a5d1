import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshotOpening, sparseFile, tinyRecord, tinyRecords, writeRepeatedGzip } from '../support/bombs.ts';
import { runCliMeasured, type MeasuredRun } from './cli-run.ts';

/**
 * Hostile snapshots given to the real command in a child process (issue 8, "Bounds"): each is made
 * here, small on disk and huge once inflated (repeated gzip members) or sparse. Each run must end
 * with exit code 1, the file named, no stack trace, having read only the start of the file (the
 * refusal says how much) and with a bounded peak resident memory, measured in the child
 * (runCliMeasured, cli-run.ts).
 */
const dir = mkdtempSync(join(tmpdir(), 'snapshot-bombs-'));
const MiB = 1024 * 1024;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runCommand = runCliMeasured;

function expectCleanRefusal(run: MeasuredRun, file: string): void {
  expect(run.code).toBe(1);
  // In words on stderr, or in the one JSON object of --json.
  expect(`${run.stderr}${run.stdout}`).toContain(file);
  // No stack trace and no V8 abort: only the command's own words.
  expect(run.stderr).not.toMatch(/\n\s+at |FATAL ERROR|internal error/);
}

describe('snapshot bombs and bounds: the command answers, names the file, and stays small', () => {
  it('10 GiB of tiny records in 41 MB of repeated gzip members: refused by its inflation ratio within its first MiBs', async () => {
    const path = join(dir, 'tiny-records.json.gz');
    const block = tinyRecords(Math.floor(MiB / tinyRecord(0).length), false);
    const made = await writeRepeatedGzip(path, snapshotOpening(), block, 10_240);
    expect(made.inflated).toBeGreaterThan(9.9 * 1024 * MiB);
    expect(made.stored).toBeLessThan(64 * MiB);
    for (const args of [['inspect', path], ['inspect', path, '--json']]) {
      const run = await runCommand(...args);
      expectCleanRefusal(run, 'tiny-records.json.gz');
      const said = `${run.stderr}${run.stdout}`;
      const read = /inflates to more than 200 times its compressed size \(([\d.]+) MiB from the first ([\d.]+) KiB\)/.exec(said);
      expect(read, said).not.toBeNull();
      // Refused after tens of MiB of its 10 GiB, from the first KiBs of its 41 MB.
      expect(Number(read![1])).toBeLessThanOrEqual(64);
      expect(Number(read![2])).toBeLessThanOrEqual(1024);
      if (args.includes('--json')) expect(() => JSON.parse(run.stdout)).not.toThrow();
      // The command's own footprint (Node, tsx, the app's modules) plus what it read: far from the 10 GiB.
      expect(run.maxRssBytes).toBeLessThan(512 * MiB);
    }
  });

  it('10 GiB of blank lines in 10 MB: refused at the 10,001st blank line, compressed or not', async () => {
    const path = join(dir, 'blank-lines.json.gz');
    const made = await writeRepeatedGzip(path, snapshotOpening() + tinyRecord(1), '\n'.repeat(MiB), 10_240);
    expect(made.stored).toBeLessThan(12 * MiB);
    const run = await runCommand('inspect', path);
    expectCleanRefusal(run, 'blank-lines.json.gz');
    expect(run.stderr).toContain('line 10003: has more than 10,000 blank lines');
    expect(run.maxRssBytes).toBeLessThan(512 * MiB);

    const plain = join(dir, 'blank-lines.json');
    writeFileSync(plain, `${snapshotOpening()}${tinyRecord(1).slice(0, -2)}\n${'\n'.repeat(20_000)}]}\n`);
    const blank = await runCommand('inspect', plain);
    expectCleanRefusal(blank, 'blank-lines.json');
    expect(blank.stderr).toContain('line 10003: has more than 10,000 blank lines');
  });

  it('a 5 GiB sparse file: refused by its size before it is read', async () => {
    const path = join(dir, 'sparse.json.gz');
    await sparseFile(path, 5 * 1024 * MiB);
    const run = await runCommand('inspect', path);
    expectCleanRefusal(run, 'sparse.json.gz');
    expect(run.maxRssBytes).toBeLessThan(512 * MiB);
  });

  it('import of a bomb exits 1 and leaves the existing --out byte-identical', async () => {
    const bomb = join(dir, 'tiny-records-import.json.gz');
    await writeRepeatedGzip(bomb, snapshotOpening(), tinyRecords(10_000, false), 2000);
    const out = join(dir, 'kept.json.gz');
    writeFileSync(out, 'the old snapshot');
    const run = await runCommand('import', bomb, '--out', out);
    expectCleanRefusal(run, 'tiny-records-import.json.gz');
    expect(run.stderr).toContain('was not written');
    expect(readFileSync(out, 'utf8')).toBe('the old snapshot');
  });
});

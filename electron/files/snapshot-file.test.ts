import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/base/errors.ts';
import type { RawRecord, SnapshotContent } from '../../shared/model/index.ts';
import { SnapshotError } from '../../shared/snapshot/index.ts';
import { fixturePath, fixtureText } from '../../test/support/fixtures.ts';
import { readSnapshotFile, writeSnapshotFile } from './snapshot-file.ts';

const json = (path: string): Record<string, unknown> => JSON.parse(fixtureText(path)) as Record<string, unknown>;
const list = (value: unknown): readonly Record<string, unknown>[] => value as Record<string, unknown>[];

/** A snapshot of real public documents, one source per fixture file, every record kind but metrics. */
function fixtureContent(): SnapshotContent {
  const files = [
    'aws-iatk/go_test_documents_as_BatchGetTraces.json',
    'aws-cli-examples/batch-get-traces_output.json',
    'aws-reference-appendices/get-trace-summaries.json',
    'aws-reference-appendices/get-service-graph.json',
    'aws-cli-examples/lookup-events_output.json',
    'stratus-red-team/aws.persistence.lambda-overwrite-code.json',
    'cloud-custodian-cwe/event-cloud-trail-create-rest-stage.json',
  ];
  const records: RawRecord[] = [];
  for (const trace of [...list(json(files[0] as string)['Traces']), ...list(json(files[1] as string)['Traces'])]) {
    for (const segment of list(trace['Segments'])) records.push({ kind: 'xray.segment', source: records.length < 10 ? 0 : 1, doc: JSON.parse(segment['Document'] as string) });
  }
  for (const summary of list(json(files[2] as string)['TraceSummaries'])) records.push({ kind: 'xray.summary', source: 2, doc: summary });
  records.push({ kind: 'xray.serviceGraph', source: 3, doc: json(files[3] as string) });
  for (const event of list(json(files[4] as string)['Events'])) records.push({ kind: 'cloudtrail.lookupEvent', source: 4, doc: event });
  for (const record of list(json(files[5] as string))) records.push({ kind: 'cloudtrail.record', source: 5, doc: record });
  records.push({ kind: 'cloudtrail.eventBridge', source: 6, doc: json(files[6] as string) });
  return {
    header: {
      format: 'trace-explorer-snapshot',
      version: 1,
      provenance: {
        sources: files.map((name) => ({ name, format: 'fixture', bytes: statSync(fixturePath(name)).size, importedAt: '2024-05-24T10:00:00.000Z' })),
        accountIds: ['123456789012'],
        regions: ['us-east-1', 'ap-westeast-2r'],
        window: { start: '2024-05-24T09:00:00.000Z', end: '2024-05-24T10:00:00.000Z' },
        queries: [{ FilterExpression: 'fault = true', GroupName: 'Default' }],
        sampling: 'none',
        appVersion: '0.1.0',
        createdAt: '2024-05-24T10:05:00.000Z',
      },
      gaps: [{ kind: 'notFetched', what: 'metrics', detail: 'not asked for' }],
      notes: { summary: 'Überblick: 5xx nach Deploy — 見る', bookmarks: [{ id: 'b1', target: { kind: 'trace', ref: '1-64de5070-34ff53fe0d2e1fbe64b28bef' }, comment: 'first fault', createdAt: '2024-05-24T10:06:00.000Z' }] },
    },
    records,
  };
}

async function rejection<E>(promise: Promise<unknown>): Promise<E> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as E,
  );
}

const folder = (): string => mkdtempSync(join(tmpdir(), 'snapshot-file-'));
const hasJq = (() => {
  try {
    execFileSync('jq', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

describe('writeSnapshotFile + readSnapshotFile', () => {
  it('round-trips real AWS documents through a .json.gz file', async () => {
    const content = fixtureContent();
    expect(content.records.length).toBeGreaterThan(10);
    const path = join(folder(), 'incident.json.gz');
    await writeSnapshotFile(path, content);
    expect(await readSnapshotFile(path)).toEqual(content);
    expect(readdirSync(join(path, '..'))).toStrictEqual(['incident.json.gz']);
  });

  it('writes gzip that zcat turns into one JSON value holding the content', async () => {
    const content = fixtureContent();
    const path = join(folder(), 'incident.json.gz');
    await writeSnapshotFile(path, content);
    const parsed = JSON.parse(execFileSync('zcat', [path], { maxBuffer: 1 << 28 }).toString('utf8'));
    const { format, version, ...header } = content.header;
    expect(parsed).toEqual({ format, version, header, records: content.records });
  });

  it.skipIf(!hasJq)('is readable with zcat | jq', async () => {
    const content = fixtureContent();
    const path = join(folder(), 'incident.json.gz');
    await writeSnapshotFile(path, content);
    const kinds = execFileSync('sh', ['-c', `zcat "$1" | jq -c '[.records[].kind] | group_by(.) | map({(.[0]): length}) | add'`, 'sh', path]).toString();
    const expected: Record<string, number> = {};
    for (const record of content.records) expected[record.kind] = (expected[record.kind] ?? 0) + 1;
    expect(JSON.parse(kinds)).toStrictEqual(expected);
  });

  it('reads a plain (uncompressed) snapshot file too', async () => {
    const content = fixtureContent();
    const dir = folder();
    await writeSnapshotFile(join(dir, 'a.json.gz'), content);
    writeFileSync(join(dir, 'plain.json'), execFileSync('zcat', [join(dir, 'a.json.gz')]));
    expect(await readSnapshotFile(join(dir, 'plain.json'))).toEqual(content);
  });

  it('keeps the mode of the file it replaces', async () => {
    const path = join(folder(), 'private.json.gz');
    await writeSnapshotFile(path, fixtureContent());
    chmodSync(path, 0o600);
    await writeSnapshotFile(path, fixtureContent());
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('writeSnapshotFile is atomic', () => {
  it('leaves the old file byte-identical and no temporary file when writing fails part-way', async () => {
    const dir = folder();
    const path = join(dir, 'incident.json.gz');
    await writeSnapshotFile(path, fixtureContent());
    const before = readFileSync(path);
    let seenWhileWriting: string[] = [];
    const filler = Array.from({ length: 3000 }, (_, i): RawRecord => ({ kind: 'xray.segment', source: 0, doc: { id: i, pad: `${i}`.repeat(500) } }));
    const failing: RawRecord = {
      kind: 'xray.segment',
      source: 0,
      doc: {
        toJSON() {
          seenWhileWriting = readdirSync(dir);
          throw new Error('simulated failure while writing');
        },
      },
    };
    const content = fixtureContent();
    await expect(writeSnapshotFile(path, { ...content, records: [...filler, failing] })).rejects.toThrow('records[3000].doc: cannot be written: simulated failure while writing');
    // The failure struck after megabytes had gone to a temporary file beside the target.
    expect(seenWhileWriting).toHaveLength(2);
    const temporary = seenWhileWriting.find((name) => name !== 'incident.json.gz') as string;
    expect(temporary).toMatch(/^\.incident\.json\.gz\.[0-9a-f]{12}\.tmp$/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(dir)).toStrictEqual(['incident.json.gz']);
  });

  it('leaves the old file intact when the writing process is killed mid-write', async () => {
    const dir = folder();
    const path = join(dir, 'incident.json.gz');
    await writeSnapshotFile(path, fixtureContent());
    const before = readFileSync(path);
    const module = new URL('./snapshot-file.ts', import.meta.url).pathname;
    const script = `
      import { writeSnapshotFile } from ${JSON.stringify(module)};
      const records = Array.from({ length: 2_000_000 }, (_, i) => ({ kind: 'xray.segment', source: 0, doc: { id: i, name: 'n' + Math.random() } }));
      await writeSnapshotFile(${JSON.stringify(path)}, { header: { format: 'trace-explorer-snapshot', version: 1, provenance: { sources: [{ name: 's', format: 'f', importedAt: 't' }], accountIds: [], regions: [], queries: [], appVersion: '1', createdAt: 't' }, gaps: [], notes: { summary: '', bookmarks: [] } }, records });`;
    const repository = new URL('../..', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'ignore', cwd: repository });
    let running = true;
    const exited = new Promise((resolve) => child.on('exit', resolve)).finally(() => (running = false));
    let temporaryGrew = false;
    // Until the temporary file has grown, or the writer has ended (then the test fails below).
    while (running && !temporaryGrew) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      const temporary = readdirSync(dir).find((name) => name.endsWith('.tmp'));
      temporaryGrew = temporary !== undefined && existsSync(join(dir, temporary)) && statSync(join(dir, temporary)).size > 64 * 1024;
    }
    child.kill('SIGKILL');
    await exited;
    expect(temporaryGrew).toBe(true);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(await readSnapshotFile(path)).toEqual(fixtureContent());
  }, 60_000);

  it('names the target when its folder does not exist', async () => {
    const path = join(folder(), 'missing', 'x.json.gz');
    const error = await writeSnapshotFile(path, fixtureContent()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('notFound');
    expect((error as AppError).message).toBe(`${path}: cannot write the snapshot there (its folder does not exist)`);
  });
});

describe('readSnapshotFile refusals', () => {
  it('a missing file, a folder, and a file over the compressed cap (checked before reading)', async () => {
    const dir = folder();
    const missing = await rejection<AppError>(readSnapshotFile(join(dir, 'nope.json.gz')));
    expect(missing.kind).toBe('notFound');
    expect(missing.message).toBe(`${join(dir, 'nope.json.gz')}: no such file`);
    await expect(readSnapshotFile(dir)).rejects.toThrow(/: is not a file$/);
    const path = join(dir, 'big.json.gz');
    await writeSnapshotFile(path, fixtureContent());
    await expect(readSnapshotFile(path, { limits: { maxCompressedBytes: 1000 } })).rejects.toThrow(/^big\.json\.gz: is .+ KiB, larger than the 1000 B limit for a snapshot file$/);
  });

  it('a file truncated on disk', async () => {
    const path = join(folder(), 'cut.json.gz');
    await writeSnapshotFile(path, fixtureContent());
    truncateSync(path, Math.floor(statSync(path).size * 0.6));
    const error = await rejection<SnapshotError>(readSnapshotFile(path));
    expect(error).toBeInstanceOf(SnapshotError);
    expect(error.kind).toBe('corrupt');
    expect(error.message).toMatch(/^cut\.json\.gz: truncated gzip: /);
  });

  it('a decompression bomb, stopped at the cap', async () => {
    const path = join(folder(), 'bomb.json.gz');
    const opening = '{"format":"trace-explorer-snapshot","version":1,"header":{"provenance":{"sources":[],"accountIds":[],"regions":[],"queries":[],"appVersion":"1","createdAt":"t"},"gaps":[],"notes":{"summary":"","bookmarks":[]}},"records":[\n';
    writeFileSync(path, gzipSync(Buffer.concat([Buffer.from(opening), Buffer.alloc(64 * 1024 * 1024, 0x20)])));
    expect(statSync(path).size).toBeLessThan(200 * 1024);
    await expect(readSnapshotFile(path, { limits: { maxDecompressedBytes: 8 * 1024 * 1024 } })).rejects.toThrow('bomb.json.gz: is larger than the 8 MiB limit once decompressed');
  });

  it('a real CloudTrail log file is named as not a snapshot', async () => {
    await expect(readSnapshotFile(fixturePath('cloudtrail-processing-library/SerializerTestFileCompact.json.gz'))).rejects.toThrow(
      /^SerializerTestFileCompact\.json\.gz: not a Trace Explorer snapshot: it is JSON that starts with `\{"Records":/,
    );
  });
});

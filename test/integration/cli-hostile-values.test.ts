/**
 * Values that are valid JSON but not what they claim (issue 8, "Bounds"): finite times no date can
 * hold, an end before its start, and a snapshot whose record cannot be written back. Each is
 * named with its file and path; none is an internal error, none costs the other files, and an
 * existing --out is only ever replaced by a complete snapshot.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readSnapshotFile, writeSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { openInputs } from '../../shared/incident/open-inputs.ts';
import { encodeSnapshot } from '../../shared/snapshot/index.ts';
import type { SnapshotContent } from '../../shared/model/index.ts';
import { fixtureBytes, fixturePath } from '../support/fixtures.ts';
import { inspectJson, runCli } from './cli-run.ts';

const work = mkdtempSync(join(tmpdir(), 'te-values-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const GOOD = fixturePath('aws-cli-examples/batch-get-traces_output.json');
const TRACE = '1-5f29ab21-d4ebf299219a65bd5c31d6da';
const segment = (id: string, extra: Record<string, unknown> = {}) => ({ id, trace_id: TRACE, name: 'orders', start_time: 1_700_000_000, end_time: 1_700_000_001, ...extra });
const file = (name: string, value: unknown): string => {
  const path = join(work, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};
const NOT_A_TIME = 'is not a time: epoch seconds a date can hold are within ±8.64e+12';

describe('a finite time no date can hold', () => {
  it('skips the segment with its field named, and the other files are read', async () => {
    const far = file('far-end.json', segment('1111111111111111', { end_time: 1e20 }));
    const { code, summary } = await inspectJson(GOOD, far);
    expect(code).toBe(0);
    expect(summary.traces).toBe(1);
    expect(summary.problems).toEqual([{ file: far, message: `\`end_time\` 100000000000000000000 ${NOT_A_TIME}; the document \`1111111111111111\` is skipped` }]);
    // The window is the good file's alone: nothing of the skipped document counts.
    expect([summary.start, summary.end]).toEqual([(await inspectJson(GOOD)).summary.start, (await inspectJson(GOOD)).summary.end]);
  });

  it('alone, it is "nothing could be read" naming the file, as one JSON object and a non-zero exit', async () => {
    const far = file('far-start.json', segment('2222222222222222', { start_time: -1e15 }));
    const { code, summary } = await inspectJson(far);
    expect(code).toBe(1);
    expect(summary.problems).toHaveLength(1);
    expect(summary.problems[0]!.message).toBe(`Nothing could be read. ${far}: \`start_time\` -1000000000000000 ${NOT_A_TIME}; the document \`2222222222222222\` is skipped`);
    const text = await runCli('inspect', far);
    expect(text.code).toBe(1);
    expect(text.stderr).not.toMatch(/internal error|Invalid time value/);
  });

  it('skips a nested subsegment with such an end, as the assembler does (the segment stays)', async () => {
    const nested = file('far-nested.ndjson', `${JSON.stringify(segment('3333333333333333', { subsegments: [{ id: 'a1', name: 'DynamoDB', start_time: 1_700_000_000.1, end_time: 1e20 }] }))}\n${JSON.stringify(segment('4444444444444444'))}\n`);
    const { code, summary } = await inspectJson(nested);
    expect(code).toBe(0);
    expect(summary).toMatchObject({ segments: 2, subsegments: 0 });
    expect(summary.problems).toEqual([{ file: nested, at: 'line 1: subsegments[0]', message: `\`end_time\` 100000000000000000000 ${NOT_A_TIME}; the subsegment is skipped` }]);
  });

  it('makes a CloudTrail record or a lookup event unreadable, by name', async () => {
    const record = { eventVersion: '1.08', eventID: 'e-1', eventName: 'UpdateFunctionConfiguration20150331v2', eventSource: 'lambda.amazonaws.com', eventTime: 1e20 };
    const lookup = { EventId: 'e-2', EventName: 'GetFunction20150331v2', EventTime: 1e20, CloudTrailEvent: JSON.stringify({ eventID: 'e-2', eventName: 'GetFunction20150331v2', eventSource: 'lambda.amazonaws.com' }) };
    const path = file('far-cloudtrail.ndjson', `${JSON.stringify(record)}\n${JSON.stringify({ Events: [lookup] })}\n`);
    const { code, summary } = await inspectJson(path, GOOD);
    expect(code).toBe(0);
    expect(summary.events).toBe(0);
    expect(summary.problems).toEqual([
      { file: path, at: 'line 1', message: 'record with an unreadable eventTime 100000000000000000000' },
      { file: path, at: 'line 2: Events[0].CloudTrailEvent', message: 'lookup event with no readable time (eventTime undefined, EventTime 100000000000000000000)' },
    ]);
  });

  it('in a snapshot made elsewhere: inspect, import and the open of the worker (bytes) all answer, none throws', async () => {
    const hostile = join(work, 'hostile.json.gz');
    const content: SnapshotContent = {
      header: { format: 'trace-explorer-snapshot', version: 1, provenance: { sources: [{ name: 'elsewhere', format: 'x', importedAt: '2023-11-14T22:13:20.000Z' }], accountIds: [], regions: [], queries: [], appVersion: 't', createdAt: '2023-11-14T22:13:20.000Z' }, gaps: [], notes: { summary: '', bookmarks: [] } },
      records: [{ kind: 'xray.segment', source: 0, doc: segment('5555555555555555') }, { kind: 'xray.segment', source: 0, doc: { ...segment('6666666666666666', { end_time: 1e20 }), trace_id: '1-5f29ab21-00000000000000000000000a' } }],
    };
    await writeSnapshotFile(hostile, content);
    const { code, summary } = await inspectJson(hostile);
    expect(code).toBe(0);
    expect(summary).toMatchObject({ traces: 2, segments: 2, start: '2023-11-14T22:13:20.000Z' });
    const out = join(work, 'from-hostile.json.gz');
    const run = await runCli('import', hostile, '--out', out);
    expect(run.code).toBe(0);
    expect((await readSnapshotFile(out)).records).toEqual(content.records);
    const opened = await openInputs([{ name: 'hostile.json.gz', bytes: new Uint8Array(readFileSync(hostile)) }, { name: 'batch.json', bytes: fixtureBytes('aws-cli-examples/batch-get-traces_output.json') }]);
    expect(opened.dataset.traces).toHaveLength(3);
  });
});

describe('an end before the start', () => {
  it('is reported with its path and kept, and the time span printed starts no later than it ends', async () => {
    const path = file('backwards.json', segment('7777777777777777', { start_time: 1_700_000_005, end_time: 1_700_000_002 }));
    const { code, summary } = await inspectJson(path);
    expect(code).toBe(0);
    expect(summary).toMatchObject({ traces: 1, segments: 1 });
    expect(summary.problems).toEqual([{ file: path, at: 'end_time', message: '`end_time` 1700000002 is before `start_time` 1700000005; kept as it is, its duration is negative' }]);
    expect(summary.start).toBe('2023-11-14T22:13:25.000Z');
    expect(Date.parse(summary.end ?? '')).toBeGreaterThanOrEqual(Date.parse(summary.start ?? ''));
  });
});

describe('a record that cannot be written back', () => {
  it('fails the import naming the file it came from, and leaves the existing --out byte for byte', async () => {
    // 3,300,000 × `1e20` is a 16 MB line a reader accepts; written back by JSON.stringify, each is 21 digits: 70 MB.
    const base: SnapshotContent = {
      header: { format: 'trace-explorer-snapshot', version: 1, provenance: { sources: [{ name: 'numbers-from-elsewhere', format: 'x', importedAt: '2024-01-01T00:00:00.000Z' }], accountIds: [], regions: [], queries: [], appVersion: 't', createdAt: '2024-01-01T00:00:00.000Z' }, gaps: [], notes: { summary: '', bookmarks: [] } },
      records: [{ kind: 'xray.segment', source: 0, doc: segment('8888888888888888') }],
    };
    const [opening] = [...encodeSnapshot(base)];
    const huge = `{"kind":"xray.segment","source":0,"doc":{"id":"9999999999999999","trace_id":"${TRACE}","name":"n","start_time":1,"end_time":2,"metadata":{"n":[${Array(3_300_000).fill('1e20').join(',')}]}}}`;
    const snapshot = join(work, 'numbers.json.gz');
    writeFileSync(snapshot, gzipSync(`${opening}${huge}\n]}\n`));
    const out = join(work, 'kept-numbers.json.gz');
    await runCli('import', GOOD, '--out', out);
    const before = readFileSync(out);
    const run = await runCli('import', snapshot, '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: cannot write ${out}: the document at records[0] (from numbers-from-elsewhere) cannot be written: its JSON is larger than the 64 MiB limit for one record. Nothing was written.\n`);
    expect(readFileSync(out).equals(before)).toBe(true);
  }, 120_000);
});

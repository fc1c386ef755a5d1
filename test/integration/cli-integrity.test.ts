/**
 * Integrity on the command line (issue 8, "Integrity and output", and issue 9's de-duplication):
 * a forged document under a real document's id is reported and cannot hide a change, the same
 * event seen twice counts once in exactly one place, and text from the files never reaches the
 * terminal as control characters. Inputs are the public fixtures, changed here the way a forger
 * or a careless tool would.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { fixturePath, fixtureText } from '../support/fixtures.ts';
import { inspectJson, runCli } from './cli-run.ts';

const work = mkdtempSync(join(tmpdir(), 'te-integrity-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The real write: Stratus Red Team's UpdateFunctionCode, a configuration change by aws-reference.md §6. */
const REAL = fixturePath('stratus-red-team/aws.persistence.lambda-overwrite-code.json');
const realRecord = (JSON.parse(fixtureText('stratus-red-team/aws.persistence.lambda-overwrite-code.json')) as Record<string, unknown>[])[0]!;

/** A LookupEvents file holding `record` as LookupEvents returns it (CloudTrailEvent a JSON string). */
function lookupFile(name: string, record: Record<string, unknown>): string {
  const path = join(work, name);
  const item = { EventId: record.eventID, EventName: record.eventName, ReadOnly: String(record.readOnly), EventTime: record.eventTime, EventSource: record.eventSource, Resources: [], CloudTrailEvent: JSON.stringify(record) };
  writeFileSync(path, JSON.stringify({ Events: [item] }, null, 2));
  return path;
}

/** The forgery: a read (GetFunction) under the real event's eventID, listed before it. */
const FORGED = lookupFile('forged-lookup.json', { ...realRecord, eventName: 'GetFunction20150331v2', readOnly: true, responseElements: null });

describe('the same id with different content', () => {
  it('a forged read under the eventID of a real write never hides the change, in either order, and names both files', async () => {
    const alone = await inspectJson(REAL);
    expect(alone.summary).toMatchObject({ events: 1, writeEvents: 1, changes: 1 });
    for (const order of [[FORGED, REAL], [REAL, FORGED]]) {
      const { code, summary } = await inspectJson(...order);
      expect(code).toBe(0);
      expect(summary).toMatchObject({ events: 1, writeEvents: 1, changes: 1 });
      const conflicts = summary.problems.filter((p) => p.message.startsWith(`same eventID ${String(realRecord.eventID)} `));
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]!.file).toBe(order[1]);
      expect(conflicts[0]!.message).toContain(`as ${order[0]} (records[`);
      expect(conflicts[0]!.message).toMatch(/with different content .*: the write is kept over the read, UpdateFunctionCode20150331v2 from /);
    }
  });

  it('a segment id reused with other content is reported naming both files; the first one is kept', async () => {
    const doc = { id: '5555555555555555', trace_id: '1-5f29ab21-d4ebf299219a65bd5c31d6da', name: 'orders-api', start_time: 1_700_000_000, end_time: 1_700_000_001 };
    const first = join(work, 'first-segment.json');
    const second = join(work, 'second-segment.json');
    writeFileSync(first, JSON.stringify(doc));
    writeFileSync(second, JSON.stringify({ ...doc, name: 'impostor', fault: true }));
    const { summary } = await inspectJson(first, second);
    expect(summary).toMatchObject({ traces: 1, segments: 1, faultTraces: 0 });
    expect(summary.services.map((s) => s.name)).toContain('orders-api');
    expect(summary.problems).toEqual([
      { file: second, message: `same segment id 5555555555555555 (trace 1-5f29ab21-d4ebf299219a65bd5c31d6da) as in ${first}, with different content; the first one is kept` },
    ]);
  });
});

describe('the same event counts once, in one place', () => {
  it('an event in two wrappers (a LookupEvents item and the S3 record) is one event and no problem; the snapshot keeps both documents', async () => {
    const wrapped = lookupFile('same-lookup.json', realRecord);
    const { summary } = await inspectJson(wrapped, REAL);
    expect(summary).toMatchObject({ events: 1, changes: 1, problems: [] });
    const out = join(work, 'both-wrappers.json.gz');
    const run = await runCli('import', wrapped, REAL, '--out', out);
    expect(run.stdout).toMatch(/: 2 documents from 2 files \(0 traces, 1 CloudTrail event, 1 duplicate counted once\)/);
  });

  it('a snapshot that holds one event twice, opened on its own (no merging), counts it once', async () => {
    const path = join(work, 'twice.json.gz');
    const source = { name: 'hand-made', format: 'test', importedAt: '2024-08-01T14:00:00.000Z' };
    const header = { format: 'trace-explorer-snapshot' as const, version: 1, provenance: { sources: [source], accountIds: [], regions: [], queries: [], appVersion: 't', createdAt: source.importedAt }, gaps: [], notes: { summary: '', bookmarks: [] } };
    const item = JSON.parse(readFileSync(lookupFile('for-snapshot.json', realRecord), 'utf8')).Events[0];
    await writeSnapshotFile(path, { header, records: [{ kind: 'cloudtrail.record', source: 0, doc: realRecord }, { kind: 'cloudtrail.lookupEvent', source: 0, doc: item }] });
    const { summary } = await inspectJson(path);
    expect(summary).toMatchObject({ events: 1, changes: 1, problems: [] });
  });
});

describe('text from the files reaches the terminal escaped', () => {
  const hostileName = 'orders\u001b]0;owned\u0007\u001b[2J\u001b]52;c;Y3VybCBldmlsIHwgc2g=\u0007';
  const forgedLine = 'api\r\nCloudTrail: 0 events\u009b31m';
  const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

  it('service names and file names with escape sequences print as visible escapes, on stdout and stderr', async () => {
    const path = join(work, 'hostile.json');
    const doc = { id: '6666666666666666', trace_id: '1-5f29ab21-d4ebf299219a65bd5c31d6da', name: hostileName, start_time: 1_700_000_000, end_time: 1_700_000_001, subsegments: [{ id: '7777777777777777', name: forgedLine, namespace: 'remote', start_time: 1_700_000_000.1, end_time: 1_700_000_000.5 }] };
    writeFileSync(path, JSON.stringify(doc));
    const badName = join(work, 'bad\u001b[31mname.json');
    writeFileSync(badName, '{"eventVersion": "1.08", "eventID": "x"');
    const run = await runCli('inspect', path, badName);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(controls);
    expect(run.stderr).not.toMatch(controls);
    expect(run.stdout).toContain('orders\\x1b]0;owned\\x07\\x1b[2J\\x1b]52;c;Y3VybCBldmlsIHwgc2g=\\x07');
    expect(run.stdout).toContain('api\\r\\nCloudTrail: 0 events\\x9b31m');
    expect(run.stdout).toContain('bad\\x1b[31mname.json');
    const json = await runCli('inspect', path, '--json');
    expect(json.stdout.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    const names = (JSON.parse(json.stdout) as { services: { name: string }[] }).services.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining([hostileName, forgedLine]));
  });
});

describe('text files in UTF-16, as Windows PowerShell 5 writes them', () => {
  const encode = (text: string, form: 'le-bom' | 'be-bom' | 'le'): Buffer => {
    const le = Buffer.from(text.replace(/\n/g, '\r\n'), 'utf16le');
    if (form === 'le') return le;
    if (form === 'le-bom') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
    const be = Buffer.from(le);
    be.swap16();
    return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
  };

  it('reads UTF-16 LE with a BOM and CRLF lines, UTF-16 BE with a BOM, and BOM-less UTF-16 LE as the UTF-8 file', async () => {
    for (const fixture of ['aws-cli-examples/lookup-events_output.json', 'otel-contrib-awsxray/udp-datagram-with-header/ddbSample.txt', 'aws-iatk/go_test_documents_as_BatchGetTraces.json']) {
      const { problems: _p, ...expected } = (await inspectJson(fixturePath(fixture))).summary;
      for (const form of ['le-bom', 'be-bom', 'le'] as const) {
        const path = join(work, `${fixture.replace(/\//g, '_')}.${form}`);
        writeFileSync(path, encode(fixtureText(fixture), form));
        const { code, summary } = await inspectJson(path);
        expect(code, `${fixture} as ${form}`).toBe(0);
        const { problems, ...counts } = summary;
        expect(counts, `${fixture} as ${form}`).toEqual(expected);
        expect(problems).toEqual([]);
      }
    }
  });
});

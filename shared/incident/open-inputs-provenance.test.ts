import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureText } from '../../test/support/fixtures.ts';
import { SKIPPED_SUBSEGMENT } from '../dataset/index.ts';
import { encodeSnapshot } from '../snapshot/index.ts';
import { openInputs, type InputFile } from './open-inputs.ts';

const CREATED = '2026-01-01T00:00:00.000Z';
const file = (path: string): InputFile => ({ name: path, bytes: fixtureBytes(path) });
const text = (name: string, value: string): InputFile => ({ name, bytes: new TextEncoder().encode(value) });

// One CloudTrail record each: DeleteTrail in megov-westwest-1r for 847129010505, StopLogging in
// apiso-centralnorth-2r for 143434273843. The aws-iatk trace names account 012345678901 in us-east-1
// (its Lambda function's ARN; the stage's ARN, arn:aws:apigateway:us-east-1::/restapis/…, has none).
const DELETE = 'stratus-red-team/aws.defense-evasion.cloudtrail-delete.json';
const STOP = 'stratus-red-team/aws.defense-evasion.cloudtrail-stop.json';
const IATK = 'aws-iatk/go_test_documents_as_BatchGetTraces.json';

describe('openInputs provenance of merged files', () => {
  it('names each file with its format, its size on disk and when it was imported; accounts and Regions sorted', async () => {
    const opened = await openInputs([file(IATK), file(DELETE), file(STOP)], { createdAt: CREATED, appVersion: '9.9.9' });
    const { provenance } = opened.content.header;
    expect(provenance.sources).toEqual([
      { name: IATK, format: 'xray.batchGetTraces', bytes: 6612, importedAt: CREATED },
      { name: DELETE, format: 'cloudtrail.records', bytes: 1233, importedAt: CREATED },
      { name: STOP, format: 'cloudtrail.records', bytes: 1239, importedAt: CREATED },
    ]);
    expect(provenance.accountIds).toEqual(['012345678901', '143434273843', '847129010505']);
    expect(provenance.regions).toEqual(['apiso-centralnorth-2r', 'megov-westwest-1r', 'us-east-1']);
    expect([provenance.appVersion, provenance.createdAt]).toEqual(['9.9.9', CREATED]);
  });

  it('leaves out an event that names no account or Region', async () => {
    const [record] = JSON.parse(fixtureText(DELETE)) as Record<string, unknown>[];
    const { awsRegion: _region, recipientAccountId: _account, userIdentity: _identity, ...bare } = record!;
    const opened = await openInputs([file(STOP), text('bare.json', JSON.stringify([{ ...bare, eventID: 'bare-1' }]))], { createdAt: CREATED });
    expect(opened.dataset.events).toHaveLength(2);
    expect(opened.content.header.provenance.accountIds).toEqual(['143434273843']);
    expect(opened.content.header.provenance.regions).toEqual(['apiso-centralnorth-2r']);
  });

  it('keeps a file that failed half-way among the sources, its format unknown', async () => {
    const broken: InputFile = {
      name: 'broken.json',
      // Past the first KiB, which is read to tell what the file is: the import itself fails.
      async *chunks() {
        yield new TextEncoder().encode(`{"Traces": [${' '.repeat(2048)}`);
        throw new TypeError('x is not a function');
      },
    };
    const opened = await openInputs([file(STOP), broken], { createdAt: CREATED });
    expect(opened.content.header.provenance.sources).toEqual([
      { name: STOP, format: 'cloudtrail.records', bytes: 1239, importedAt: CREATED },
      { name: 'broken.json', format: 'unknown', importedAt: CREATED },
    ]);
  });

  it('reads a single import file given as a stream that can be read only once', async () => {
    const bytes = fixtureBytes(IATK);
    async function* once() {
      yield bytes;
    }
    const opened = await openInputs([{ name: 'iatk.json', source: once(), size: bytes.length }], { createdAt: CREATED });
    expect(opened.dataset.traces).toHaveLength(3);
  });

  it('counts duplicates of both kinds: an X-Ray segment seen twice and every CloudTrail event of a file read twice', async () => {
    const opened = await openInputs([
      file('otel-contrib-awsxray/ddbSample.txt'),
      file('otel-contrib-awsxray/udp-datagram-with-header/ddbSample.txt'),
      file(STOP),
      { name: 'copy.json', bytes: fixtureBytes(STOP) },
    ]);
    // One segment (88ad1df59cd7a7be) in both X-Ray files; the one StopLogging event in both CloudTrail files.
    expect(opened.duplicates).toBe(2);
  });
});

describe('openInputs problems of merged files', () => {
  // otel ddbSample with its one subsegment's start_time taken out.
  const ddb = JSON.parse(fixtureText('otel-contrib-awsxray/ddbSample.txt')) as { subsegments: Record<string, unknown>[] };
  const broken = structuredClone(ddb);
  delete broken.subsegments[0]!.start_time;

  it('reports a bad subsegment of an imported file once, with its place in the file', async () => {
    const opened = await openInputs([text('bad.json', JSON.stringify(broken)), file(STOP)]);
    expect(opened.problems).toEqual([{ file: 'bad.json', at: 'subsegments[0]', message: 'subsegment without `start_time`; the subsegment is skipped' }]);
  });

  it('keeps the assembly\'s report of a bad subsegment of a snapshot, opened alone or merged', async () => {
    const header = (await openInputs([file(STOP)], { createdAt: CREATED })).content.header;
    const snapshot = text('bad-snapshot.json', [...encodeSnapshot({ header: { ...header, provenance: { ...header.provenance, sources: [{ name: 'bad.json', format: 'xray.segment', importedAt: CREATED }] } }, records: [{ kind: 'xray.segment', source: 0, doc: broken }] })].join(''));
    const expected = [{ file: 'bad.json', at: '88ad1df59cd7a7be.subsegments[0]', message: SKIPPED_SUBSEGMENT }];
    expect((await openInputs([snapshot])).problems).toEqual(expected);
    expect((await openInputs([snapshot, file(STOP)])).problems).toEqual(expected);
  });

  it('lists at most 1,000 skipped items one by one in the gaps, and counts the rest', async () => {
    // segmentValidationFailed.txt is a segment without start_time; as JSON lines, with new ids.
    const invalid = JSON.parse(fixtureText('otel-contrib-awsxray/segmentValidationFailed.txt')) as Record<string, unknown>;
    const lines = (count: number) => Array.from({ length: count }, (_, i) => JSON.stringify({ ...invalid, id: i.toString(16).padStart(16, '0') })).join('\n');
    const exactly = await openInputs([text('bad.jsonl', lines(1000)), file(STOP)]);
    expect(exactly.content.header.gaps).toHaveLength(1000);
    const over = await openInputs([text('bad.jsonl', lines(1002)), file(STOP)]);
    const gaps = over.content.header.gaps;
    expect(over.problems).toHaveLength(1002);
    expect(gaps).toHaveLength(1001);
    expect(gaps[0]).toEqual({ kind: 'skipped', what: 'bad.jsonl', detail: 'line 1: segment without `start_time`; the document `0000000000000000` is skipped' });
    expect(gaps[999]!.detail).toBe('line 1000: segment without `start_time`; the document `00000000000003e7` is skipped');
    expect(gaps[1000]).toEqual({ kind: 'skipped', what: 'import', detail: '2 more skipped items are not listed' });
  });

  it('says the files hold nothing when nothing in them is a document', async () => {
    await expect(openInputs([text('a.json', '[]'), text('b.json', '{}')])).rejects.toThrow(/^Nothing could be read\. a\.json: not a supported format: .*; b\.json: /);
    await expect(openInputs([text('lines.jsonl', '{"Traces": []}')])).rejects.toThrow('Nothing could be read. The files hold no X-Ray or CloudTrail documents.');
  });

  it('names where in the file each skipped document was when nothing could be read', async () => {
    // The aws-cli BatchGetTraces output with start_time taken out of both its segment documents.
    const batch = JSON.parse(fixtureText('aws-cli-examples/batch-get-traces_output.json')) as { Traces: { Segments: { Document: string }[] }[] };
    for (const segment of batch.Traces[0]!.Segments) {
      const { start_time: _start, ...doc } = JSON.parse(segment.Document) as Record<string, unknown>;
      segment.Document = JSON.stringify(doc);
    }
    await expect(openInputs([text('bad.json', JSON.stringify(batch))])).rejects.toThrow(
      'Nothing could be read. bad.json (Traces[0].Segments[0].Document): segment without `start_time`; the document `54aff5735b12dd28` is skipped; ' +
        'bad.json (Traces[0].Segments[1].Document): segment without `start_time`; the document `0f278b6334c34e6b` is skipped',
    );
  });

  it('keeps a conflict between two imported files\' events: a forged read under the real StopLogging\'s eventID', async () => {
    const [stop] = JSON.parse(fixtureText(STOP)) as Record<string, unknown>[];
    const forged = { ...stop, eventName: 'GetTrailStatus', readOnly: true };
    const opened = await openInputs([file(STOP), text('forged.json', JSON.stringify([forged]))]);
    expect(opened.problems.map((p) => [p.file, p.message.split(':')[0]])).toEqual([['forged.json', `same eventID ${String(stop!.eventID)} as ${STOP} (records[0]), with different content (StopLogging there, GetTrailStatus here)`]]);
  });
});

describe('openInputs of a file holding two formats, and of times past what a date holds', () => {
  it('names both formats of a JSON lines file of a segment and a CloudTrail record', async () => {
    const [stop] = JSON.parse(fixtureText(STOP)) as unknown[];
    const segment = JSON.stringify(JSON.parse(fixtureText('otel-contrib-awsxray/ddbSample.txt')));
    const opened = await openInputs([text('mixed.jsonl', `${segment}\n${JSON.stringify(stop)}`)]);
    expect(opened.content.header.provenance.sources.map((s) => s.format)).toEqual(['xray.segment+cloudtrail.record']);
  });

  it('gives no window when the data starts or ends past the dates there are (a snapshot\'s summary lasting 10^13 s)', async () => {
    const base = (await openInputs([file(STOP)], { createdAt: CREATED })).content;
    const { window: _window, ...provenance } = base.header.provenance;
    const snapshot = (name: string, records: typeof base.records) => text(name, [...encodeSnapshot({ header: { ...base.header, provenance }, records })].join(''));
    const far = snapshot('far.json', [{ kind: 'xray.summary', source: 0, doc: { Id: '1-5f29ab21-d4ebf299219a65bd5c31d6da', StartTime: 1700000000, Duration: 1e13 } }]);
    const opened = await openInputs([far, snapshot('events.json', base.records)]);
    expect(opened.problems).toEqual([]);
    expect(opened.content.header.provenance.window).toBeUndefined();
    expect('window' in opened.content.header.provenance).toBe(false);
    // And one that starts 10^13 s before 1970, ending in 2023: no window either.
    const early = snapshot('early.json', [{ kind: 'xray.summary', source: 0, doc: { Id: '1-5f29ab21-d4ebf299219a65bd5c31d6da', StartTime: -1e13, Duration: 1e13 + 1700000000 } }]);
    expect('window' in (await openInputs([early, snapshot('events.json', base.records)])).content.header.provenance).toBe(false);
  });
});


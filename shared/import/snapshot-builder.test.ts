import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from './snapshot-builder.ts';

const meta = { appVersion: 'test', createdAt: '2024-05-24T00:00:00.000Z' };

function metric(dimension: string) {
  return {
    query: { Id: 'm0', MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: [{ Name: 'Stage', Value: dimension }] }, Period: 60, Stat: 'Sum' } },
    result: { Id: 'm0', Label: 'Count', Timestamps: [1, 2], Values: [3, 4], StatusCode: 'Complete' },
  };
}

describe('SnapshotBuilder de-duplication', () => {
  it('keeps metric results of different queries even when ids, labels and timestamps repeat', () => {
    const builder = new SnapshotBuilder();
    const source = builder.addSource({ name: 'a', format: 'x', importedAt: meta.createdAt });
    expect(builder.add('metrics.result', metric('prod'), source)).toBe('added');
    expect(builder.add('metrics.result', metric('beta'), source)).toBe('added');
    expect(builder.add('metrics.result', metric('prod'), source)).toBe('duplicate');
    expect(builder.build(meta).records).toHaveLength(2);
  });

  it('keeps two service graphs of one window that differ, and counts an identical one once', () => {
    const builder = new SnapshotBuilder();
    const graph = (name: string) => ({ StartTime: 1, EndTime: 2, Services: [{ ReferenceId: 0, Name: name }] });
    expect(builder.add('xray.serviceGraph', graph('a'), 0)).toBe('added');
    expect(builder.add('xray.serviceGraph', graph('b'), 0)).toBe('added');
    expect(builder.add('xray.serviceGraph', graph('a'), 0)).toBe('duplicate');
  });

  it('replaces an in-progress segment by its completed version, never the other way round', () => {
    const builder = new SnapshotBuilder();
    const base = { id: '1111111111111111', trace_id: '1-5f29ab21-d4ebf299219a65bd5c31d6da', name: 'x', start_time: 1 };
    expect(builder.add('xray.segment', { ...base, in_progress: true }, 0)).toBe('added');
    expect(builder.add('xray.segment', { ...base, end_time: 2 }, 0)).toBe('replaced');
    expect(builder.add('xray.segment', { ...base, in_progress: true }, 0)).toBe('duplicate');
    expect(builder.build(meta).records.map((r) => (r.doc as { end_time?: number }).end_time)).toEqual([2]);
  });

  it('keeping documents as their text (keepText), decides and builds the same: the listener gets each document, the records give it back', () => {
    const base = { id: '2222222222222222', trace_id: '1-5f29ab21-d4ebf299219a65bd5c31d6da', name: 'x', start_time: 1 };
    const told: unknown[] = [];
    const builder = new SnapshotBuilder({ added: (record) => void told.push(record.doc), replaced: () => undefined }, true);
    const add = (doc: object, text = JSON.stringify(doc)) => builder.add('xray.segment', doc, 0, '', text);
    expect(add({ ...base, in_progress: true })).toBe('added');
    // Same content written another way (other key order, spaces) is the same document.
    expect(add({ ...base, in_progress: true }, ` { "in_progress": true, "start_time": 1, "name": "x", "trace_id": "${base.trace_id}", "id": "${base.id}" } `)).toBe('duplicate');
    expect(add({ ...base, end_time: 2 })).toBe('replaced');
    expect(add({ ...base, end_time: 3 })).toBe('conflict');
    const other = { ...base, id: '3333333333333333', end_time: 5 };
    expect(add(other)).toBe('added');
    expect(builder.problems.map((p) => p.message)).toEqual([`same segment id ${base.id} (trace ${base.trace_id}) as in source 0, with different content; the first one is kept`]);
    const records = builder.build(meta).records;
    expect(records.map((r) => r.doc)).toEqual([{ ...base, end_time: 2 }, other]);
    // Kept as text: the document is parsed again, not the object given (which nothing keeps).
    expect(records[1]!.doc).not.toBe(other);
    expect(told).toEqual([{ ...base, in_progress: true }, other]);
  });

  it('keeps a text with a lone surrogate as the string it is (keepText)', () => {
    const builder = new SnapshotBuilder(undefined, true);
    const doc = { id: '4444444444444444', trace_id: '1-5f29ab21-d4ebf299219a65bd5c31d6da', name: 'lone \ud800', start_time: 1, end_time: 2 };
    // A BatchGetTraces Document string may hold a lone surrogate once its own JSON string is parsed.
    const text = JSON.stringify(doc).replace('\\ud800', '\ud800');
    expect(text).toContain('\ud800');
    builder.add('xray.segment', JSON.parse(text), 0, '', text);
    expect((builder.build(meta).records[0]!.doc as { name: string }).name).toBe('lone \ud800');
  });

  it('merging the same snapshot twice adds its gaps, queries and bookmarks once', () => {
    const builder = new SnapshotBuilder();
    builder.add('xray.summary', { Id: '1-a' }, builder.addSource({ name: 'a', format: 'x', importedAt: meta.createdAt }));
    const content = {
      ...builder.build(meta),
      header: {
        ...builder.build(meta).header,
        gaps: [{ kind: 'failed' as const, what: 'xray.BatchGetTraces', detail: 'throttled' }],
        notes: { summary: 'why', bookmarks: [{ id: 'b1', target: { kind: 'trace' as const, ref: '1-a' }, comment: 'look', createdAt: meta.createdAt }] },
      },
    };
    const merged = new SnapshotBuilder();
    merged.merge(content);
    merged.merge(content);
    const out = merged.build({ ...meta, notes: undefined });
    expect(out.records).toHaveLength(1);
    expect(out.header.gaps).toHaveLength(1);
    expect(out.header.notes.bookmarks).toHaveLength(1);
    expect(out.header.notes.summary).toBe('why');
  });

  it('records account and Region from segment documents', () => {
    const builder = new SnapshotBuilder();
    builder.add('xray.segment', { id: 'a', trace_id: 't', name: 'f', start_time: 1, end_time: 2, resource_arn: 'arn:aws:lambda:eu-west-1:210987654321:function:f', aws: { account_id: '123456789012' } }, 0);
    const { provenance } = builder.build(meta).header;
    expect(provenance.accountIds).toEqual(['123456789012', '210987654321']);
    expect(provenance.regions).toEqual(['eu-west-1']);
  });
});

describe('SnapshotBuilder conflicts', () => {
  const base = { id: '1111111111111111', trace_id: '1-5f29ab21-d4ebf299219a65bd5c31d6da', name: 'x', start_time: 1, end_time: 2 };

  it('reports a segment id held with other content, naming both files and places; the first stays', () => {
    const builder = new SnapshotBuilder();
    const a = builder.addSource({ name: 'a.json', format: 'x', importedAt: meta.createdAt });
    const b = builder.addSource({ name: 'b.json', format: 'x', importedAt: meta.createdAt });
    expect(builder.add('xray.segment', base, a, 'line 3')).toBe('added');
    expect(builder.add('xray.segment', { ...base }, b, 'line 9')).toBe('duplicate');
    expect(builder.add('xray.segment', { ...base, name: 'y' }, b, 'line 10')).toBe('conflict');
    expect(builder.problems).toEqual([
      { file: 'b.json', at: 'line 10', message: 'same segment id 1111111111111111 (trace 1-5f29ab21-d4ebf299219a65bd5c31d6da) as in a.json (line 3), with different content; the first one is kept' },
    ]);
    expect(builder.build(meta).records.map((r) => (r.doc as { name: string }).name)).toEqual(['x']);
  });

  it('a later Revision of a summary supersedes silently; the same Revision with other content is a conflict', () => {
    const builder = new SnapshotBuilder();
    expect(builder.add('xray.summary', { Id: '1-a', Revision: 1, Duration: 1 }, 0)).toBe('added');
    expect(builder.add('xray.summary', { Id: '1-a', Revision: 2, Duration: 2 }, 0)).toBe('replaced');
    expect(builder.add('xray.summary', { Id: '1-a', Revision: 1, Duration: 9 }, 0)).toBe('duplicate');
    expect(builder.add('xray.summary', { Id: '1-a', Revision: 2, Duration: 3 }, 0)).toBe('conflict');
    expect(builder.problems.map((p) => p.message)).toEqual(['same trace summary 1-a and Revision 2 as in source 0, with different content; the first one is kept']);
  });

  it('keeps a sampling rule once per ARN (else name): the later ModifiedAt supersedes, the same ModifiedAt with other content is a conflict', () => {
    const builder = new SnapshotBuilder();
    const rule = (arn: string | undefined, fixedRate: number, modifiedAt: number) => ({
      SamplingRule: { RuleName: 'checkout', ...(arn ? { RuleARN: arn } : {}), Priority: 10, FixedRate: fixedRate, ReservoirSize: 1 },
      CreatedAt: 0,
      ModifiedAt: modifiedAt,
    });
    const east = 'arn:aws:xray:us-east-1:123456789012:sampling-rule/checkout';
    expect(builder.add('xray.samplingRule', rule(east, 0.1, 100), 0)).toBe('added');
    // The same name in another Region is another rule.
    expect(builder.add('xray.samplingRule', rule('arn:aws:xray:eu-west-1:123456789012:sampling-rule/checkout', 0.1, 100), 0)).toBe('added');
    expect(builder.add('xray.samplingRule', rule(east, 0.5, 200), 0)).toBe('replaced');
    expect(builder.add('xray.samplingRule', rule(east, 0.9, 150), 0)).toBe('duplicate');
    expect(builder.add('xray.samplingRule', rule(east, 0.7, 200), 0)).toBe('conflict');
    expect(builder.add('xray.samplingRule', rule(undefined, 0.1, 1), 0)).toBe('added');
    expect(builder.problems.map((p) => p.message)).toEqual([`same sampling rule ${east} and ModifiedAt 200 as in source 0, with different content; the first one is kept`]);
    expect(builder.build(meta).records.map((r) => (r.doc as { SamplingRule: { FixedRate: number } }).SamplingRule.FixedRate)).toEqual([0.5, 0.1, 0.1]);
  });

  it('keeps every CloudTrail document, however often an eventID recurs (the dataset counts each once)', () => {
    const builder = new SnapshotBuilder();
    const record = { eventVersion: '1.08', eventID: 'e-1', eventName: 'GetFunction', eventSource: 'lambda.amazonaws.com', eventTime: '2024-01-01T00:00:00Z' };
    expect(builder.add('cloudtrail.record', record, 0)).toBe('added');
    expect(builder.add('cloudtrail.record', { ...record }, 0)).toBe('added');
    expect(builder.build(meta).records).toHaveLength(2);
  });
});

describe('SnapshotBuilder merging snapshots', () => {
  const trace = '1-5f29ab21-d4ebf299219a65bd5c31d6da';
  const query = { Id: 'm0', MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Latency' }, Period: 60, Stat: 'p99' } };
  /** A snapshot of one source holding one segment named `name`, with a summary note and a query. */
  function snapshot(file: string, name: string, summary: string) {
    const builder = new SnapshotBuilder();
    builder.add('xray.segment', { id: '2222222222222222', trace_id: trace, name, start_time: 1, end_time: 2 }, builder.addSource({ name: file, format: 'xray.segment', importedAt: meta.createdAt }));
    const content = builder.build({ ...meta, queries: [query], notes: { summary, bookmarks: [] } });
    return content;
  }

  it('numbers the second snapshot\'s sources after the first\'s, and names a conflict by file and record', () => {
    const merged = new SnapshotBuilder();
    merged.merge(snapshot('a.json', 'x', 'first'));
    merged.merge({ ...snapshot('b.json', 'y', 'second'), records: [{ kind: 'xray.summary', source: 0, doc: { Id: trace } }, ...snapshot('b.json', 'y', 'second').records] });
    const out = merged.build({ ...meta, notes: undefined });
    expect(out.header.provenance.sources.map((s) => s.name)).toEqual(['a.json', 'b.json']);
    expect(out.records.map((r) => [r.kind, r.source])).toEqual([['xray.segment', 0], ['xray.summary', 1]]);
    expect(merged.problems).toEqual([
      { file: 'b.json', at: 'records[1]', message: `same segment id 2222222222222222 (trace ${trace}) as in a.json (records[0]), with different content; the first one is kept` },
    ]);
    // The first snapshot's summary note stays; the query both name is listed once.
    expect(out.header.notes.summary).toBe('first');
    expect(out.header.provenance.queries).toEqual([query]);
  });

  it('lists no query when none was merged or given, and the given ones after the merged ones', () => {
    expect(new SnapshotBuilder().build(meta).header.provenance.queries).toEqual([]);
    const merged = new SnapshotBuilder();
    merged.merge(snapshot('a.json', 'x', ''));
    const given = { Id: 'm1' };
    expect(merged.build({ ...meta, queries: [given] }).header.provenance.queries).toEqual([query, given]);
  });

  it('completes a source it holds, and ignores a source number it does not', () => {
    const builder = new SnapshotBuilder();
    const first = builder.addSource({ name: 'a.json', format: 'unknown', importedAt: meta.createdAt });
    builder.addSource({ name: 'b.json', format: 'unknown', importedAt: meta.createdAt });
    builder.setSource(first, { name: 'a.json', format: 'xray.segment', bytes: 10, importedAt: meta.createdAt });
    builder.setSource(-1, { name: 'minus.json', format: 'x', importedAt: meta.createdAt });
    builder.setSource(2, { name: 'past.json', format: 'x', importedAt: meta.createdAt });
    expect(builder.build(meta).header.provenance.sources).toEqual([
      { name: 'a.json', format: 'xray.segment', bytes: 10, importedAt: meta.createdAt },
      { name: 'b.json', format: 'unknown', importedAt: meta.createdAt },
    ]);
  });
});

describe('SnapshotBuilder keys', () => {
  const trace = '1-5f29ab21-d4ebf299219a65bd5c31d6da';

  it('names a conflict without a place by its file alone, and a metric result by its kind', () => {
    const builder = new SnapshotBuilder();
    const source = builder.addSource({ name: 'metrics.json', format: 'x', importedAt: meta.createdAt });
    expect(builder.add('metrics.result', metric('prod'), source)).toBe('added');
    const other = metric('prod');
    expect(builder.add('metrics.result', { ...other, result: { ...other.result, Values: [5, 6] } }, source)).toBe('conflict');
    expect(builder.problems).toEqual([{ file: 'metrics.json', message: 'same metrics.result key as in metrics.json, with different content; the first one is kept' }]);
  });

  it('keys a segment by trace and id: the same id in two traces is two segments, a segment without an id is never a duplicate', () => {
    const builder = new SnapshotBuilder();
    const doc = { id: '3333333333333333', name: 'x', start_time: 1, end_time: 2 };
    expect(builder.add('xray.segment', { ...doc, trace_id: trace }, 0)).toBe('added');
    expect(builder.add('xray.segment', { ...doc, trace_id: '1-5f29ab21-000000000000000000000000' }, 0)).toBe('added');
    const { id: _id, ...noId } = doc;
    expect(builder.add('xray.segment', { ...noId, trace_id: trace }, 0)).toBe('added');
    expect(builder.add('xray.segment', { ...noId, trace_id: trace }, 0)).toBe('added');
    // A trace_id that is not text counts as none: these two share a key.
    expect(builder.add('xray.segment', { ...doc, trace_id: 5 }, 0)).toBe('added');
    expect(builder.add('xray.segment', { ...doc, name: 'y' }, 0)).toBe('conflict');
  });

  it('keys a summary by its Id (none: never a duplicate), a time series by its whole content', () => {
    const builder = new SnapshotBuilder();
    expect(builder.add('xray.summary', { Duration: 1 }, 0)).toBe('added');
    expect(builder.add('xray.summary', { Duration: 1 }, 0)).toBe('added');
    const series = { Timestamp: 1, EdgeSummaryStatistics: { TotalCount: 3 } };
    expect(builder.add('xray.timeSeries', series, 0)).toBe('added');
    expect(builder.add('xray.timeSeries', { ...series }, 0)).toBe('duplicate');
  });

  it('adds documents that are not objects, or metric results without a result, as they are, each once', () => {
    const builder = new SnapshotBuilder();
    expect(builder.add('xray.segment', null, 0)).toBe('added');
    expect(builder.add('xray.segment', null, 0)).toBe('added');
    expect(builder.add('metrics.result', { query: { Id: 'm0' } }, 0)).toBe('added');
    expect(builder.add('metrics.result', { query: { Id: 'm0' } }, 0)).toBe('added');
    expect(builder.size).toBe(4);
  });

  it('lets a completed segment marked in_progress false replace the in-progress one; two in-progress versions conflict', () => {
    const builder = new SnapshotBuilder();
    const base = { id: '4444444444444444', trace_id: trace, name: 'x', start_time: 1 };
    expect(builder.add('xray.segment', { ...base, in_progress: true }, 0)).toBe('added');
    expect(builder.add('xray.segment', { ...base, in_progress: true, annotations: { step: 2 } }, 0)).toBe('conflict');
    expect(builder.add('xray.segment', { ...base, in_progress: false, end_time: 2 }, 0)).toBe('replaced');
  });

  it('takes accounts and Regions from segments only, and only the parts an ARN has', () => {
    const builder = new SnapshotBuilder();
    // An S3 bucket's ARN names neither Region nor account; an account_id that is not text is none.
    builder.add('xray.segment', { id: 'b', trace_id: trace, name: 'bucket', start_time: 1, end_time: 2, resource_arn: 'arn:aws:s3:::my-bucket', aws: { account_id: 123456789012 } }, 0);
    builder.add('xray.summary', { Id: trace, resource_arn: 'arn:aws:lambda:eu-west-1:210987654321:function:f', aws: { account_id: '123456789012' } }, 0);
    const { provenance } = builder.build(meta).header;
    expect([provenance.accountIds, provenance.regions]).toEqual([[], []]);
  });
});

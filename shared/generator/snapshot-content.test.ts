import { describe, expect, it } from 'vitest';
import { encodeSnapshot, readSnapshotBytes, SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '../snapshot/index.ts';
import { generateIncident } from './incident.ts';
import { toSnapshotContent } from './snapshot-content.ts';

const incident = generateIncident({ seed: 4, minutes: 20, changeMinute: 10, tracesPerMinute: 12 });
const content = toSnapshotContent(incident);
const kindsOf = (kind: string) => content.records.filter((r) => r.kind === kind);

describe('toSnapshotContent', () => {
  it('keeps every raw document, each parsed from the string AWS sent where it came as one', () => {
    const segments = kindsOf('xray.segment');
    expect(segments.map((r) => r.doc)).toEqual(incident.traces.flatMap((t) => t.Segments.map((s) => JSON.parse(s.Document))));
    expect(kindsOf('xray.summary').map((r) => r.doc)).toEqual(incident.summaries);
    expect(kindsOf('xray.serviceGraph').map((r) => r.doc)).toEqual([incident.serviceGraph]);
    expect(kindsOf('cloudtrail.lookupEvent').map((r) => r.doc)).toEqual(incident.events);
    expect(kindsOf('metrics.result').map((r) => r.doc)).toEqual(incident.metrics.map((m) => ({ query: m.query, result: m.result })));
    expect(kindsOf('xray.samplingRule').map((r) => r.doc)).toEqual(incident.samplingRules);
    expect(content.records).toHaveLength(segments.length + incident.summaries.length + 1 + incident.events.length + 7 + 4);
  });

  it('points each record at its source and describes the capture in the header', () => {
    const { provenance } = content.header;
    const sourceOf = new Map(content.records.map((r) => [r.kind, provenance.sources[r.source]?.format]));
    expect(Object.fromEntries(sourceOf)).toEqual({
      'xray.segment': 'xray.batchGetTraces',
      'xray.summary': 'xray.traceSummaries',
      'xray.serviceGraph': 'xray.serviceGraph',
      'cloudtrail.lookupEvent': 'cloudtrail.lookupEvents',
      'metrics.result': 'cloudwatch.getMetricData',
      'xray.samplingRule': 'xray.samplingRules',
    });
    expect(content.header).toMatchObject({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, gaps: [], notes: { summary: '', bookmarks: [] } });
    expect(provenance).toMatchObject({
      accountIds: ['123456789012'],
      regions: ['us-east-1'],
      window: { start: new Date(incident.window.start * 1000).toISOString(), end: new Date(incident.window.end * 1000).toISOString() },
      appVersion: 'generator',
      createdAt: new Date(incident.window.end * 1000).toISOString(),
    });
    expect(provenance.sources.every((s) => s.importedAt === provenance.createdAt)).toBe(true);
    expect(provenance.queries.map((q) => q.api)).toContain('cloudtrail.LookupEvents');
  });

  it('takes the app version and time it is given, and adds us-east-1 for IAM events of other Regions', () => {
    const other = toSnapshotContent(generateIncident({ minutes: 5, changeMinute: 2, tracesPerMinute: 2, region: 'eu-central-1' }), { appVersion: '1.2.3', createdAt: '2024-06-01T00:00:00.000Z' });
    expect(other.header.provenance).toMatchObject({ appVersion: '1.2.3', createdAt: '2024-06-01T00:00:00.000Z', regions: ['eu-central-1', 'us-east-1'] });
  });

  it('writes a snapshot the snapshot reader accepts and reads back unchanged', async () => {
    const text = [...encodeSnapshot(content)].join('');
    const read = await readSnapshotBytes(new TextEncoder().encode(text));
    expect(read.records).toEqual(content.records);
    expect(read.header.provenance).toEqual(content.header.provenance);
  });
});

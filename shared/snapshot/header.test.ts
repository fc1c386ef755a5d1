import { describe, expect, it } from 'vitest';
import { AWS_SOURCES, awsSources, encodeSnapshot, readSnapshot, snapshotHeader, SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './index.ts';

const AT = '2024-05-24T15:00:00.000Z';

describe('the AWS source table', () => {
  it('names each source aws:<api> with its format, in the table order, and skips what a capture did not ask', () => {
    const all = awsSources(AT);
    expect(all.sources.map((source) => source.name)).toEqual(AWS_SOURCES.map(({ api }) => `aws:${api}`));
    expect(all.sources.every((source) => source.importedAt === AT)).toBe(true);
    expect(all.sources[all.indexOf('cloudtrail.LookupEvents')]).toEqual({ name: 'aws:cloudtrail.LookupEvents', format: 'cloudtrail.lookupEvents', importedAt: AT });
    const without = awsSources(AT, ['xray.GetTimeSeriesServiceStatistics']);
    expect(without.sources).toHaveLength(AWS_SOURCES.length - 1);
    expect(without.indexOf('cloudwatch.GetMetricData')).toBe(all.indexOf('cloudwatch.GetMetricData'));
    expect(() => without.indexOf('xray.GetTimeSeriesServiceStatistics')).toThrow(/not a source/);
  });
});

describe('the snapshot header', () => {
  it('lists accounts and Regions once each, sorted, leaves out what is not known, and reads back as written', async () => {
    const { sources, indexOf } = awsSources(AT, ['xray.GetTimeSeriesServiceStatistics']);
    const header = snapshotHeader({
      sources,
      accountIds: new Set(['222222222222', '111111111111']),
      regions: ['us-west-2', 'us-east-1', 'us-west-2'],
      queries: [{ api: 'xray.GetTraceSummaries', region: 'us-west-2' }],
      appVersion: '1.2.3',
      createdAt: AT,
    });
    expect(header).toEqual({
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      provenance: { sources, accountIds: ['111111111111', '222222222222'], regions: ['us-east-1', 'us-west-2'], queries: [{ api: 'xray.GetTraceSummaries', region: 'us-west-2' }], appVersion: '1.2.3', createdAt: AT },
      gaps: [],
      notes: { summary: '', bookmarks: [] },
    });
    const records = [{ kind: 'xray.summary' as const, source: indexOf('xray.GetTraceSummaries'), doc: { Id: '1-6650a1b2-5f1e2d3c4b5a69788796a5b4' } }];
    const text = [...encodeSnapshot({ header, records })].join('');
    async function* bytes() {
      yield new TextEncoder().encode(text);
    }
    const read = await readSnapshot(bytes(), { file: 'header.json' });
    expect(read.header).toEqual(header);
    expect(read.records).toEqual(records);
  });
});

import type { RawRecord, SnapshotContent } from '../model/index.ts';
import { awsSources, snapshotHeader } from '../snapshot/index.ts';
import type { GeneratedIncident } from './types.ts';

/**
 * A generated incident as the snapshot a capture of the same window would produce: every raw
 * document as its API returned it (segment documents parsed from their `Document` strings,
 * LookupEvents items with `CloudTrailEvent` still a string, metric results beside their query,
 * the sampling rules),
 * with provenance. Deterministic: `createdAt` and every `importedAt` default to the window end.
 */

export interface SnapshotMeta {
  readonly appVersion?: string;
  /** ISO-8601; defaults to the end of the incident window. */
  readonly createdAt?: string;
}

const iso = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString();

export function toSnapshotContent(incident: GeneratedIncident, meta: SnapshotMeta = {}): SnapshotContent {
  const createdAt = meta.createdAt ?? iso(incident.window.end);
  const { sources, indexOf } = awsSources(createdAt, ['xray.GetTimeSeriesServiceStatistics']);
  const records: RawRecord[] = [];
  const segmentSource = indexOf('xray.BatchGetTraces');
  for (const trace of incident.traces) {
    for (const segment of trace.Segments) records.push({ kind: 'xray.segment', source: segmentSource, doc: JSON.parse(segment.Document) as unknown });
  }
  const summarySource = indexOf('xray.GetTraceSummaries');
  for (const summary of incident.summaries) records.push({ kind: 'xray.summary', source: summarySource, doc: summary });
  records.push({ kind: 'xray.serviceGraph', source: indexOf('xray.GetServiceGraph'), doc: incident.serviceGraph });
  const eventSource = indexOf('cloudtrail.LookupEvents');
  for (const event of incident.events) records.push({ kind: 'cloudtrail.lookupEvent', source: eventSource, doc: event });
  const metricSource = indexOf('cloudwatch.GetMetricData');
  for (const metric of incident.metrics) records.push({ kind: 'metrics.result', source: metricSource, doc: { query: metric.query, result: metric.result } });
  const ruleSource = indexOf('xray.GetSamplingRules');
  for (const rule of incident.samplingRules) records.push({ kind: 'xray.samplingRule', source: ruleSource, doc: rule });

  const { start, end } = incident.window;
  // IAM is global and CloudTrail records it in us-east-1, so a capture also asks that Region.
  const regions = [...new Set([incident.region, 'us-east-1'])].sort();
  return {
    header: snapshotHeader({
      sources,
      accountIds: [incident.accountId],
      regions,
      window: { start: iso(start), end: iso(end) },
      queries: [
        { api: 'xray.GetTraceSummaries', region: incident.region, StartTime: start, EndTime: end, TimeRangeType: 'TraceId', Sampling: false },
        { api: 'xray.BatchGetTraces', region: incident.region, traces: incident.traces.length },
        { api: 'xray.GetServiceGraph', region: incident.region, StartTime: start, EndTime: end },
        ...regions.map((region) => ({ api: 'cloudtrail.LookupEvents', region, StartTime: start, EndTime: end })),
        { api: 'cloudwatch.GetMetricData', region: incident.region, StartTime: start, EndTime: end, queries: incident.metrics.map((m) => m.query.Id) },
        { api: 'xray.GetSamplingRules', region: incident.region },
      ],
      sampling: 'Generated demo: every request of the stage is traced (sampling rules orders-api-writes and orders-api-reads at 100 %), so trace counts equal API Gateway Count.',
      appVersion: meta.appVersion ?? 'generator',
      createdAt,
    }),
    records,
  };
}

/**
 * The snapshot of what a capture holds: every raw document as the API sent it (segment documents
 * parsed from their `Document` strings, LookupEvents items with `CloudTrailEvent` still a string,
 * metric results beside their query, time-series statistics per window when asked, sampling
 * rules), each once,
 * with provenance and the gaps.
 */
import type { Gap, RawRecord, SnapshotContent } from '../../shared/model/index.ts';
import { awsSources, snapshotHeader } from '../../shared/snapshot/index.ts';
import { describeTraceSelection, timeSeriesPeriod } from './capture-options.ts';
import type { CaptureState } from './capture-state.ts';
import { buildMetricQueries, metricBatches, metricPeriod, tracedApis } from './metrics-capture.ts';
import { filterExpression } from './xray-capture.ts';
import { samplingRuleDocuments } from './xray-sampling-rules.ts';
import { timeSeriesDocuments } from './xray-time-series.ts';

export interface SnapshotMeta {
  readonly appVersion: string;
  readonly createdAt: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export interface SnapshotCounts {
  readonly summaries: number;
  readonly traces: number;
  readonly segments: number;
  readonly serviceGraphs: number;
  readonly timeSeries: number;
  readonly samplingRules: number;
  readonly events: number;
  readonly metricSeries: number;
}

export interface BuiltSnapshot {
  readonly content: SnapshotContent;
  readonly counts: SnapshotCounts;
}

export function buildSnapshot(state: CaptureState, gaps: readonly Gap[], meta: SnapshotMeta): BuiltSnapshot {
  const { request } = state;
  const { sources, indexOf } = awsSources(meta.createdAt, request.timeSeries === undefined ? ['xray.GetTimeSeriesServiceStatistics'] : []);
  const source = {
    summaries: indexOf('xray.GetTraceSummaries'),
    segments: indexOf('xray.BatchGetTraces'),
    graphs: indexOf('xray.GetServiceGraph'),
    events: indexOf('cloudtrail.LookupEvents'),
    metrics: indexOf('cloudwatch.GetMetricData'),
  };
  const records: RawRecord[] = [];
  const extraGaps: Gap[] = [];
  const accounts = new Set<string>();
  for (const summary of state.summaries.values()) {
    records.push({ kind: 'xray.summary', source: source.summaries, doc: summary });
    for (const service of summary.ServiceIds ?? []) if (typeof service.AccountId === 'string') accounts.add(service.AccountId);
  }
  let segments = 0;
  const badDocuments: string[] = [];
  for (const trace of state.traces.values()) {
    for (const [id, document] of trace.segments) {
      try {
        records.push({ kind: 'xray.segment', source: source.segments, doc: JSON.parse(document) as unknown });
        segments += 1;
      } catch {
        badDocuments.push(`${trace.Id}/${id}`);
      }
    }
  }
  if (badDocuments.length > 0) extraGaps.push({ kind: 'failed', what: 'xray.BatchGetTraces', detail: 'X-Ray sent segment Documents that are not JSON; they are left out.', ids: badDocuments });
  let graphs = 0;
  for (const graph of state.graphs.values()) {
    if (graph.pages.length === 0) continue;
    const first = graph.pages[0] as Record<string, unknown>;
    const services = graph.pages.flatMap((p) => (Array.isArray(p.Services) ? (p.Services as unknown[]) : []));
    records.push({ kind: 'xray.serviceGraph', source: source.graphs, doc: { ...first, Services: services } });
    graphs += 1;
  }
  const series = timeSeriesDocuments(state);
  if (series.length > 0) {
    const timeSeriesSource = indexOf('xray.GetTimeSeriesServiceStatistics');
    for (const doc of series) records.push({ kind: 'xray.timeSeries', source: timeSeriesSource, doc });
  }
  const rules = samplingRuleDocuments(state);
  const rulesSource = indexOf('xray.GetSamplingRules');
  for (const doc of rules) records.push({ kind: 'xray.samplingRule', source: rulesSource, doc });
  let events = 0;
  for (const region of state.regions.values()) {
    for (const event of region.events.values()) {
      records.push({ kind: 'cloudtrail.lookupEvent', source: source.events, doc: event });
      events += 1;
    }
  }
  let metricSeries = 0;
  const apis = tracedApis(state.summaries.values());
  const period = request.metricPeriodSeconds ?? metricPeriod(request.from, request.to, request.to);
  for (const [index, queries] of metricBatches(buildMetricQueries(state, apis, period)).entries()) {
    const batch = state.metricBatches.get(index);
    if (batch === undefined) continue;
    for (const query of queries) {
      const result = batch.results.get(query.Id);
      if (result === undefined) continue;
      records.push({ kind: 'metrics.result', source: source.metrics, doc: { query, result } });
      metricSeries += 1;
    }
  }
  const filter = filterExpression(request.filterExpression, request.group);
  const content: SnapshotContent = {
    header: snapshotHeader({
      sources,
      accountIds: accounts,
      regions: [request.region, ...state.regions.keys()],
      window: { start: iso(request.from), end: iso(request.to) },
      queries: [
        { api: 'xray.GetTraceSummaries', region: request.region, TimeRangeType: request.timeRangeType ?? 'TraceId', ...(filter === undefined ? {} : { FilterExpression: filter }), windows: state.summaryWindows.length },
        { api: 'xray.BatchGetTraces', region: request.region, traces: describeTraceSelection(request.traces) },
        { api: 'xray.GetServiceGraph', region: request.region, ...(request.group === undefined ? {} : { GroupName: request.group }) },
        ...(request.timeSeries === undefined
          ? []
          : [
              {
                api: 'xray.GetTimeSeriesServiceStatistics',
                region: request.region,
                Period: timeSeriesPeriod(request.from, request.to),
                ...(request.timeSeries.entitySelector === undefined ? {} : { EntitySelectorExpression: request.timeSeries.entitySelector }),
                ...(request.group === undefined ? {} : { GroupName: request.group }),
              },
            ]),
        { api: 'xray.GetSamplingRules', region: request.region },
        ...[...state.regions.keys()].map((region) => ({ api: 'cloudtrail.LookupEvents', region, LookupAttributes: request.cloudtrail === 'changes' ? 'ReadOnly=false' : 'none' })),
        ...(request.metrics ? [{ api: 'cloudwatch.GetMetricData', region: request.region, Period: period, apis: [...apis.keys()].sort() }] : []),
      ],
      sampling: request.sampling
        ? `GetTraceSummaries sampled (${request.sampling.name} ${request.sampling.value}); X-Ray sampling rules decided which requests were traced.`
        : 'Every trace summary X-Ray holds for the window; X-Ray sampling rules decided which requests were traced.',
      appVersion: meta.appVersion,
      createdAt: meta.createdAt,
      gaps: [...gaps, ...extraGaps],
    }),
    records,
  };
  return { content, counts: { summaries: state.summaries.size, traces: state.traces.size, segments, serviceGraphs: graphs, timeSeries: series.length, samplingRules: rules.length, events, metricSeries } };
}

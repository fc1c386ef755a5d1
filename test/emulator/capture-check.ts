/**
 * Checks for capture tests: the fewest calls the emulator's limits allow for a request over a
 * dataset (computed from the data, not from the capture), and a comparison of a captured
 * snapshot with the dataset that names anything lost or doubled.
 */
import type { RawRecord, SnapshotContent, XRayTraceSummary } from '../../shared/model/index.ts';
import { epochSeconds, eventRegion, metricKey, traceIdSeconds, type EmulatorDataset } from './dataset.ts';
import { DEFAULT_LIMITS, type EmulatorLimits } from './limits.ts';
import { defaultRule } from './xray-routes.ts';

export interface CheckedRequest {
  readonly region: string;
  /** Epoch ms. */
  readonly from: number;
  readonly to: number;
  readonly cloudtrail: 'changes' | 'all' | 'none';
  readonly metrics: boolean;
  /** Trace ids expected in full; default every trace in the window. */
  readonly traceIds?: readonly string[];
  /** GetTimeSeriesServiceStatistics asked for (one window per `graphWindowSeconds`, 6 h by default). */
  readonly timeSeries?: boolean;
  readonly graphWindowSeconds?: number;
}

/** The rules the emulator lists for the dataset (its own, else X-Ray's Default alone). */
function samplingRulesOf(dataset: EmulatorDataset): readonly unknown[] {
  return dataset.samplingRules ?? [defaultRule(dataset.region)];
}

function summariesInWindow(dataset: EmulatorDataset, request: CheckedRequest): XRayTraceSummary[] {
  const from = request.from / 1000;
  const to = request.to / 1000;
  return dataset.summaries.filter((s) => {
    const t = traceIdSeconds(s.Id) ?? 0;
    return t >= from && t < to;
  });
}

function eventsExpected(dataset: EmulatorDataset, request: CheckedRequest): Map<string, string[]> {
  const regions = request.cloudtrail === 'none' ? [] : [...new Set([request.region, 'us-east-1'])];
  const byRegion = new Map<string, string[]>(regions.map((r) => [r, []]));
  for (const event of dataset.events) {
    const t = epochSeconds(event.EventTime);
    if (t < request.from / 1000 || t >= request.to / 1000) continue;
    if (request.cloudtrail === 'changes' && event.ReadOnly !== 'false') continue;
    byRegion.get(eventRegion(event, dataset.region))?.push(event.EventId);
  }
  return byRegion;
}

function tracedStages(summaries: readonly XRayTraceSummary[]): Set<string> {
  const names = new Set<string>();
  for (const s of summaries) for (const id of [s.EntryPoint, ...(s.ServiceIds ?? [])]) if (id?.Type === 'AWS::ApiGateway::Stage' && id.Name) names.add(id.Name);
  return names;
}

function expectedMetrics(dataset: EmulatorDataset, summaries: readonly XRayTraceSummary[]) {
  const stages = tracedStages(summaries);
  return dataset.metrics.filter((m) => {
    const dims = m.query.MetricStat.Metric.Dimensions ?? [];
    const api = dims.find((d) => d.Name === 'ApiName')?.Value;
    const stage = dims.find((d) => d.Name === 'Stage')?.Value;
    return api !== undefined && stage !== undefined && stages.has(`${api}/${stage}`);
  });
}

/**
 * Pages of GetTraceSummaries: the window cut into the fewest sub-windows X-Ray accepts (as wide as
 * allowed, from the start), each paged by the page size, one call at least.
 */
function summaryPages(summaries: readonly XRayTraceSummary[], request: CheckedRequest, limits: EmulatorLimits): number {
  const width = limits.maxSummariesWindowSeconds;
  const counts = new Map<number, number>();
  for (const s of summaries) {
    const index = Math.floor(((traceIdSeconds(s.Id) ?? 0) - request.from / 1000) / width);
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  const windows = Math.ceil((request.to - request.from) / 1000 / width);
  let pages = 0;
  for (let i = 0; i < windows; i++) pages += Math.max(1, Math.ceil((counts.get(i) ?? 0) / limits.summariesPageSize));
  return pages;
}

/** The fewest calls that can fetch everything the request asks for, under the emulator's limits. */
export function minimumCalls(dataset: EmulatorDataset, request: CheckedRequest, limitOverrides: Partial<EmulatorLimits> = {}, queriesPerMetric = 1): Record<string, number> {
  const limits = { ...DEFAULT_LIMITS, ...limitOverrides };
  const summaries = summariesInWindow(dataset, request);
  const traceCount = request.traceIds?.length ?? summaries.length;
  const calls: Record<string, number> = {
    GetTraceSummaries: summaryPages(summaries, request, limits),
    BatchGetTraces: Math.ceil(traceCount / limits.batchGetTracesMaxIds),
    GetServiceGraph: Math.max(1, Math.ceil(dataset.serviceGraph.Services.length / limits.servicesPerGraphPage)),
    LookupEvents: [...eventsExpected(dataset, request).values()].reduce((n, ids) => n + Math.max(1, Math.ceil(ids.length / limits.lookupEventsMaxResults)), 0),
  };
  calls.GetSamplingRules = Math.max(1, Math.ceil(samplingRulesOf(dataset).length / limits.samplingRulesPageSize));
  // The emulator answers a time-series window in one page.
  if (request.timeSeries) calls.GetTimeSeriesServiceStatistics = Math.ceil((request.to - request.from) / 1000 / (request.graphWindowSeconds ?? 6 * 3600));
  if (request.metrics) {
    const apis = new Set([...tracedStages(summaries)].map((name) => name.slice(0, name.lastIndexOf('/'))));
    const listed = new Map<string, Set<string>>();
    for (const m of dataset.metrics) {
      const api = m.query.MetricStat.Metric.Dimensions?.find((d) => d.Name === 'ApiName')?.Value;
      if (api === undefined || !apis.has(api)) continue;
      const set = listed.get(api) ?? new Set<string>();
      set.add(metricKey(m.query.MetricStat.Metric, 0, ''));
      listed.set(api, set);
    }
    calls.ListMetrics = [...apis].reduce((n, api) => n + Math.max(1, Math.ceil((listed.get(api)?.size ?? 0) / limits.listMetricsPageSize)), 0);
    const expected = expectedMetrics(dataset, summaries);
    const queries = expected.length * queriesPerMetric;
    const points = expected.reduce((n, m) => n + m.result.Timestamps.length, 0);
    calls.GetMetricData = queries === 0 ? 0 : Math.max(Math.ceil(queries / limits.metricQueriesPerCall), Math.ceil(points / limits.metricDatapointsPerPage));
  }
  return calls;
}

export const sumCalls = (calls: Readonly<Record<string, number>>): number => Object.values(calls).reduce((a, b) => a + b, 0);

const round = (v: unknown): unknown => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v);

/** JSON with object keys sorted: the SDK rebuilds objects in its model's key order, not the wire's. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** A summary with its timestamps at the millisecond precision the SDK keeps. */
function normalSummary(s: XRayTraceSummary): string {
  return canonicalJson({ ...s, StartTime: round(s.StartTime), MatchedEventTime: round(s.MatchedEventTime) });
}

function byKind(content: SnapshotContent, kind: RawRecord['kind']): unknown[] {
  return content.records.filter((r) => r.kind === kind).map((r) => r.doc);
}

/** Differences between the snapshot and the dataset; empty when nothing is lost or doubled. */
export function compareSnapshot(content: SnapshotContent, dataset: EmulatorDataset, request: CheckedRequest): string[] {
  const problems: string[] = [];
  const summaries = summariesInWindow(dataset, request);
  const gotSummaries = byKind(content, 'xray.summary') as XRayTraceSummary[];
  const wantSummaries = new Map(summaries.map((s) => [s.Id, normalSummary(s)]));
  if (gotSummaries.length !== wantSummaries.size) problems.push(`summaries: ${gotSummaries.length} in snapshot, ${wantSummaries.size} in dataset`);
  for (const s of gotSummaries) if (wantSummaries.get(s.Id) !== normalSummary(s)) problems.push(`summary ${s.Id} differs or is not in the window`);

  const wantIds = new Set(request.traceIds ?? summaries.map((s) => s.Id));
  const wantSegments = new Map<string, string>();
  for (const trace of dataset.traces) {
    if (!wantIds.has(trace.Id)) continue;
    for (const segment of trace.Segments) wantSegments.set(`${trace.Id}/${segment.Id}`, JSON.stringify(JSON.parse(segment.Document)));
  }
  const gotSegments = byKind(content, 'xray.segment') as { trace_id?: string; id?: string }[];
  const seen = new Set<string>();
  for (const doc of gotSegments) {
    const key = `${doc.trace_id}/${doc.id}`;
    if (seen.has(key)) problems.push(`segment ${key} doubled`);
    seen.add(key);
    if (wantSegments.get(key) !== JSON.stringify(doc)) problems.push(`segment ${key} differs or was not asked for`);
  }
  for (const key of wantSegments.keys()) if (!seen.has(key)) problems.push(`segment ${key} lost`);

  const wantEvents = new Set([...eventsExpected(dataset, request).values()].flat());
  const datasetEvents = new Map(dataset.events.map((e) => [e.EventId, e]));
  const gotEvents = byKind(content, 'cloudtrail.lookupEvent') as { EventId: string; CloudTrailEvent?: string; EventTime?: number }[];
  const seenEvents = new Set<string>();
  for (const e of gotEvents) {
    if (seenEvents.has(e.EventId)) problems.push(`event ${e.EventId} doubled`);
    seenEvents.add(e.EventId);
    const want = datasetEvents.get(e.EventId);
    if (!wantEvents.has(e.EventId) || want === undefined || want.CloudTrailEvent !== e.CloudTrailEvent || epochSeconds(want.EventTime) !== e.EventTime) problems.push(`event ${e.EventId} differs or was not asked for`);
  }
  for (const id of wantEvents) if (!seenEvents.has(id)) problems.push(`event ${id} lost`);

  // One graph per graph window (6 h by default); the emulator answers each window that overlaps its data with the whole graph.
  const graphs = byKind(content, 'xray.serviceGraph') as { Services?: unknown[]; StartTime?: number }[];
  const width = (request.graphWindowSeconds ?? 6 * 3600) * 1000;
  const [dataStart, dataEnd] = [epochSeconds(dataset.window.start) * 1000, epochSeconds(dataset.window.end) * 1000];
  let overlapping = 0;
  for (let t = request.from; t < request.to; t += width) if (t < dataEnd && Math.min(request.to, t + width) > dataStart) overlapping += 1;
  const services = graphs.reduce((n, g) => n + (g.Services?.length ?? 0), 0);
  const wantServices = dataset.serviceGraph.Services.length * overlapping;
  if (services !== wantServices) problems.push(`service graph: ${services} services, dataset has ${dataset.serviceGraph.Services.length} in each of ${overlapping} windows`);
  if (new Set(graphs.map((g) => g.StartTime)).size !== graphs.length) problems.push('service graph: a window doubled');

  if (request.timeSeries) {
    // Every summary in the window is counted once in the statistics, in the period of its trace id.
    const docs = byKind(content, 'xray.timeSeries') as { Period: number; TimeSeriesServiceStatistics: { Timestamp: number; ServiceSummaryStatistics?: { TotalCount?: number } }[] }[];
    const stamps = docs.flatMap((d) => d.TimeSeriesServiceStatistics.map((p) => p.Timestamp));
    if (new Set(stamps).size !== stamps.length) problems.push('time series: a period is doubled');
    const counted = docs.reduce((n, d) => n + d.TimeSeriesServiceStatistics.reduce((m, p) => m + (p.ServiceSummaryStatistics?.TotalCount ?? 0), 0), 0);
    if (counted !== summaries.length) problems.push(`time series: ${counted} requests counted, ${summaries.length} traces in the window`);
    for (const d of docs) {
      for (const p of d.TimeSeriesServiceStatistics) {
        const inPeriod = summaries.filter((s) => {
          const t = traceIdSeconds(s.Id) ?? 0;
          return t >= p.Timestamp && t < p.Timestamp + d.Period;
        }).length;
        if (inPeriod !== p.ServiceSummaryStatistics?.TotalCount) problems.push(`time series: period ${p.Timestamp} counts ${p.ServiceSummaryStatistics?.TotalCount}, the window has ${inPeriod}`);
      }
    }
  } else if (byKind(content, 'xray.timeSeries').length > 0) problems.push('time series not asked for');

  // Every rule once, as X-Ray listed it (whatever pages it came in).
  const rules = byKind(content, 'xray.samplingRule').map(canonicalJson);
  const wantRules = samplingRulesOf(dataset).map(canonicalJson);
  if (new Set(rules).size !== rules.length) problems.push('sampling rules: a rule doubled');
  if (JSON.stringify([...rules].sort()) !== JSON.stringify([...wantRules].sort())) problems.push(`sampling rules: ${rules.length} in snapshot, ${wantRules.length} in dataset, or they differ`);

  if (request.metrics) {
    const got = byKind(content, 'metrics.result') as { query: { MetricStat: { Metric: never; Period: number; Stat: string } }; result: { Timestamps: number[]; Values: number[] } }[];
    const gotByKey = new Map<string, { Timestamps: number[]; Values: number[] }>();
    for (const m of got) {
      const key = metricKey(m.query.MetricStat.Metric, m.query.MetricStat.Period, m.query.MetricStat.Stat);
      if (gotByKey.has(key)) problems.push(`metric ${key} doubled`);
      gotByKey.set(key, m.result);
    }
    for (const m of expectedMetrics(dataset, summaries)) {
      const key = metricKey(m.query.MetricStat.Metric, m.query.MetricStat.Period, m.query.MetricStat.Stat);
      const result = gotByKey.get(key);
      const points = (ts: readonly unknown[], vs: readonly number[]) =>
        JSON.stringify(ts.map((t, i) => [epochSeconds(t as number), vs[i]]).filter(([t]) => (t as number) >= request.from / 1000 && (t as number) < request.to / 1000).sort((a, b) => (a[0] as number) - (b[0] as number)));
      if (result === undefined) problems.push(`metric ${key} lost`);
      else if (points(result.Timestamps, result.Values) !== points(m.result.Timestamps, m.result.Values)) problems.push(`metric ${key} values differ`);
    }
  }
  return problems;
}

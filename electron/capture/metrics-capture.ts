/**
 * API Gateway CloudWatch metrics for the APIs the traces went through (the stage nodes of the
 * summaries, named `{api-name}/{stage}`): ListMetrics per API finds which of the seven metrics
 * exist per stage and per method (the method set only exists with detailed metrics on), then
 * GetMetricData fetches them, 500 queries a call, following NextToken.
 */
import { GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import type { XRayTraceSummary } from '../../shared/model/index.ts';
import { MAX_PAGES, runPart, type CaptureContext } from './capture-context.ts';
import type { CaptureState, MetricResultWire, MetricWire } from './capture-state.ts';
import { toWireJson } from './wire-json.ts';

export const API_GATEWAY_METRICS = ['Count', '4XXError', '5XXError', 'CacheHitCount', 'CacheMissCount', 'Latency', 'IntegrationLatency'] as const;
export const QUERIES_PER_CALL = 500;
const LATENCY = new Set(['Latency', 'IntegrationLatency']);

export interface MetricQuery {
  readonly Id: string;
  readonly MetricStat: {
    readonly Metric: { readonly Namespace: string; readonly MetricName: string; readonly Dimensions: { Name: string; Value: string }[] };
    readonly Period: number;
    readonly Stat: string;
  };
}

/** API name → stages, from the API Gateway stage nodes in the summaries. */
export function tracedApis(summaries: Iterable<XRayTraceSummary>): Map<string, Set<string>> {
  const apis = new Map<string, Set<string>>();
  for (const summary of summaries) {
    for (const service of [summary.EntryPoint, ...(summary.ServiceIds ?? [])]) {
      if (service?.Type?.toLowerCase() !== 'aws::apigateway::stage' || typeof service.Name !== 'string') continue;
      const slash = service.Name.lastIndexOf('/');
      if (slash <= 0) continue;
      const api = service.Name.slice(0, slash);
      const stages = apis.get(api) ?? new Set<string>();
      stages.add(service.Name.slice(slash + 1));
      apis.set(api, stages);
    }
  }
  return apis;
}

/** A period that keeps a series within 1,440 points and within what CloudWatch keeps for old data. */
export function metricPeriod(from: number, to: number, now: number): number {
  const minutes = Math.max(1, Math.ceil((to - from) / 60_000 / 1440));
  let period = minutes * 60;
  const ageDays = (now - from) / 86_400_000;
  if (ageDays > 63) period = Math.max(period, 3600);
  else if (ageDays > 15) period = Math.max(period, 300);
  return Math.ceil(period / 60) * 60;
}

/** The queries for what ListMetrics found: stage and method sets of the traced stages, sorted, with stable Ids. */
export function buildMetricQueries(state: CaptureState, apis: Map<string, Set<string>>, period: number): MetricQuery[] {
  const seen = new Set<string>();
  const metrics: { key: string; metric: MetricQuery['MetricStat']['Metric'] }[] = [];
  for (const [api, list] of state.metricLists) {
    const stages = apis.get(api) ?? new Set<string>();
    for (const m of list.metrics as MetricWire[]) {
      if (!API_GATEWAY_METRICS.includes(m.MetricName as (typeof API_GATEWAY_METRICS)[number])) continue;
      const dims = (m.Dimensions ?? []).filter((d): d is { Name: string; Value: string } => typeof d.Name === 'string' && typeof d.Value === 'string');
      const stage = dims.find((d) => d.Name === 'Stage');
      if (stage === undefined || !stages.has(stage.Value)) continue;
      if (state.request.metricsPerMethod === false && dims.some((d) => d.Name === 'Method')) continue;
      const sorted = [...dims].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
      const key = JSON.stringify([m.MetricName, sorted]);
      if (seen.has(key)) continue;
      seen.add(key);
      metrics.push({ key, metric: { Namespace: 'AWS/ApiGateway', MetricName: m.MetricName as string, Dimensions: sorted } });
    }
  }
  metrics.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const queries: MetricQuery[] = [];
  for (const { metric } of metrics) {
    for (const stat of LATENCY.has(metric.MetricName) ? ['Average', 'p99'] : ['Sum']) {
      queries.push({ Id: `m${queries.length}`, MetricStat: { Metric: metric, Period: period, Stat: stat } });
    }
  }
  return queries;
}

async function listApiMetrics(ctx: CaptureContext, api: string): Promise<void> {
  const task = `metrics:list:${api}`;
  for (let page = 0; page < MAX_PAGES; page++) {
    const list = ctx.state.metricLists.get(api);
    if (list?.task.done) return;
    const token = list?.task.next;
    const output = await ctx.call(() =>
      ctx.session.cloudwatch(ctx.request.region).send(
        new ListMetricsCommand({ Namespace: 'AWS/ApiGateway', Dimensions: [{ Name: 'ApiName', Value: api }], ...(token === undefined ? {} : { NextToken: token }) }),
        { abortSignal: ctx.sendSignal },
      ),
    );
    const wire = toWireJson(output) as { Metrics?: MetricWire[]; NextToken?: string };
    ctx.record({ op: 'ListMetrics', task, ...(token === undefined ? {} : { token }), ...(wire.NextToken ? { next: wire.NextToken } : {}), data: { metrics: wire.Metrics ?? [] } });
  }
}

async function fetchBatch(ctx: CaptureContext, index: number, queries: MetricQuery[]): Promise<void> {
  const task = `metrics:data:${index}`;
  for (let page = 0; page < MAX_PAGES; page++) {
    const batch = ctx.state.metricBatches.get(index);
    if (batch?.task.done) return;
    const token = batch?.task.next;
    const output = await ctx.call(() =>
      ctx.session.cloudwatch(ctx.request.region).send(
        new GetMetricDataCommand({
          MetricDataQueries: queries.map((q) => ({ Id: q.Id, MetricStat: { ...q.MetricStat, Metric: { ...q.MetricStat.Metric, Dimensions: [...q.MetricStat.Metric.Dimensions] } } })),
          StartTime: new Date(ctx.request.from),
          EndTime: new Date(ctx.request.to),
          ...(token === undefined ? {} : { NextToken: token }),
        }),
        { abortSignal: ctx.sendSignal },
      ),
    );
    const wire = toWireJson(output) as { MetricDataResults?: MetricResultWire[]; NextToken?: string };
    ctx.record({ op: 'GetMetricData', task, ...(token === undefined ? {} : { token }), ...(wire.NextToken ? { next: wire.NextToken } : {}), data: { results: wire.MetricDataResults ?? [] } });
  }
}

export function metricBatches(queries: readonly MetricQuery[]): MetricQuery[][] {
  const batches: MetricQuery[][] = [];
  for (let i = 0; i < queries.length; i += QUERIES_PER_CALL) batches.push(queries.slice(i, i + QUERIES_PER_CALL));
  return batches;
}

export async function captureMetrics(ctx: CaptureContext): Promise<void> {
  if (!ctx.request.metrics) return;
  const apis = tracedApis(ctx.state.summaries.values());
  const names = [...apis.keys()].sort();
  for (const api of names) await runPart(ctx, `metrics:list:${api}`, 'cloudwatch:ListMetrics', () => listApiMetrics(ctx, api));
  if (names.some((api) => ctx.state.metricLists.get(api)?.task.done !== true)) return;
  const queries = buildMetricQueries(ctx.state, apis, ctx.request.metricPeriodSeconds ?? metricPeriod(ctx.request.from, ctx.request.to, ctx.request.to));
  for (const [index, batch] of metricBatches(queries).entries()) {
    await runPart(ctx, `metrics:data:${index}`, 'cloudwatch:GetMetricData', () => fetchBatch(ctx, index, batch));
  }
}

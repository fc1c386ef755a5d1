import type { MetricSeries } from '../../model/metrics.ts';
import type { ServiceNode } from '../../model/service-graph.ts';
import type { RequestSeries } from './series.ts';

/**
 * API Gateway's own CloudWatch metrics (aws-reference.md §7) as timeline lanes, on the lanes'
 * buckets: per API and stage (and per method and resource when detailed metrics were captured),
 * Count, 4XXError, 5XXError, CacheHitCount and CacheMissCount summed per bucket; Latency and
 * IntegrationLatency (milliseconds, as published) averaged weighted by Count when the statistic
 * is Average, else the bucket's largest value (a p99 of a wider bucket is not the mean of its
 * minutes' p99s: the largest is the honest bound); overhead = Latency − IntegrationLatency per
 * datapoint (API Gateway's own time). Where the stage's node has traces, `traced` counts them per
 * bucket and `sampled` is traced / Count: the effective sampling rate of X-Ray.
 */
export const GATEWAY_METRICS = ['Count', 'Latency', 'IntegrationLatency', '4XXError', '5XXError', 'CacheHitCount', 'CacheMissCount'] as const;
export type GatewayMetric = (typeof GATEWAY_METRICS)[number];

/** HTTP APIs publish `4xx`/`5xx` (aws-reference.md §7); they are the same lanes. */
const ALIASES: Readonly<Record<string, GatewayMetric>> = { '4xx': '4XXError', '5xx': '5XXError' };

export interface GatewayGroup {
  /** `orders-api/prod`, `orders-api/prod GET /orders`: how X-Ray names the stage, and the method and resource. */
  readonly label: string;
  readonly api: string;
  readonly stage: string | undefined;
  readonly method: string | undefined;
  readonly resource: string | undefined;
  readonly series: ReadonlyMap<GatewayMetric, MetricSeries>;
}

export interface GatewayLanes {
  readonly label: string;
  /** Per lane bucket; NaN where the metric has no datapoint in it. */
  readonly values: Readonly<Partial<Record<GatewayMetric | 'overhead' | 'traced' | 'sampled', Float64Array>>>;
  /** Traced requests over counted ones in the buckets where both exist; undefined without traces or Count. */
  readonly samplingRate: number | undefined;
}

function dimension(series: MetricSeries, name: string): string | undefined {
  return series.dimensions.find((d) => d.name === name)?.value;
}

/** The API Gateway series grouped by API, stage, method and resource. */
export function gatewayGroups(metrics: readonly MetricSeries[]): GatewayGroup[] {
  const groups = new Map<string, { label: string; api: string; stage?: string; method?: string; resource?: string; series: Map<GatewayMetric, MetricSeries> }>();
  for (const series of metrics) {
    if (series.namespace !== undefined && series.namespace !== 'AWS/ApiGateway') continue;
    const raw = series.metricName ?? '';
    const metric = (GATEWAY_METRICS as readonly string[]).includes(raw) ? (raw as GatewayMetric) : ALIASES[raw];
    const api = dimension(series, 'ApiName') ?? dimension(series, 'ApiId');
    if (metric === undefined || api === undefined) continue;
    const stage = dimension(series, 'Stage');
    const method = dimension(series, 'Method');
    const resource = dimension(series, 'Resource') ?? dimension(series, 'Route');
    const label = `${api}${stage ? `/${stage}` : ''}${method || resource ? ` ${[method, resource].filter(Boolean).join(' ')}` : ''}`;
    let group = groups.get(label);
    if (group === undefined) groups.set(label, (group = { label, api, ...(stage ? { stage } : {}), ...(method ? { method } : {}), ...(resource ? { resource } : {}), series: new Map() }));
    if (!group.series.has(metric)) group.series.set(metric, series);
  }
  return [...groups.values()]
    .map((g) => ({ label: g.label, api: g.api, stage: g.stage, method: g.method, resource: g.resource, series: g.series }))
    .sort((a, b) => (a.method === undefined ? 0 : 1) - (b.method === undefined ? 0 : 1) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

interface LaneAxis {
  readonly start: number;
  readonly step: number;
  readonly count: number;
}

function bucketIndex(axis: LaneAxis, millis: number): number | undefined {
  const b = Math.floor((millis / 1000 - axis.start) / axis.step);
  return b >= 0 && b < axis.count ? b : undefined;
}

function summed(axis: LaneAxis, series: MetricSeries): Float64Array {
  const out = new Float64Array(axis.count).fill(Number.NaN);
  series.timestamps.forEach((t, i) => {
    const b = bucketIndex(axis, t);
    if (b !== undefined) out[b] = (Number.isNaN(out[b]!) ? 0 : out[b]!) + series.values[i]!;
  });
  return out;
}

/** Average latency weighted by Count per datapoint (by 1 where Count has none), or the bucket's largest for other statistics. */
function latency(axis: LaneAxis, series: MetricSeries, count: MetricSeries | undefined): Float64Array {
  const weights = new Map(count?.timestamps.map((t, i) => [t, count.values[i]!]));
  const average = series.stat === undefined || series.stat === 'Average';
  const sum = new Float64Array(axis.count);
  const weight = new Float64Array(axis.count);
  const out = new Float64Array(axis.count).fill(Number.NaN);
  series.timestamps.forEach((t, i) => {
    const b = bucketIndex(axis, t);
    if (b === undefined) return;
    const value = series.values[i]!;
    if (!average) {
      out[b] = Number.isNaN(out[b]!) ? value : Math.max(out[b]!, value);
      return;
    }
    const w = weights.get(t) ?? 1;
    sum[b]! += value * w;
    weight[b]! += w;
  });
  if (average) for (let b = 0; b < axis.count; b++) if (weight[b]! > 0) out[b] = sum[b]! / weight[b]!;
  return out;
}

/** The type of the node X-Ray draws for an API Gateway stage. */
export const STAGE_NODE_TYPE = 'AWS::ApiGateway::Stage';

/** The stage node X-Ray draws for a group: `{api name}/{stage}` of type AWS::ApiGateway::Stage. */
export function stageNodeOf(group: GatewayGroup, nodes: readonly ServiceNode[]): ServiceNode | undefined {
  if (group.stage === undefined) return undefined;
  return nodes.find((node) => node.type === STAGE_NODE_TYPE && node.name === `${group.api}/${group.stage}`);
}

/** A group's lanes on `axis`, with the traced requests of its stage node when `traced` is given (already merged to the axis). */
export function gatewayLanes(group: GatewayGroup, axis: LaneAxis, traced?: Float64Array): GatewayLanes {
  const values: Partial<Record<GatewayMetric | 'overhead' | 'traced' | 'sampled', Float64Array>> = {};
  const count = group.series.get('Count');
  for (const metric of GATEWAY_METRICS) {
    const series = group.series.get(metric);
    if (series === undefined) continue;
    values[metric] = metric === 'Latency' || metric === 'IntegrationLatency' ? latency(axis, series, count) : summed(axis, series);
  }
  const lat = values.Latency;
  const integration = values.IntegrationLatency;
  if (lat && integration) values.overhead = lat.map((value, b) => value - integration[b]!);
  let samplingRate: number | undefined;
  if (traced && values.Count) {
    const counted = values.Count;
    values.traced = traced;
    values.sampled = counted.map((value, b) => (value > 0 ? traced[b]! / value : Number.NaN));
    let tracedTotal = 0;
    let countedTotal = 0;
    for (let b = 0; b < axis.count; b++) {
      if (!(counted[b]! > 0)) continue;
      tracedTotal += traced[b]!;
      countedTotal += counted[b]!;
    }
    samplingRate = countedTotal > 0 ? tracedTotal / countedTotal : undefined;
  }
  return { label: group.label, values, samplingRate };
}

/** Requests of a series per lane bucket (the series' one-minute buckets merged `factor` at a time). */
export function tracedPerBucket(series: RequestSeries, factor: number, count: number): Float64Array {
  const out = new Float64Array(count);
  const buckets = series.offsets.length - 1;
  for (let b = 0; b < buckets; b++) out[Math.floor(b / factor)]! += series.offsets[b + 1]! - series.offsets[b]!;
  return out;
}

import type { MetricQueryResult } from './types.ts';

/**
 * The seven API Gateway metrics of one REST stage (aws-reference.md §7), one datapoint per minute,
 * computed from the requests themselves: Count, 4XXError, 5XXError (Sum), Latency and
 * IntegrationLatency (Average, milliseconds), CacheHitCount and CacheMissCount (Sum; the stage has
 * no cache, so they are 0). Minutes without requests have no datapoint, as in CloudWatch.
 */

export interface StageRequestSample {
  /** Epoch seconds the request arrived. */
  readonly time: number;
  readonly status: number;
  /** Stage segment duration (what API Gateway reports as Latency). */
  readonly latencyMs: number;
  /** Integration subsegment duration (IntegrationLatency). */
  readonly integrationLatencyMs: number;
}

const METRICS = [
  { id: 'm_count', name: 'Count', stat: 'Sum' },
  { id: 'm_lat', name: 'Latency', stat: 'Average' },
  { id: 'm_int', name: 'IntegrationLatency', stat: 'Average' },
  { id: 'm_4xx', name: '4XXError', stat: 'Sum' },
  { id: 'm_5xx', name: '5XXError', stat: 'Sum' },
  { id: 'm_cache_hit', name: 'CacheHitCount', stat: 'Sum' },
  { id: 'm_cache_miss', name: 'CacheMissCount', stat: 'Sum' },
] as const;

interface MinuteTotals {
  count: number;
  latency: number;
  integration: number;
  client: number;
  server: number;
}

export function stageMetrics(apiName: string, stage: string, window: { readonly start: number; readonly end: number }, requests: Iterable<StageRequestSample>): MetricQueryResult[] {
  const minutes = new Map<number, MinuteTotals>();
  for (const request of requests) {
    if (request.time < window.start || request.time >= window.end) continue;
    const minute = Math.floor(request.time / 60) * 60;
    let totals = minutes.get(minute);
    if (!totals) {
      totals = { count: 0, latency: 0, integration: 0, client: 0, server: 0 };
      minutes.set(minute, totals);
    }
    totals.count++;
    totals.latency += request.latencyMs;
    totals.integration += request.integrationLatencyMs;
    if (request.status >= 400 && request.status < 500) totals.client++;
    if (request.status >= 500) totals.server++;
  }
  // GetMetricData's default ScanBy is TimestampDescending: newest datapoint first.
  const timestamps = [...minutes.keys()].sort((a, b) => b - a);
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  const valueOf = (id: (typeof METRICS)[number]['id'], totals: MinuteTotals): number => {
    switch (id) {
      case 'm_count':
        return totals.count;
      case 'm_lat':
        return round(totals.latency / totals.count);
      case 'm_int':
        return round(totals.integration / totals.count);
      case 'm_4xx':
        return totals.client;
      case 'm_5xx':
        return totals.server;
      default:
        return 0;
    }
  };
  return METRICS.map((metric) => ({
    query: {
      Id: metric.id,
      MetricStat: {
        Metric: { Namespace: 'AWS/ApiGateway', MetricName: metric.name, Dimensions: [{ Name: 'ApiName', Value: apiName }, { Name: 'Stage', Value: stage }] },
        Period: 60,
        Stat: metric.stat,
      },
    },
    result: {
      Id: metric.id,
      Label: metric.name,
      Timestamps: timestamps,
      Values: timestamps.map((minute) => valueOf(metric.id, minutes.get(minute) as MinuteTotals)),
      StatusCode: 'Complete',
    },
  }));
}

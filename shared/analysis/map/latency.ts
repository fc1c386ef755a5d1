import type { EdgeStats } from '../../model/service-graph.ts';
import { nearestRank } from '../../base/quantile.ts';

/**
 * Latency figures of a service map node or edge, from what its EdgeStats holds: every response
 * time (graphs computed from traces) or X-Ray's ResponseTimeHistogram (captured graphs). Times are
 * seconds. Quantiles are exact over the durations; over a captured histogram they are the value
 * of the entry holding that rank, which is exactly what X-Ray's histogram allows.
 */
export interface LatencySummary {
  /** Requests with a known response time (the histogram's or durations' count). */
  readonly count: number;
  /** totalResponseTime / total, when total > 0. */
  readonly mean: number | undefined;
  readonly p50: number | undefined;
  readonly p90: number | undefined;
  readonly p99: number | undefined;
  readonly max: number | undefined;
}

export interface HistogramBin {
  /** Seconds, inclusive. */
  readonly start: number;
  /** Seconds, exclusive (the last bin includes its end). */
  readonly end: number;
  readonly count: number;
}

export interface LatencyHistogram {
  readonly bins: readonly HistogramBin[];
  /** Requests slower than the last bin's end (the tail beyond the chart, counted but not drawn). */
  readonly overflow: number;
  readonly count: number;
}

export const DEFAULT_HISTOGRAM_BINS = 24;

/** Weighted values, sorted ascending. */
interface Sample {
  readonly values: Float64Array;
  /** Undefined: every weight is 1. */
  readonly weights: Float64Array | undefined;
  readonly count: number;
}

function sampleOf(stats: EdgeStats): Sample {
  if (stats.durations !== undefined) {
    const values = Float64Array.from(stats.durations).sort();
    return { values, weights: undefined, count: values.length };
  }
  const entries = (stats.histogram ?? []).filter((entry) => Number.isFinite(entry.value) && Number.isFinite(entry.count) && entry.count > 0);
  entries.sort((a, b) => a.value - b.value);
  const values = Float64Array.from(entries, (entry) => entry.value);
  const weights = Float64Array.from(entries, (entry) => entry.count);
  let count = 0;
  for (const weight of weights) count += weight;
  return { values, weights, count };
}

/** The value at rank ⌈q·count⌉ (nearest rank), or undefined for an empty sample. */
function quantile(sample: Sample, q: number): number | undefined {
  const { values, weights, count } = sample;
  if (count === 0) return undefined;
  if (weights === undefined) return nearestRank(values, q);
  const rank = Math.max(1, Math.ceil(q * count));
  let seen = 0;
  for (let i = 0; i < values.length; i++) {
    seen += weights[i]!;
    if (seen >= rank) return values[i];
  }
  return values[values.length - 1];
}

export interface LatencyFigures {
  readonly summary: LatencySummary;
  readonly histogram: LatencyHistogram;
}

/** Summary and histogram in one pass over one sorted copy of the times. */
export function latencyFigures(stats: EdgeStats, bins = DEFAULT_HISTOGRAM_BINS): LatencyFigures {
  const sample = sampleOf(stats);
  const summary: LatencySummary = {
    count: sample.count,
    mean: stats.total > 0 && Number.isFinite(stats.totalResponseTime) ? stats.totalResponseTime / stats.total : undefined,
    p50: quantile(sample, 0.5),
    p90: quantile(sample, 0.9),
    p99: quantile(sample, 0.99),
    max: sample.values.length > 0 ? sample.values[sample.values.length - 1] : undefined,
  };
  return { summary, histogram: histogramOf(sample, summary, bins) };
}

/**
 * Equal-width bins from 0 to a round value at or above the slowest request — or above the p99
 * when the slowest is more than twice the p99, so one outlier does not squash the chart; slower
 * requests are then counted in `overflow`.
 */
function histogramOf(sample: Sample, summary: LatencySummary, binCount: number): LatencyHistogram {
  const { values, weights, count } = sample;
  if (count === 0 || summary.max === undefined || summary.p99 === undefined) return { bins: [], overflow: 0, count };
  const top = summary.max > 2 * summary.p99 ? summary.p99 : summary.max;
  const step = niceStep(Math.max(top, 1e-6) / Math.max(1, binCount));
  const n = Math.max(1, Math.ceil(top / step - 1e-9));
  const end = n * step;
  const counts = new Float64Array(n);
  let overflow = 0;
  for (let i = 0; i < values.length; i++) {
    const value = Math.max(0, values[i]!);
    const weight = weights === undefined ? 1 : weights[i]!;
    if (value > end) overflow += weight;
    else counts[Math.min(n - 1, Math.floor(value / step))]! += weight;
  }
  const bins: HistogramBin[] = [];
  for (let i = 0; i < n; i++) bins.push({ start: i * step, end: (i + 1) * step, count: counts[i]! });
  return { bins, overflow, count };
}

/** The smallest of 1, 2, 2.5 or 5 × 10ⁿ at or above `raw`. */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    const step = factor * power;
    if (step >= raw * (1 - 1e-9)) return step;
  }
  return 10 * power;
}

/** Shares of requests by status, X-Ray's way: ok, 4xx other than throttles, 429, 5xx. */
export interface HealthCounts {
  readonly total: number;
  readonly ok: number;
  readonly error: number;
  readonly throttle: number;
  readonly fault: number;
}

export function healthCounts(stats: EdgeStats): HealthCounts {
  return { total: stats.total, ok: stats.ok, error: stats.error, throttle: stats.throttle, fault: stats.fault };
}

/** Errors, throttles and faults over all requests, 0–1; undefined without requests. */
export function errorRate(stats: HealthCounts): number | undefined {
  return stats.total > 0 ? (stats.error + stats.throttle + stats.fault) / stats.total : undefined;
}

import { nearestRank, nearestRanks } from '../../base/quantile.ts';
import type { Buckets } from './buckets.ts';
import type { RequestSeries } from './request-series.ts';

const QUANTILES = [0.5, 0.9, 0.99] as const;

/**
 * One series' lanes as the Timeline draws them, at most `maxBuckets` wide: the one-minute buckets
 * merged `factor` at a time, counts summed, percentiles taken again over the merged durations.
 */
export interface TimelineLanes {
  /** Epoch seconds of the first bucket, and the drawn buckets' width. */
  readonly start: number;
  readonly step: number;
  readonly count: number;
  /** Per bucket b: ok, 4xx, 429, 5xx at b·4 … b·4 + 3. */
  readonly counts: Uint32Array;
  /** Seconds per bucket; NaN where the bucket has no requests. */
  readonly p50: Float64Array;
  readonly p90: Float64Array;
  readonly p99: Float64Array;
}

/** `series`' buckets merged `factor` at a time. */
export function mergedLanes(series: RequestSeries, buckets: Buckets, factor: number): TimelineLanes {
  const count = Math.ceil(buckets.count / factor);
  const counts = new Uint32Array(count * 4);
  const p50 = new Float64Array(count).fill(Number.NaN);
  const p90 = new Float64Array(count).fill(Number.NaN);
  const p99 = new Float64Array(count).fill(Number.NaN);
  // Read once: the first answer runs this before the JIT has optimised it, and each property
  // load in the loops over a month of minutes cost there.
  const { counts: source, durations, offsets } = series;
  const total = buckets.count;
  for (let b = 0, d = 0, left = factor; b < total; b++) {
    const from = b * 4;
    const to = d * 4;
    counts[to]! += source[from]!;
    counts[to + 1]! += source[from + 1]!;
    counts[to + 2]! += source[from + 2]!;
    counts[to + 3]! += source[from + 3]!;
    if (--left === 0) {
      d++;
      left = factor;
    }
  }
  for (let d = 0; d < count; d++) {
    const first = d * factor;
    const last = Math.min(total, first + factor);
    const from = offsets[first]!;
    const to = offsets[last]!;
    if (to === from) continue;
    if (factor === 1) {
      // One minute's durations are sorted already.
      p50[d] = nearestRank(durations, 0.5, from, to)!;
      p90[d] = nearestRank(durations, 0.9, from, to)!;
      p99[d] = nearestRank(durations, 0.99, from, to)!;
      continue;
    }
    // The minutes' durations lie side by side: merged, they are one slice, selected in linear time.
    [p50[d], p90[d], p99[d]] = nearestRanks(durations.slice(from, to), QUANTILES) as [number, number, number];
  }
  return { start: buckets.start, step: buckets.step * factor, count, counts, p50, p90, p99 };
}

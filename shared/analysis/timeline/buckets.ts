/**
 * The time axis of the timeline: equal buckets from a start, one minute wide unless the window
 * would need more buckets than the lane can show, then the next coarser step of STEPS. Bucket i
 * covers [start + i·step, start + (i + 1)·step); the start is aligned to the step (whole minutes,
 * whole hours…) so the buckets of two views of the same window line up.
 */
export interface Buckets {
  /** Epoch seconds, a multiple of `step`. */
  readonly start: number;
  /** Seconds. */
  readonly step: number;
  readonly count: number;
}

/** The steps a lane may use, in seconds: 1, 5, 15 and 30 minutes, 1, 3, 6 and 12 hours, a day. */
export const STEPS: readonly number[] = [60, 300, 900, 1800, 3600, 10_800, 21_600, 43_200, 86_400];

/**
 * Buckets over [start, end] (epoch seconds) with at most `maxBuckets` of them: the finest step of
 * STEPS that fits (a day when none does). An empty window (end < start) has no buckets.
 */
export function bucketsFor(start: number, end: number, maxBuckets: number): Buckets {
  if (!(end >= start) || !Number.isFinite(start) || !Number.isFinite(end)) return { start: 0, step: STEPS[0]!, count: 0 };
  for (const step of STEPS) {
    const buckets = alignedBuckets(start, end, step);
    if (buckets.count <= maxBuckets) return buckets;
  }
  return alignedBuckets(start, end, STEPS[STEPS.length - 1]!);
}

function alignedBuckets(start: number, end: number, step: number): Buckets {
  const first = Math.floor(start / step) * step;
  return { start: first, step, count: Math.floor((end - first) / step) + 1 };
}

/** The bucket of time `t` (epoch seconds), clamped to the buckets. */
export function bucketOf(buckets: Buckets, t: number): number {
  const index = Math.floor((t - buckets.start) / buckets.step);
  return index < 0 ? 0 : index >= buckets.count ? buckets.count - 1 : index;
}

/** The start of bucket `index` (epoch seconds). */
export function bucketStart(buckets: Buckets, index: number): number {
  return buckets.start + index * buckets.step;
}

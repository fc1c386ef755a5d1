import { describe, expect, it } from 'vitest';
import { bucketOf, bucketsFor, bucketStart } from './buckets.ts';

const HOUR = 3600;
const T0 = 1_716_555_600; // 2024-05-24T13:00:00Z, a whole hour

describe('timeline buckets', () => {
  it('uses whole minutes, aligned to the minute, when they fit', () => {
    const buckets = bucketsFor(T0 + 30, T0 + 2 * HOUR - 1, 1000);
    expect(buckets).toEqual({ start: T0, step: 60, count: 120 });
    expect(bucketOf(buckets, T0 + 59.9)).toBe(0);
    expect(bucketOf(buckets, T0 + 60)).toBe(1);
    expect(bucketStart(buckets, 119)).toBe(T0 + 119 * 60);
  });

  it('takes the next coarser step when a window has more minutes than the lane has pixels', () => {
    // 30 days = 43,200 minutes: at most 800 buckets → 1 h steps (720), since 30 min would make 1,440.
    expect(bucketsFor(T0, T0 + 30 * 24 * HOUR - 1, 800)).toEqual({ start: T0, step: 3600, count: 720 });
    expect(bucketsFor(T0, T0 + 30 * 24 * HOUR - 1, 50_000).step).toBe(60);
    // More days than any step allows: a day per bucket.
    expect(bucketsFor(T0, T0 + 400 * 24 * HOUR, 10).step).toBe(86_400);
  });

  it('clamps times outside the window to its first and last bucket; an empty window has none', () => {
    const buckets = bucketsFor(T0, T0 + 299, 100);
    expect([bucketOf(buckets, T0 - 500), bucketOf(buckets, T0 + 10_000)]).toEqual([0, 4]);
    expect(bucketsFor(T0, T0 - 1, 100).count).toBe(0);
    expect(bucketsFor(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 100).count).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { nearestRank, nearestRanks } from './quantile.ts';

describe('nearest-rank quantiles', () => {
  it('takes the value at rank ⌈q·n⌉ of sorted values', () => {
    const sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect([0.5, 0.9, 0.99, 0, 1].map((q) => nearestRank(sorted, q))).toEqual([50, 90, 100, 10, 100]);
    expect(nearestRank(sorted, 0.5, 2, 5)).toBe(40);
    expect(nearestRank([], 0.5)).toBeUndefined();
  });

  it('finds the same ranks in unsorted values without sorting them, duplicates and all', () => {
    const values = [7, 3, 9, 3, 1, 8, 8, 2, 6, 5, 4, 8, 0, 3];
    const sorted = [...values].sort((a, b) => a - b);
    const qs = [0.5, 0.9, 0.99];
    expect(nearestRanks(Float64Array.from(values), qs)).toEqual(qs.map((q) => sorted[Math.ceil(q * values.length) - 1]));
    // A thousand values in a scrambled order: rank 500, 900 and 990 are 499, 899 and 989.
    const scrambled = Float64Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    expect(nearestRanks(scrambled, qs)).toEqual([499, 899, 989]);
    expect(nearestRanks(new Float64Array(0), qs).every(Number.isNaN)).toBe(true);
  });
});

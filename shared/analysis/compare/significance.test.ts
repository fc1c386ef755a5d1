import { describe, expect, it } from 'vitest';
import { holmAdjusted, normalUpperTail, rankTest, rateTest } from './significance.ts';

const sorted = (values: number[]): Float64Array => Float64Array.from(values).sort();

describe('normalUpperTail', () => {
  it('gives the standard normal table', () => {
    // Φ(−1.959964) = 0.025, Φ(−3) = 0.0013499, Φ(0) = 0.5; and the lower side by symmetry.
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(3)).toBeCloseTo(0.0013499, 6);
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(-1.959964)).toBeCloseTo(0.975, 6);
  });
});

describe('rankTest (Mann–Whitney)', () => {
  it('matches the hand computation of a complete separation of 3 and 3', () => {
    // U(after) = 9, mean 4.5, variance 3·3·7/12 = 5.25; z = (4.5 − 0.5)/√5.25 = 1.7457; p = 2·(1 − Φ(1.7457)) = 0.08086.
    const test = rankTest(sorted([1, 2, 3]), sorted([4, 5, 6]));
    expect(test.p).toBeCloseTo(0.08086, 4);
    expect(test.superiority).toBe(1);
    expect(rankTest(sorted([4, 5, 6]), sorted([1, 2, 3])).superiority).toBe(0);
  });

  it('gives ties their mid-rank and corrects the variance for them', () => {
    // before [1, 2, 2], after [2, 3, 3]: ranks 1 | 3 3 3 | 5.5 5.5; R(after) = 3 + 11 = 14, U = 14 − 6 = 8,
    // ties Σ(t³ − t) = 24 + 6 = 30, variance 9/12·(7 − 30/30) = 4.5; z = (8 − 4.5 − 0.5)/√4.5 = 1.4142; p = 0.1573.
    const test = rankTest(sorted([1, 2, 2]), sorted([2, 3, 3]));
    expect(test.superiority).toBeCloseTo(8 / 9, 10);
    expect(test.p).toBeCloseTo(0.1573, 4);
  });

  it('says nothing changed when every value is the same', () => {
    expect(rankTest(sorted([5, 5, 5]), sorted([5, 5])).p).toBe(1);
  });
});

describe('rateTest', () => {
  it("uses Fisher's exact test when a cell expects fewer than 5 (the tea-tasting table; 1 of 12 against 7 of 12)", () => {
    expect(rateTest(3, 4, 1, 4)).toEqual({ method: 'fisher-exact', p: expect.closeTo(0.48571, 5) as number });
    // Summed from the hypergeometric probabilities with exact integer binomials (Python's math.comb).
    expect(rateTest(1, 12, 7, 12)).toEqual({ method: 'fisher-exact', p: expect.closeTo(0.027191, 6) as number });
    expect(rateTest(0, 50, 0, 50)).toEqual({ method: 'fisher-exact', p: 1 });
  });

  it('uses the pooled two-proportion z test otherwise', () => {
    // 10/100 against 30/100: pooled 0.2, se √(0.2·0.8·0.02) = 0.056569, z = 3.5355, p = 4.07e-4.
    const test = rateTest(10, 100, 30, 100);
    expect(test.method).toBe('two-proportion-z');
    expect(test.p).toBeCloseTo(4.07e-4, 5);
    // 1 of 12 against 9 of 12 expects exactly 5 in its smallest cell: z = 0.6667/√(10/24·14/24·2/12) = 3.3123, p = 9.25e-4.
    expect(rateTest(1, 12, 9, 12)).toEqual({ method: 'two-proportion-z', p: expect.closeTo(9.25e-4, 5) as number });
  });
});

describe('holmAdjusted', () => {
  it("multiplies the i-th smallest by m − i + 1 and keeps the adjusted values monotone", () => {
    // Sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → running max 0.02, 0.03, 0.06, 0.06.
    const adjusted = holmAdjusted([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((value, i) => expect(adjusted[i]).toBeCloseTo(value, 12));
    expect(holmAdjusted([0.5, 0.9])).toEqual([1, 1]);
  });
});

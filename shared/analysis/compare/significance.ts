/**
 * The tests behind `significant` (docs/compare.md says why these): a Mann–Whitney rank test for
 * latency, a two-proportion z test or Fisher's exact test for a rate, and Holm's step-down
 * adjustment over every test of one comparison. All two-sided.
 */

export type TestMethod = 'mann-whitney' | 'two-proportion-z' | 'fisher-exact';

export interface TestResult {
  readonly method: TestMethod;
  /** Two-sided p-value of this test alone. */
  readonly p: number;
}

/** P(Z ≥ z) of a standard normal: erfc(z/√2)/2, by the Chebyshev fit of erfc (fractional error below 1.2e-7). */
export function normalUpperTail(z: number): number {
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const poly = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return (x >= 0 ? erfc : 2 - erfc) / 2;
}

/**
 * Mann–Whitney U of `after` against `before` (both sorted ascending): ranks of the pooled values
 * with ties at their mid-rank, the normal approximation with the tie-corrected variance and a
 * continuity correction. `superiority` is U/(n₁n₂): the chance a request after is slower than
 * one before (ties count half), 0.5 for no shift.
 */
export function rankTest(before: Float64Array, after: Float64Array): TestResult & { readonly superiority: number } {
  const n1 = before.length;
  const n2 = after.length;
  const n = n1 + n2;
  let i = 0;
  let j = 0;
  let rank = 0;
  let afterRanks = 0;
  let ties = 0;
  while (i < n1 || j < n2) {
    const value = j >= n2 || (i < n1 && before[i]! <= after[j]!) ? before[i]! : after[j]!;
    let inBefore = 0;
    let inAfter = 0;
    while (i < n1 && before[i] === value) (i++, inBefore++);
    while (j < n2 && after[j] === value) (j++, inAfter++);
    const t = inBefore + inAfter;
    // Ranks rank+1 … rank+t share their mean.
    afterRanks += inAfter * (rank + (t + 1) / 2);
    rank += t;
    if (t > 1) ties += t * t * t - t;
  }
  const u = afterRanks - (n2 * (n2 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1)));
  const superiority = n1 * n2 > 0 ? u / (n1 * n2) : 0.5;
  if (!(variance > 0)) return { method: 'mann-whitney', p: 1, superiority };
  const z = Math.max(0, Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
  return { method: 'mann-whitney', p: Math.min(1, 2 * normalUpperTail(z)), superiority };
}

/** Expected count below which a cell makes the z test unreliable (Cochran's rule): Fisher's exact test then. */
export const FISHER_BELOW = 5;

/**
 * Whether `x2` of `n2` differs from `x1` of `n1` as a proportion: the pooled two-proportion z test
 * when every cell of the 2×2 table expects at least FISHER_BELOW, else Fisher's exact test.
 */
export function rateTest(x1: number, n1: number, x2: number, n2: number): TestResult {
  const n = n1 + n2;
  const k = x1 + x2;
  if (k === 0 || k === n) return { method: 'fisher-exact', p: 1 };
  const smallest = Math.min(n1, n2) * Math.min(k, n - k) / n;
  if (smallest < FISHER_BELOW) return { method: 'fisher-exact', p: fisherExact(x1, n1, k, n) };
  const pooled = k / n;
  const z = (x2 / n2 - x1 / n1) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { method: 'two-proportion-z', p: Math.min(1, 2 * normalUpperTail(Math.abs(z))) };
}

/** ln(m!) for m up to what was asked, kept: Fisher's tables of one comparison share it. */
let logFactorials = new Float64Array([0]);

function logFactorial(m: number): number {
  if (m >= logFactorials.length) {
    const grown = new Float64Array(Math.max(m + 1, logFactorials.length * 2));
    grown.set(logFactorials);
    for (let i = logFactorials.length; i < grown.length; i++) grown[i] = grown[i - 1]! + Math.log(i);
    logFactorials = grown;
  }
  return logFactorials[m]!;
}

/**
 * Two-sided Fisher's exact p: the hypergeometric probability of every table with the margins of
 * (x1 of n1, k of n) that is no more likely than the one seen (a relative tolerance of 1e-7 keeps
 * the table seen and its equals in). Only used when a cell's expected count is small, so the
 * support summed over is small too.
 */
function fisherExact(x1: number, n1: number, k: number, n: number): number {
  const n2 = n - n1;
  const lower = Math.max(0, k - n2);
  const upper = Math.min(k, n1);
  const base = logFactorial(k) + logFactorial(n - k) + logFactorial(n1) + logFactorial(n2) - logFactorial(n);
  const logP = (x: number): number => base - logFactorial(x) - logFactorial(k - x) - logFactorial(n1 - x) - logFactorial(n2 - k + x);
  const seen = logP(x1);
  let p = 0;
  for (let x = lower; x <= upper; x++) {
    const value = logP(x);
    if (value <= seen + 1e-7) p += Math.exp(value);
  }
  return Math.min(1, p);
}

/**
 * Holm's step-down adjustment: the i-th smallest of m p-values becomes max over j ≤ i of
 * min(1, (m − j + 1)·p₍ⱼ₎). A test is significant at family-wise level α when its adjusted p < α.
 */
export function holmAdjusted(ps: readonly number[]): number[] {
  const order = ps.map((_, index) => index).sort((a, b) => ps[a]! - ps[b]! || a - b);
  const adjusted = new Array<number>(ps.length);
  let running = 0;
  order.forEach((index, position) => {
    running = Math.max(running, Math.min(1, (ps.length - position) * ps[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}

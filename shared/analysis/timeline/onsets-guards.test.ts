import { describe, expect, it } from 'vitest';
import { minuteTraffic, type MinuteTraffic } from '../../../test/support/trace-documents.ts';
import { requestSeries } from './series.ts';
import { seriesOnsets, type Onset } from './onsets.ts';

/**
 * The onsets' scores and guards on small series built here, each expected value worked out by
 * hand from the plan (the arithmetic is in the comments), not by the code under test. A plan of
 * two minutes has one step to try: minute 0 is the baseline, minute 1 the after window.
 */
const T0 = 1_716_555_600;
const NODE = 'node:AWS::Lambda::Function|checkout';

function onsetsOf(minutes: readonly MinuteTraffic[]): Onset[] {
  const series = requestSeries(minuteTraffic(minutes, T0));
  const node = series.nodes.find((s) => s.id === NODE);
  if (node === undefined) throw new Error('no series for checkout');
  return seriesOnsets(node, series.buckets);
}

/** ln L of k successes in n at p = k/n, written out (0·ln 0 = 0). */
const ll = (k: number, n: number): number => (k === 0 ? 0 : k * Math.log(k / n)) + (n - k === 0 ? 0 : (n - k) * Math.log((n - k) / n));

describe('rate onsets: the score and how sure', () => {
  it('scores 3/40 faults before against 25/50 after by the binomial log-likelihood ratio: a low onset', () => {
    const [onset, ...others] = onsetsOf([{ ok: 37, fault: 3 }, { ok: 25, fault: 25 }]);
    // 3 ln(3/40) + 37 ln(37/40) + 25 ln(25/50) + 25 ln(25/50) − 28 ln(28/90) − 62 ln(62/90)
    // = −10.655 − 34.657 − (−55.799) = 10.486: past 10 (low), short of 20 (medium).
    const expected = 3 * Math.log(3 / 40) + 37 * Math.log(37 / 40) + 50 * Math.log(0.5) - 28 * Math.log(28 / 90) - 62 * Math.log(62 / 90);
    expect(expected).toBeCloseTo(10.486, 3);
    expect(others).toEqual([]);
    expect(onset).toMatchObject({ kind: 'fault', bucket: 1, at: T0 + 60, until: T0 + 120, confidence: 'low' });
    expect(onset!.score).toBeCloseTo(expected, 9);
    expect(onset!.before).toEqual({ requests: 40, value: 0.075 });
    expect(onset!.after).toEqual({ requests: 50, value: 0.5 });
  });

  it('is medium from 20: every one of 20 requests failing after a clean baseline of exactly 30', () => {
    // Both windows are pure (0/30, 20/20: ln L = 0); together 20/50: −(20 ln 0.4 + 30 ln 0.6) = 33.651.
    const [onset] = onsetsOf([{ ok: 30 }, { ok: 0, fault: 20 }]);
    expect(onset).toMatchObject({ kind: 'fault', bucket: 1, confidence: 'medium', before: { requests: 30, value: 0 }, after: { requests: 20, value: 1 } });
    expect(onset!.score).toBeCloseTo(-(20 * Math.log(0.4) + 30 * Math.log(0.6)), 9);
    // 29 requests are no baseline, though the same story would score −(20 ln(20/49) + 29 ln(29/49)) = 33.1.
    expect(onsetsOf([{ ok: 29 }, { ok: 0, fault: 20 }])).toEqual([]);
    expect(-ll(20, 49)).toBeGreaterThan(20);
  });

  it('needs 5 bad requests after: 5 failing after 1,000 good is an onset, 4 are not', () => {
    // 5 of 5 after 0 of 1,000: −ln L(5/1005) = 5 ln(1005/5) + 1000 ln(1005/1000) = 26.516 + 4.988 = 31.504.
    const [five] = onsetsOf([{ ok: 1000 }, { ok: 0, fault: 5 }]);
    expect(five).toMatchObject({ bucket: 1, confidence: 'medium', after: { requests: 5, value: 1 } });
    expect(five!.score).toBeCloseTo(5 * Math.log(1005 / 5) + 1000 * Math.log(1005 / 1000), 9);
    // 4 of 4 would score 4 ln(1004/4) + 1000 ln(1004/1000) = 26.1, a medium onset, were it not for the guard.
    expect(-ll(4, 1004)).toBeGreaterThan(20);
    expect(onsetsOf([{ ok: 1000 }, { ok: 0, fault: 4 }])).toEqual([]);
  });

  it('is no onset below a score of 10, though every guard passes: 3/40 against 12/50', () => {
    // 3 ln(3/40) + 37 ln(37/40) + 12 ln(12/50) + 38 ln(38/50) − 15 ln(15/90) − 75 ln(75/90) = 2.341.
    expect(ll(3, 40) + ll(12, 50) - ll(15, 90)).toBeCloseTo(2.341, 3);
    expect(onsetsOf([{ ok: 37, fault: 3 }, { ok: 38, fault: 12 }])).toEqual([]);
  });

  it('needs a rate at least twice the baseline: 10 % rising to 20 % is an onset, to 19.8 % is not', () => {
    // 100/1000 then 100/500: ln L = −325.08 − 250.20, together 200/1500: −589.01; ratio 13.728.
    const [twice] = onsetsOf([{ ok: 900, fault: 100 }, { ok: 400, fault: 100 }]);
    expect(twice).toMatchObject({ confidence: 'low', before: { requests: 1000, value: 0.1 }, after: { requests: 500, value: 0.2 } });
    expect(twice!.score).toBeCloseTo(ll(100, 1000) + ll(100, 500) - ll(200, 1500), 9);
    // 99/500 is 9.8 points above, far past the 2 points, and would score 13.245.
    expect(ll(100, 1000) + ll(99, 500) - ll(199, 1500)).toBeGreaterThan(10);
    expect(onsetsOf([{ ok: 900, fault: 100 }, { ok: 401, fault: 99 }])).toEqual([]);
  });

  it('needs a rate 2 points above the baseline: 0 to 2 % is an onset; 0 to 1.99 % and 0.1 to 2 % are not', () => {
    // 5/250 = 0.02 after 0/2000: 5 ln 0.02 + 245 ln 0.98 − (5 ln(5/2250) + 2245 ln(2245/2250)) = 11.031.
    const [two] = onsetsOf([{ ok: 2000 }, { ok: 245, fault: 5 }]);
    expect(two).toMatchObject({ confidence: 'low', after: { requests: 250, value: 0.02 } });
    expect(two!.score).toBeCloseTo(ll(5, 250) - ll(5, 2250), 9);
    // 5/251 would score 11.013; 2/2000 then 10/500 (twice and more, 1.9 points) 11.207.
    expect(Math.min(ll(5, 251) - ll(5, 2251), ll(2, 2000) + ll(10, 500) - ll(12, 2500))).toBeGreaterThan(10);
    expect(onsetsOf([{ ok: 2000 }, { ok: 246, fault: 5 }])).toEqual([]);
    expect(onsetsOf([{ ok: 1998, fault: 2 }, { ok: 490, fault: 10 }])).toEqual([]);
  });

  it('compares the 60 minutes before with the 15 from the onset, not the whole window on either side', () => {
    // 70 minutes at 1 %, 15 at 30 %, 30 at 1 % again. At minute 70: minutes 10–69 (6,000 requests,
    // 60 faults) against 70–84 (1,500, 450).
    const minutes = [...Array<MinuteTraffic>(70).fill({ ok: 99, fault: 1 }), ...Array<MinuteTraffic>(15).fill({ ok: 70, fault: 30 }), ...Array<MinuteTraffic>(30).fill({ ok: 99, fault: 1 })];
    const [onset] = onsetsOf(minutes);
    expect(onset).toMatchObject({ kind: 'fault', bucket: 70, at: T0 + 70 * 60, until: T0 + 71 * 60, confidence: 'high' });
    expect(onset!.before.requests).toBe(6000);
    expect(onset!.before.value).toBeCloseTo(0.01, 12);
    expect(onset!.after).toEqual({ requests: 1500, value: 0.3 });
    expect(onset!.score).toBeCloseTo(ll(60, 6000) + ll(450, 1500) - ll(510, 7500), 6);
  });

  it('puts the onset at the first of two failures alike: when the node began to fail, not when it failed again', () => {
    // 60 clean minutes, 15 at 30 %, 60 clean, 15 at 30 % again: both steps compare 0/1200 with 90/300,
    // the same counts and so the same score; the first is the onset.
    const episode = [...Array<MinuteTraffic>(60).fill({ ok: 20 }), ...Array<MinuteTraffic>(15).fill({ ok: 14, fault: 6 })];
    const [onset, ...others] = onsetsOf([...episode, ...episode]);
    expect(others).toEqual([]);
    expect(onset).toMatchObject({ kind: 'fault', bucket: 60, before: { requests: 1200, value: 0 }, after: { requests: 300, value: 0.3 } });
  });

  it('tries nothing on a series of fewer than 30 requests', () => {
    expect(onsetsOf([{ ok: 9 }, { ok: 0, fault: 20 }])).toEqual([]);
  });
});

describe('latency onsets: the score and the guards', () => {
  it("scores Welch's z of ln(duration) with the baseline's own variance: a rising latency", () => {
    // 20 requests at 50 ms, 20 at 100, 10 at 200, 10 at 400 (each minute a doubling, L = ln 2).
    // Best step at minute 3: before, 50 requests at ln 0.05 + (0, L, 2L) (20, 20, 10): mean + 0.8 L,
    // variance (20·0.64 + 20·0.04 + 10·1.44) L² / 49 = 28 L² / 49; after, 10 at + 3 L, variance 0
    // (taken as 0.0025). z² = (2.2 L)² / (28 L² / 49 / 50 + 0.0025 / 10) = 405.06, score z²/2 = 202.53.
    // (At minute 2: (2 L)² / (10 L² / 39 / 40 + 5 L² / 19 / 20) / 2 = 102.2, lower.)
    const L = Math.LN2;
    const expected = (2.2 * L) ** 2 / ((28 * L * L) / 49 / 50 + 0.0025 / 10) / 2;
    const [onset, ...others] = onsetsOf([{ ok: 20, duration: 0.05 }, { ok: 20, duration: 0.1 }, { ok: 10, duration: 0.2 }, { ok: 10, duration: 0.4 }]);
    expect(others).toEqual([]);
    expect(onset).toMatchObject({ kind: 'latency', bucket: 3, at: T0 + 180, until: T0 + 240, confidence: 'high' });
    expect(onset!.score / expected).toBeCloseTo(1, 5);
    expect(onset!.before.requests).toBe(50);
    expect(onset!.before.value).toBeCloseTo(0.05 * 2 ** 0.8, 6);
    expect(onset!.after.requests).toBe(10);
    expect(onset!.after.value).toBeCloseTo(0.4, 6);
  });

  it('needs a baseline of 30 requests and 10 after: 30 then 10 three times slower is an onset, 29 or 9 are not', () => {
    // Variances below the floor: z² = (ln 3)² / (0.0025 / 30 + 0.0025 / 10), score 1,810.4 (high).
    const [onset] = onsetsOf([{ ok: 30, duration: 0.05 }, { ok: 10, duration: 0.15 }]);
    expect(onset).toMatchObject({ kind: 'latency', bucket: 1, confidence: 'high', before: { requests: 30 }, after: { requests: 10 } });
    expect(onset!.score / (Math.log(3) ** 2 / (0.0025 / 30 + 0.0025 / 10) / 2)).toBeCloseTo(1, 5);
    // 29 then 10, or 30 then 9, would score (ln 3)² / (0.0025 / 29 + 0.0025 / 10) / 2 = 1,795 and 1,671.
    expect(onsetsOf([{ ok: 29, duration: 0.05 }, { ok: 10, duration: 0.15 }])).toEqual([]);
    expect(onsetsOf([{ ok: 30, duration: 0.05 }, { ok: 9, duration: 0.15 }])).toEqual([]);
  });

  it('is no onset below a score of 10: 1.58 times slower against a baseline that spreads tenfold', () => {
    // Before: 15 at 20 ms and 15 at 200 ms: mean ln(0.02 · √10), variance 30 (ln 10 / 2)² / 29 = 1.371;
    // after: 10 at 100 ms, 1.58 times the geometric mean 63.2 ms. z² = ln(1.581)² / (1.371 / 30 + 0.0025 / 10) = 4.57: score 2.28.
    const variance = (30 * (Math.LN10 / 2) ** 2) / 29;
    expect(Math.log(0.1 / (0.02 * Math.sqrt(10))) ** 2 / (variance / 30 + 0.0025 / 10) / 2).toBeLessThan(10);
    expect(onsetsOf([{ ok: 15, duration: 0.02 }, { ok: 15, duration: 0.2 }, { ok: 10, duration: 0.1 }])).toEqual([]);
  });
});

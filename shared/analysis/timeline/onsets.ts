import { statusRank } from '../../model/status.ts';
import { bucketStart, type Buckets } from './buckets.ts';
import type { RequestSeries } from './series.ts';

/**
 * Onsets: when a series' fault, error or throttle rate, or its latency, departs from its own
 * earlier baseline. For every bucket t the requests of the BASELINE buckets before t are compared
 * with those of the AFTER buckets from t on, as a step change:
 *
 * - a rate by the log-likelihood ratio of two binomials (before, after) against one — the
 *   counts are of traced requests, so a sampled series simply has fewer of them and yields a
 *   smaller ratio: sampling makes an onset less sure, never invented;
 * - latency by Welch's z of ln(duration) before and after; its score is z²/2, the same scale.
 *
 * The bucket with the highest score is the series' onset for that kind, if it passes every
 * guard: a baseline of at least MIN_BASELINE requests; for a rate at least MIN_BAD bad requests
 * after (two errors in a quiet minute are no onset) and a rate at least twice the baseline's and
 * MIN_RISE above it; for latency at least MIN_SLOW requests after and a geometric mean at least
 * LATENCY_RATIO times the baseline's; the bucket itself holds a bad request (a rate) or a request
 * (latency). How sure: the score's level (SURE). A series failing from
 * its first bucket has no baseline and so no onset: nothing departed within the window.
 */
export type OnsetKind = 'fault' | 'error' | 'throttle' | 'latency';

export const ONSET_KINDS: readonly OnsetKind[] = ['fault', 'throttle', 'error', 'latency'];

export type Confidence = 'high' | 'medium' | 'low';

export interface Onset {
  /** The series' id (`node:…`, `edge:…`, `overall`). */
  readonly series: string;
  readonly kind: OnsetKind;
  readonly bucket: number;
  /** Epoch seconds: the start and end of the onset's bucket. */
  readonly at: number;
  readonly until: number;
  /** Requests compared, and the rate (a fraction) or geometric-mean latency (seconds) before and after. */
  readonly before: { readonly requests: number; readonly value: number };
  readonly after: { readonly requests: number; readonly value: number };
  /** Log-likelihood ratio (rates) or z²/2 (latency). */
  readonly score: number;
  readonly confidence: Confidence;
}

export const BASELINE_BUCKETS = 60;
export const AFTER_BUCKETS = 15;
export const MIN_BASELINE = 30;
export const MIN_BAD = 5;
export const MIN_RISE = 0.02;
export const MIN_SLOW = 10;
export const LATENCY_RATIO = 1.5;
/** Scores from which an onset is low, medium, high: a ratio of 10 is p ≈ 1e-5 for one test. */
export const SURE: Readonly<Record<Confidence, number>> = { low: 10, medium: 20, high: 40 };
/** Variance of ln(duration) never taken below this (5 % noise): identical generated durations are not infinitely sure. */
const MIN_LOG_VARIANCE = 0.0025;

/** Running sums over the buckets: prefix[b] is the sum over buckets [0, b). */
function prefix(count: number, value: (b: number) => number): Float64Array {
  const sums = new Float64Array(count + 1);
  for (let b = 0; b < count; b++) sums[b + 1] = sums[b]! + value(b);
  return sums;
}

/** k·ln(p) + (n − k)·ln(1 − p) at p = k/n, with 0·ln 0 = 0. */
function binomialLogLikelihood(k: number, n: number): number {
  if (n === 0 || k === 0 || k === n) return 0;
  const p = k / n;
  return k * Math.log(p) + (n - k) * Math.log(1 - p);
}

function confidenceOf(score: number): Confidence | undefined {
  return score >= SURE.high ? 'high' : score >= SURE.medium ? 'medium' : score >= SURE.low ? 'low' : undefined;
}

interface Window {
  readonly from: number;
  readonly to: number;
}

function windowsAt(t: number, count: number): { before: Window; after: Window } {
  return { before: { from: Math.max(0, t - BASELINE_BUCKETS), to: t }, after: { from: t, to: Math.min(count, t + AFTER_BUCKETS) } };
}

function rateOnset(series: RequestSeries, buckets: Buckets, kind: Exclude<OnsetKind, 'latency'>, requests: Float64Array): Onset | undefined {
  const rank = statusRank(kind);
  const bad = prefix(buckets.count, (b) => series.counts[b * 4 + rank]!);
  let best: Onset | undefined;
  for (let t = 1; t < buckets.count; t++) {
    // The onset's bucket holds a bad request: a bucket without one (a silent minute before the
    // first failure) can score as high or higher, and would put the onset a bucket early, leaving
    // a change made in the first failure's own minute out of its suspects.
    if (bad[t + 1]! === bad[t]!) continue;
    const { before, after } = windowsAt(t, buckets.count);
    const n1 = requests[before.to]! - requests[before.from]!;
    const n2 = requests[after.to]! - requests[after.from]!;
    const k1 = bad[before.to]! - bad[before.from]!;
    const k2 = bad[after.to]! - bad[after.from]!;
    if (n1 < MIN_BASELINE || k2 < MIN_BAD) continue;
    const p1 = k1 / n1;
    const p2 = k2 / n2;
    if (p2 < 2 * p1 || p2 - p1 < MIN_RISE) continue;
    const score = binomialLogLikelihood(k1, n1) + binomialLogLikelihood(k2, n2) - binomialLogLikelihood(k1 + k2, n1 + n2);
    if (best !== undefined && score <= best.score) continue;
    const confidence = confidenceOf(score);
    if (confidence === undefined) continue;
    best = onsetAt(series, buckets, kind, t, { requests: n1, value: p1 }, { requests: n2, value: p2 }, score, confidence);
  }
  return best;
}

function latencyOnset(series: RequestSeries, buckets: Buckets): Onset | undefined {
  const n = prefix(buckets.count, (b) => series.offsets[b + 1]! - series.offsets[b]!);
  const sums = prefix(buckets.count, (b) => series.logSums[b]!);
  const squares = prefix(buckets.count, (b) => series.logSquares[b]!);
  const moments = (w: Window): { n: number; mean: number; variance: number } => {
    const count = n[w.to]! - n[w.from]!;
    const sum = sums[w.to]! - sums[w.from]!;
    const square = squares[w.to]! - squares[w.from]!;
    const mean = count > 0 ? sum / count : 0;
    const variance = count > 1 ? Math.max(MIN_LOG_VARIANCE, (square - sum * mean) / (count - 1)) : MIN_LOG_VARIANCE;
    return { n: count, mean, variance };
  };
  let best: Onset | undefined;
  for (let t = 1; t < buckets.count; t++) {
    // The onset's bucket holds a request (see rateOnset).
    if (n[t + 1]! === n[t]!) continue;
    const windows = windowsAt(t, buckets.count);
    const before = moments(windows.before);
    const after = moments(windows.after);
    if (before.n < MIN_BASELINE || after.n < MIN_SLOW) continue;
    if (after.mean - before.mean < Math.log(LATENCY_RATIO)) continue;
    const z = (after.mean - before.mean) / Math.sqrt(before.variance / before.n + after.variance / after.n);
    const score = (z * z) / 2;
    if (best !== undefined && score <= best.score) continue;
    const confidence = confidenceOf(score);
    if (confidence === undefined) continue;
    best = onsetAt(series, buckets, 'latency', t, { requests: before.n, value: Math.exp(before.mean) }, { requests: after.n, value: Math.exp(after.mean) }, score, confidence);
  }
  return best;
}

function onsetAt(series: RequestSeries, buckets: Buckets, kind: OnsetKind, t: number, before: Onset['before'], after: Onset['after'], score: number, confidence: Confidence): Onset {
  return { series: series.id, kind, bucket: t, at: bucketStart(buckets, t), until: bucketStart(buckets, t + 1), before, after, score, confidence };
}

/** The onsets of one series, at most one per kind, in the order of ONSET_KINDS. */
export function seriesOnsets(series: RequestSeries, buckets: Buckets): Onset[] {
  if (series.total < MIN_BASELINE) return [];
  const requests = prefix(buckets.count, (b) => series.offsets[b + 1]! - series.offsets[b]!);
  const found: Onset[] = [];
  for (const kind of ONSET_KINDS) {
    const onset = kind === 'latency' ? latencyOnset(series, buckets) : rateOnset(series, buckets, kind, requests);
    if (onset !== undefined) found.push(onset);
  }
  return found;
}

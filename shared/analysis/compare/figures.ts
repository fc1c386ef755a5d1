import type { RequestStatus } from '../../model/status.ts';
import { nearestRank } from '../../base/quantile.ts';
import type { ExceptionCount, ExceptionTally } from '../map/index.ts';
import type { TimeRange } from './ranges.ts';
import type { TestResult } from './significance.ts';

/** The three statuses other than ok, each tested as a rate (ok is what is left: not tested apart). */
export const TESTED_RATES = ['error', 'throttle', 'fault'] as const satisfies readonly RequestStatus[];
export type TestedRate = (typeof TESTED_RATES)[number];

export type Rates = Readonly<Record<RequestStatus, number>>;
export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/** What the Traces view needs to list the traces behind a figure: its `window`, and `node` or `edge` (the map's ids). */
export interface TracesLink {
  readonly window: TimeRange;
  readonly node?: string;
  readonly edge?: string;
}

/** A node's or edge's figures in one range. Times are seconds; rates fractions of `requests`. */
export interface RangeFigures {
  /** Completed requests (X-Ray's TotalCount): segments of a node, calls along an edge. */
  readonly requests: number;
  readonly counts: Rates;
  /** Null without requests. */
  readonly rates: Rates | null;
  /** Nearest-rank percentiles (base/quantile.ts, as the map and the timeline), null without requests. */
  readonly latency: Percentiles | null;
  readonly traces: TracesLink;
}

export interface FigureDelta {
  readonly requests: number;
  /** after − before, as fractions (0.12 is 12 percentage points); null when a range has no requests. */
  readonly rates: Rates | null;
  /** after − before, seconds. */
  readonly latency: Percentiles | null;
  /** after / before − 1 (0.5 is 50 % slower); null where before is 0. */
  readonly relativeLatency: { readonly p50: number | null; readonly p90: number | null; readonly p99: number | null } | null;
}

export interface AdjustedTest extends TestResult {
  /** Holm-adjusted over every test of the comparison; significant when below ALPHA (range-compare.ts). */
  readonly adjustedP: number;
  readonly significant: boolean;
}

export interface FigureTests {
  /** With `superiority`: the chance a request after is slower than one before. */
  readonly latency: (AdjustedTest & { readonly superiority: number }) | null;
  readonly rates: Readonly<Record<TestedRate, AdjustedTest>>;
}

/** One side of a figure as computed: its figures and its sorted durations (for the tests and the histogram). */
export interface Side {
  readonly figures: RangeFigures;
  readonly sorted: Float64Array;
}

const NONE = { counts: new Uint32Array(4), sorted: new Float64Array(0) };

/**
 * Figures of a node's or edge's requests in a range — counts by status rank (STATUS_ORDER's
 * index) and durations sorted; undefined: none in that range — with their traces link.
 */
export function sideOf(sample: { readonly counts: ArrayLike<number>; readonly sorted: Float64Array } | undefined, traces: TracesLink): Side {
  const { counts: byRank, sorted } = sample ?? NONE;
  const [ok, error, throttle, fault] = [byRank[0]!, byRank[1]!, byRank[2]!, byRank[3]!];
  const total = ok + error + throttle + fault;
  const counts = { ok, error, throttle, fault };
  const rates = total > 0 ? { ok: ok / total, error: error / total, throttle: throttle / total, fault: fault / total } : null;
  const latency = sorted.length > 0 ? { p50: micros(nearestRank(sorted, 0.5)!), p90: micros(nearestRank(sorted, 0.9)!), p99: micros(nearestRank(sorted, 0.99)!) } : null;
  return { figures: { requests: total, counts, rates, latency, traces }, sorted };
}

/** Seconds to the microsecond (finer than X-Ray asks times to be, docs/compare.md): a duration is a difference of epoch seconds, whose float noise is ~1e-7 s. */
const micros = (seconds: number): number => Math.round(seconds * 1e6) / 1e6;
const relative = (after: number, before: number): number | null => (before > 0 ? Number((after / before - 1).toFixed(6)) : null);

export function deltaOf(before: RangeFigures, after: RangeFigures): FigureDelta {
  const b = before.rates;
  const a = after.rates;
  const bl = before.latency;
  const al = after.latency;
  return {
    requests: after.requests - before.requests,
    rates: a && b ? { ok: a.ok - b.ok, error: a.error - b.error, throttle: a.throttle - b.throttle, fault: a.fault - b.fault } : null,
    latency: al && bl ? { p50: micros(al.p50 - bl.p50), p90: micros(al.p90 - bl.p90), p99: micros(al.p99 - bl.p99) } : null,
    relativeLatency: al && bl ? { p50: relative(al.p50, bl.p50), p90: relative(al.p90, bl.p90), p99: relative(al.p99, bl.p99) } : null,
  };
}

/** An exception kind recorded in one range and not the other (by type and message), as the map counts it: `count` is the times recorded in the range where it is. */
export type ExceptionChange = ExceptionCount;

export interface ExceptionChanges {
  readonly appeared: readonly ExceptionChange[];
  readonly vanished: readonly ExceptionChange[];
}

/** At most this many of each, most frequent first. */
const MAX_EXCEPTION_CHANGES = 10;

export function exceptionChanges(before: ExceptionTally | undefined, after: ExceptionTally | undefined): ExceptionChanges {
  const keyOf = (kind: { readonly type: string; readonly message: string }): string => `${kind.type}\u0000${kind.message}`;
  const only = (from: ExceptionTally | undefined, other: ExceptionTally | undefined): ExceptionChange[] => {
    const there = new Set((other?.top ?? []).map(keyOf));
    return (from?.top ?? [])
      .filter((kind) => !there.has(keyOf(kind)))
      .slice(0, MAX_EXCEPTION_CHANGES)
      .map(({ type, message, remote, count, traceId, spanId }) => ({ type, message, remote, count, traceId, spanId }));
  };
  return { appeared: only(after, before), vanished: only(before, after) };
}

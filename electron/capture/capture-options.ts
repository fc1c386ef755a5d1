/**
 * What a capture is asked to fetch. Times are absolute here (epoch milliseconds): relative times
 * are resolved once, when the capture starts, and stored with the journal so `--resume` fetches
 * the same window.
 */
import { AppError } from '../../shared/base/errors.ts';

export type TraceSelection =
  | { readonly mode: 'all' }
  /** The most recent N. */
  | { readonly mode: 'recent'; readonly count: number }
  | { readonly mode: 'slowest'; readonly count: number }
  /** The most recent N with a fault (5xx). */
  | { readonly mode: 'faults'; readonly count: number }
  /** A share of the traces (0 < fraction ≤ 1), spread evenly over the window. */
  | { readonly mode: 'share'; readonly fraction: number };

export type CloudTrailMode = 'changes' | 'all' | 'none';

export interface CaptureRequest {
  readonly region: string;
  /** Epoch milliseconds; the window is [from, to). */
  readonly from: number;
  readonly to: number;
  readonly filterExpression?: string;
  readonly group?: string;
  readonly timeRangeType?: 'TraceId' | 'Event' | 'Service';
  readonly sampling?: { readonly name: 'PartialScan' | 'FixedRate'; readonly value: number };
  readonly traces: TraceSelection;
  readonly cloudtrail: CloudTrailMode;
  /**
   * X-Ray GetTimeSeriesServiceStatistics for the window, when asked: for the entities the selector
   * names (`service("name")`, `edge(…)`, `id(…)`), or X-Ray's default without one.
   */
  readonly timeSeries?: { readonly entitySelector?: string };
  /** Also look up events in us-east-1 (where IAM and STS land). Default true. */
  readonly cloudtrailGlobalRegion?: boolean;
  readonly metrics: boolean;
  /** Also the per-method metrics (the `{ApiName, Method, Resource, Stage}` set, there only with detailed metrics on). Default true. */
  readonly metricsPerMethod?: boolean;
  /** GetMetricData period, fixed when the capture starts so a resume asks the same queries. */
  readonly metricPeriodSeconds?: number;
}

/** Parses `all`, `N`, `slowest:N`, `faults:N` or `share:F` (0 < F ≤ 1). */
export function parseTraceSelection(text: string): TraceSelection {
  if (text === 'all') return { mode: 'all' };
  const share = /^share:(\d*\.?\d+)$/.exec(text);
  if (share) {
    const fraction = Number(share[1]);
    if (!(fraction > 0 && fraction <= 1)) throw new AppError('invalidInput', `--traces share:F takes a fraction above 0 and at most 1 (got '${text}').`);
    return { mode: 'share', fraction };
  }
  const match = /^(?:(slowest|faults):)?(\d+)$/.exec(text);
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || !Number.isSafeInteger(count)) {
    throw new AppError('invalidInput', `--traces takes all, N, slowest:N or faults:N (got '${text}').`);
  }
  const mode = match[1];
  return mode === 'slowest' ? { mode: 'slowest', count } : mode === 'faults' ? { mode: 'faults', count } : { mode: 'recent', count };
}

export function describeTraceSelection(selection: TraceSelection): string {
  if (selection.mode === 'all') return 'all';
  if (selection.mode === 'share') return `share:${selection.fraction}`;
  return `${selection.mode === 'recent' ? '' : `${selection.mode}:`}${selection.count}`;
}

const UNITS = new Map([
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
  ['w', 604_800_000],
]);

/** Parses an ISO-8601 time, `now`, or a time relative to `now` such as `-3h`, `-90m`, `-2d`. */
export function parseTime(text: string, now: number): number {
  const trimmed = text.trim();
  if (trimmed === 'now') return now;
  const relative = /^-(\d+(?:\.\d+)?)([smhdw])$/.exec(trimmed);
  if (relative) return now - Number(relative[1]) * (UNITS.get(relative[2] as string) as number);
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new AppError('invalidInput', `Cannot read the time '${text}': give ISO-8601 (2024-05-24T14:00:00Z) or a relative time such as -3h, -90m, -2d.`);
}

const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** Checks the shape of a Region name (`eu-west-1`, `us-gov-west-1`); the endpoint check comes with the first call. */
export function checkRegion(region: string): void {
  if (!REGION_PATTERN.test(region)) {
    throw new AppError('invalidInput', `Unknown region '${region}': a region looks like us-east-1 or eu-west-1.`);
  }
}

/** Splits [from, to) into consecutive sub-windows of at most `width` ms. */
export function splitWindow(from: number, to: number, width: number): { start: number; end: number }[] {
  const windows: { start: number; end: number }[] = [];
  for (let start = from; start < to; start += width) windows.push({ start, end: Math.min(to, start + width) });
  return windows;
}

/** GetTimeSeriesServiceStatistics period: a minute up to a day, 5 minutes up to a week, an hour beyond. */
export function timeSeriesPeriod(from: number, to: number): number {
  const span = to - from;
  return span <= 86_400_000 ? 60 : span <= 7 * 86_400_000 ? 300 : 3600;
}

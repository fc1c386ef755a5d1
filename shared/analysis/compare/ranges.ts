import { AppError } from '../../base/errors.ts';
import { formatTime, formatTimeRange } from '../../base/format.ts';
import type { Dataset } from '../../model/dataset.ts';

/** A range of trace start times, epoch seconds, both ends included (the Traces view's `window`). */
export type TimeRange = readonly [number, number];

/** The two ranges compared, and the change that split them when one did. */
export interface CompareRanges {
  readonly before: TimeRange;
  readonly after: TimeRange;
  readonly change?: { readonly eventId: string; readonly eventName: string; readonly at: number };
}

/**
 * What a view or the command line asks for: two explicit ranges; or a change (its time splits the
 * traces) with, optionally, the after range; or only the before range. The side not given is as
 * long as the other, on the other side of the split (the change's time, or the end of `before`),
 * clipped to the traces' first and last start.
 */
export interface CompareRangesRequest {
  readonly before?: TimeRange;
  readonly after?: TimeRange;
  /** A CloudTrail eventId of the dataset. */
  readonly change?: string;
}

/**
 * X-Ray's times are no finer than the microsecond (docs/compare.md): a before range that ends at
 * a split ends one microsecond before it, so a trace that starts exactly at the change counts once, as after.
 */
const RESOLUTION = 1e-6;

function traceSpan(dataset: Dataset): TimeRange {
  const { traces } = dataset;
  if (traces.length === 0) throw new AppError('invalidInput', 'No traces: there is nothing to compare.');
  return [traces[0]!.start, traces[traces.length - 1]!.start];
}

function checkRange(range: TimeRange, name: string): void {
  if (!Array.isArray(range) || range.length !== 2 || !range.every(Number.isFinite) || range[0] > range[1]) {
    throw new AppError('invalidInput', `The ${name} range must be two times in epoch seconds, the first not after the second.`);
  }
}

/**
 * The change's split: ranges of equal length L on both sides of its time t, as long as the traces
 * allow on both sides (L = min(t − first start, last start − t)). The lengths are equal so that
 * request counts compare too; a change near an end of the data gives short ranges (ask for one
 * side explicitly then).
 */
export function rangesAroundChange(dataset: Dataset, eventId: string, after?: TimeRange): CompareRanges {
  const event = dataset.events.find((candidate) => candidate.eventId === eventId);
  if (event === undefined) throw new AppError('notFound', `No CloudTrail event with eventId '${eventId}' in the files.`);
  const at = event.time / 1000;
  const change = { eventId, eventName: event.eventName, at };
  const [first, last] = traceSpan(dataset);
  if (after !== undefined) {
    checkRange(after, 'after');
    const length = after[1] - after[0];
    return { before: [Math.max(first, at - length), at - RESOLUTION], after, change };
  }
  const length = Math.min(at - first, last - at);
  if (!(length > 0)) {
    throw new AppError('invalidInput', `The change ${event.eventName} (${eventId}) at ${formatTime(event.time)} is not inside the traces (${formatTimeRange(first, last)}): there are no traces on one side of it. Give --before and --after ranges instead.`);
  }
  return { before: [at - length, at - RESOLUTION], after: [at, at + length], change };
}

/** Explicit ranges; without `after`, the same length right after `before`, clipped to the last trace start. */
export function explicitRanges(dataset: Dataset, before: TimeRange, after?: TimeRange): CompareRanges {
  checkRange(before, 'before');
  if (after !== undefined) {
    checkRange(after, 'after');
    return { before, after };
  }
  const [, last] = traceSpan(dataset);
  const from = before[1] + RESOLUTION;
  return { before, after: [from, Math.max(from, Math.min(last, from + (before[1] - before[0])))] };
}

/**
 * Two inputs opened together as two snapshots of one system (last week's and today's): before is
 * the first input's span of trace starts, after the second's (each input's span of segment
 * starts, shared/incident OpenedIncident.inputSpans). Spans that overlap are refused: the traces
 * of the two could not be told apart by time.
 */
export function inputRanges(names: readonly string[], spans: readonly (TimeRange | undefined)[] | undefined): CompareRanges {
  if (names.length !== 2 || spans?.length !== 2) throw new AppError('invalidInput', `Two snapshots are compared as two inputs opened together (the before and the after); ${names.length === 1 ? 'one was' : `${names.length} were`} opened.`);
  const [before, after] = spans;
  for (const [i, span] of [before, after].entries()) {
    if (span === undefined) throw new AppError('invalidInput', `${names[i]}: no X-Ray traces, so no range to compare.`);
  }
  if (before![0] <= after![1] && after![0] <= before![1]) {
    throw new AppError(
      'invalidInput',
      `The traces of ${names[0]} (${formatTimeRange(...before!)}) and ${names[1]} (${formatTimeRange(...after!)}) overlap in time: opened together, their traces cannot be told apart by time. Compare ranges of one incident instead.`,
    );
  }
  return { before: before!, after: after! };
}

/** The ranges a request names (see CompareRangesRequest); an error says what is missing or wrong. */
export function resolveRanges(dataset: Dataset, request: CompareRangesRequest): CompareRanges {
  if (request.change !== undefined) {
    if (request.before !== undefined) throw new AppError('invalidInput', 'Give a change or a before range, not both.');
    return rangesAroundChange(dataset, request.change, request.after);
  }
  if (request.before === undefined) throw new AppError('invalidInput', 'Give a before range or a change to compare around.');
  return explicitRanges(dataset, request.before, request.after);
}

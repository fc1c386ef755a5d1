import { finiteNumber } from '../../base/json.ts';
import { rankOfBits, statusOfBits, type RequestStatus } from '../../model/status.ts';
import { TraceFlag, type TraceTable } from './trace-table.ts';

/**
 * One row of the Traces view's table, built from the trace table (summary values when the
 * snapshot has them, else the assembled trace). Rows cross to the UI a page at a time.
 */
export interface TraceListRow {
  /** Position of the row in the list it was asked from (0-based). */
  readonly position: number;
  readonly id: string;
  /** Epoch seconds. */
  readonly start: number;
  /** Seconds. */
  readonly duration: number;
  /** Seconds; undefined when unknown. */
  readonly responseTime: number | undefined;
  /** The root's outcome: 5xx fault, 429 throttle, 4xx error, else ok. */
  readonly status: RequestStatus;
  /** Some segment was throttled (429), whatever the root returned. */
  readonly throttled: boolean;
  readonly partial: boolean;
  readonly httpStatus: number | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  /** The entry node (EntryPoint, or the root segment's node). */
  readonly entry: string | undefined;
  readonly entryType: string | undefined;
  /** The first annotations as `[key, values]` text pairs (values joined with ", "), AWS's own (`aws:`) last. */
  readonly annotations: readonly (readonly [string, string])[];
  readonly annotationCount: number;
  /**
   * Set on a row asked for `quickAnnotations` whose trace's annotations were not read yet (a large
   * trace without a summary): `annotations` is empty and `annotationCount` 0 until the row is asked
   * for again without it.
   */
  readonly annotationsPending?: true;
  /** Spans of the assembled trace; undefined when the snapshot only has the trace's summary. */
  readonly spans: number | undefined;
}

export const ROW_ANNOTATIONS = 6;

const NO_ANNOTATIONS: ReadonlyMap<string, readonly unknown[]> = new Map();

/**
 * The StatusBit bits of a trace's root from its TraceFlag bits and root HTTP status: fault and
 * error are the root's already; TraceFlag.throttle is any segment's, so the root counts as
 * throttled only when its 4xx is a 429 (or, without a status, when some segment was throttled).
 */
function rootStatusBits(flags: number, httpStatus: number): number {
  const error = flags & TraceFlag.error;
  const throttled = error !== 0 && (httpStatus === 429 || (Number.isNaN(httpStatus) && (flags & TraceFlag.throttle) !== 0));
  return (flags & TraceFlag.fault) | error | (throttled ? TraceFlag.throttle : 0);
}

/** The root's outcome (model/status.ts `statusOf` of its flags). */
function traceListStatus(flags: number, httpStatus: number): RequestStatus {
  return statusOfBits(rootStatusBits(flags, httpStatus));
}

/** `statusRank(traceListStatus(…))`, for sorting 100,000 rows without making their statuses. */
export function traceListRank(flags: number, httpStatus: number): number {
  return rankOfBits(rootStatusBits(flags, httpStatus));
}

/** Row `position` of a list, trace `index` of the table; `quickAnnotations`: leave a large trace's unread annotations pending. */
export function traceListRow(table: TraceTable, index: number, position: number, quickAnnotations = false): TraceListRow {
  const flags = table.flags[index]!;
  const httpStatus = table.httpStatus[index]!;
  const annotations: [string, string][] = [];
  const known = quickAnnotations ? table.annotationsIfQuick(index) : table.annotationsOf(index);
  const all = known ?? NO_ANNOTATIONS;
  // The application's own annotations first; those AWS adds (`aws:api_id`…) after them.
  for (const awsFirst of [false, true]) {
    for (const [key, values] of all) {
      if (annotations.length === ROW_ANNOTATIONS) break;
      if (key.startsWith('aws:') === awsFirst) annotations.push([key, values.map(String).join(', ')]);
    }
  }
  return {
    position,
    id: table.ids[index]!,
    start: table.start[index]!,
    duration: table.duration[index]!,
    responseTime: finiteNumber(table.responseTime[index]!),
    status: traceListStatus(flags, httpStatus),
    throttled: (flags & TraceFlag.throttle) !== 0,
    partial: (flags & TraceFlag.partial) !== 0,
    httpStatus: finiteNumber(httpStatus),
    method: table.method[index],
    url: table.url[index],
    entry: table.entryName[index],
    entryType: table.entryType[index],
    annotations,
    annotationCount: all.size,
    spans: table.traces[index]?.spans.length,
    ...(known ? {} : { annotationsPending: true as const }),
  };
}

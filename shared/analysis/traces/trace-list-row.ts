import { TraceFlag, type TraceTable } from './trace-table.ts';

/**
 * One row of the Traces view's table, built from the trace table (summary values when the
 * snapshot has them, else the assembled trace). Rows cross to the UI a page at a time.
 */
export type TraceListStatus = 'ok' | 'error' | 'throttle' | 'fault';

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
  readonly status: TraceListStatus;
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
  /** Spans of the assembled trace; undefined when the snapshot only has the trace's summary. */
  readonly spans: number | undefined;
}

export const ROW_ANNOTATIONS = 6;

const STATUS_RANK: Readonly<Record<TraceListStatus, number>> = { ok: 0, error: 1, throttle: 2, fault: 3 };

export function traceListStatus(flags: number, httpStatus: number): TraceListStatus {
  if (flags & TraceFlag.fault) return 'fault';
  if (flags & TraceFlag.error) return httpStatus === 429 || (Number.isNaN(httpStatus) && (flags & TraceFlag.throttle) !== 0) ? 'throttle' : 'error';
  return 'ok';
}

/** ok < error < throttle < fault, for sorting. */
export function statusRank(status: TraceListStatus): number {
  return STATUS_RANK[status];
}

const finiteOrUndefined = (value: number): number | undefined => (Number.isFinite(value) ? value : undefined);

export function traceListRow(table: TraceTable, index: number, position: number): TraceListRow {
  const flags = table.flags[index]!;
  const httpStatus = table.httpStatus[index]!;
  const annotations: [string, string][] = [];
  const all = table.annotationsOf(index);
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
    responseTime: finiteOrUndefined(table.responseTime[index]!),
    status: traceListStatus(flags, httpStatus),
    throttled: (flags & TraceFlag.throttle) !== 0,
    partial: (flags & TraceFlag.partial) !== 0,
    httpStatus: finiteOrUndefined(httpStatus),
    method: table.method[index],
    url: table.url[index],
    entry: table.entryName[index],
    entryType: table.entryType[index],
    annotations,
    annotationCount: all.size,
    spans: table.traces[index]?.spans.length,
  };
}

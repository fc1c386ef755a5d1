import { finiteNumber, jsonObject, jsonString } from '../../base/json.ts';
import type { Dataset } from '../../model/dataset.ts';
import type { Trace } from '../../model/trace.ts';
import type { XRayTraceSummary } from '../../model/xray.ts';
import { canonicalType } from '../../dataset/index.ts';
import { traceScalars } from './trace-read.ts';
import { TraceFlag } from './trace-flags.ts';

export interface TraceSource {
  readonly trace?: Trace | undefined;
  readonly summary?: XRayTraceSummary | undefined;
}

/**
 * Every trace of a dataset: the assembled traces in dataset order (start time, id), then the
 * traces known only from a summary, by start time and id.
 */
export function traceSources(dataset: Dataset): TraceSource[] {
  const summaryById = new Map<string, XRayTraceSummary>();
  for (const summary of dataset.summaries) summaryById.set(summary.Id, summary);
  const sources: TraceSource[] = dataset.traces.map((trace) => ({ trace, summary: summaryById.get(trace.id) }));
  const onlySummaries = dataset.summaries.filter((summary) => !dataset.traceById.has(summary.Id));
  const startOf = (summary: XRayTraceSummary): number => finiteNumber(summary.StartTime) ?? Number.POSITIVE_INFINITY;
  onlySummaries.sort((a, b) => startOf(a) - startOf(b) || (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0));
  for (const summary of onlySummaries) sources.push({ summary });
  return sources;
}

/** The trace table's row values (TraceTable's columns of the same names). */
export interface TraceRows {
  readonly ids: readonly string[];
  /** Epoch seconds. */
  readonly start: Float64Array;
  /** Seconds. */
  readonly duration: Float64Array;
  /** Seconds; NaN when unknown. */
  readonly responseTime: Float64Array;
  /** NaN when the root has no HTTP status. */
  readonly httpStatus: Float64Array;
  /** TraceFlag bits. */
  readonly flags: Uint8Array;
  readonly url: readonly (string | undefined)[];
  readonly method: readonly (string | undefined)[];
  readonly userAgent: readonly (string | undefined)[];
  readonly clientIp: readonly (string | undefined)[];
  readonly entryName: readonly (string | undefined)[];
  readonly entryType: readonly (string | undefined)[];
}

/** Traces read between two looks at the clock. */
const STEP_TRACES = 256;

/**
 * The rows of `sources`, a few hundred traces at a time (`step` until `stop()` says so; true once
 * every row is read): each trace's values from its summary when there is one (as X-Ray evaluates
 * them), else from the assembled trace, whose root documents are read for them — over a month of
 * traces one 1.5 s task when made at once, so the worker's idle work makes it in slices.
 */
export class TraceRowsBuilder {
  private next = 0;
  private readonly n: number;
  private readonly start: Float64Array;
  private readonly duration: Float64Array;
  private readonly responseTime: Float64Array;
  private readonly httpStatus: Float64Array;
  private readonly flags: Uint8Array;
  // Columns are filled with push: `new Array(n)` of 100,000 may give slow dictionary elements.
  private readonly ids: string[] = [];
  private readonly url: (string | undefined)[] = [];
  private readonly method: (string | undefined)[] = [];
  private readonly userAgent: (string | undefined)[] = [];
  private readonly clientIp: (string | undefined)[] = [];
  private readonly entryName: (string | undefined)[] = [];
  private readonly entryType: (string | undefined)[] = [];

  constructor(readonly sources: readonly TraceSource[]) {
    const n = (this.n = sources.length);
    this.start = new Float64Array(n);
    this.duration = new Float64Array(n);
    this.responseTime = new Float64Array(n);
    this.httpStatus = new Float64Array(n);
    this.flags = new Uint8Array(n);
  }

  step(stop: () => boolean): boolean {
    const { sources, ids, url, method, userAgent, clientIp, entryName, entryType } = this;
    while (this.next < this.n) {
      const end = Math.min(this.n, this.next + STEP_TRACES);
      for (let i = this.next; i < end; i++) {
        const { trace, summary } = sources[i]!;
        const base = trace ? traceScalars(trace) : undefined;
        const http = jsonObject(summary?.Http);
        const entry = jsonObject(summary?.EntryPoint);
        const flag = (field: 'HasFault' | 'HasError' | 'HasThrottle' | 'IsPartial', fallback: boolean | undefined): boolean => {
          const value = summary?.[field];
          return typeof value === 'boolean' ? value : (fallback ?? false);
        };
        ids.push(trace?.id ?? summary?.Id ?? '');
        this.start[i] = finiteNumber(summary?.StartTime) ?? trace?.start ?? Number.NaN;
        this.duration[i] = finiteNumber(summary?.Duration) ?? base?.duration ?? 0;
        this.responseTime[i] = finiteNumber(summary?.ResponseTime) ?? base?.responseTime ?? Number.NaN;
        this.httpStatus[i] = finiteNumber(http?.['HttpStatus']) ?? base?.httpStatus ?? Number.NaN;
        this.flags[i] =
          (flag('HasFault', base?.fault) ? TraceFlag.fault : 0) |
          (flag('HasError', base?.error) ? TraceFlag.error : 0) |
          (flag('HasThrottle', base?.throttle) ? TraceFlag.throttle : 0) |
          (flag('IsPartial', base?.partial) ? TraceFlag.partial : 0);
        url.push(jsonString(http?.['HttpURL']) ?? base?.url);
        method.push(jsonString(http?.['HttpMethod']) ?? base?.method);
        userAgent.push(jsonString(http?.['UserAgent']) ?? base?.userAgent);
        clientIp.push(jsonString(http?.['ClientIp']) ?? base?.clientIp);
        entryName.push(jsonString(entry?.['Name']) ?? base?.entryName);
        const type = jsonString(entry?.['Type']);
        entryType.push(type !== undefined ? canonicalType(type) : base?.entryType);
      }
      this.next = end;
      if (end < this.n && stop()) return false;
    }
    return true;
  }

  /** The rows, once `step` said they are all read. */
  rows(): TraceRows {
    const { ids, start, duration, responseTime, httpStatus, flags, url, method, userAgent, clientIp, entryName, entryType } = this;
    return { ids, start, duration, responseTime, httpStatus, flags, url, method, userAgent, clientIp, entryName, entryType };
  }
}

/** The rows of `sources`, read at once. */
export function traceRows(sources: readonly TraceSource[]): TraceRows {
  const builder = new TraceRowsBuilder(sources);
  builder.step(() => false);
  return builder.rows();
}

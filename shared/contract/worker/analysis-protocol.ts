import type { AppErrorData } from '../../base/errors.ts';
import type { ByteStreamLike } from '../../base/web-apis.ts';
import type { Problem, ServiceGraph } from '../../model/index.ts';
import type { IncidentSummary } from '../../incident/index.ts';
import type { ServiceMapModel } from '../../analysis/map/index.ts';
import type { TraceQueries } from './trace-protocol.ts';
import type { TraceListPage, TraceListRequest, TraceStats, TraceStatsRequest } from '../../analysis/traces/index.ts';
import type { TimelineModel, TimelineRequest } from '../../analysis/timeline/index.ts';
import type { ChangeDetail, ChangeListPage, ChangeListRequest } from '../../analysis/changes/index.ts';
import type { CompareRangesRequest, CompareTracesRequest, RangeComparison, TraceComparison } from '../../analysis/compare/index.ts';

export type { ChangeDetail, ChangeListPage, ChangeListRequest };

/**
 * The typed RPC between the UI thread and the analysis worker. The worker keeps the opened
 * incident (every document, every span); the UI asks for what it shows — one page of rows at a
 * time — so big data never crosses postMessage. To add a query: one entry in AnalysisQueries and
 * one handler in analysis-handlers.ts (the compiler checks the pair).
 */

export interface InputBytes {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A File or Blob as the worker reads it: streamed, or read whole for a format that is not line-oriented. */
export interface BlobLike {
  readonly size: number;
  stream(): ByteStreamLike;
}

/**
 * A file to open: its bytes (moved), a dropped or picked File (cloned by reference: the worker
 * streams it from disk), a stream of its bytes (transferred) with its size when known, or a URL
 * the worker fetches itself (the local web host's file endpoint: the body never passes through the
 * UI thread), with the headers to send and its size as the host gave it.
 */
export type OpenInput =
  | InputBytes
  | { readonly name: string; readonly blob: BlobLike }
  | { readonly name: string; readonly stream: ByteStreamLike; readonly size?: number | undefined }
  | { readonly name: string; readonly url: string; readonly headers?: Readonly<Record<string, string>>; readonly size?: number | undefined };

/** Sent by the worker while an open runs (`WorkerProgress`), about a tenth of a second apart. */
export interface OpenProgressData {
  /** `reading` the files, then `assembling` the traces, then `summarizing` (the map's graph). */
  readonly phase: 'reading' | 'assembling' | 'summarizing';
  /** The file being read, counted from 0, of `files`. */
  readonly file: number;
  readonly files: number;
  readonly name: string;
  /** Bytes of the file as stored read so far, and its size when known. */
  readonly fileBytes: number;
  readonly fileSize: number | undefined;
  /** Bytes of JSON text (decompressed) and records so far. */
  readonly textBytes: number;
  readonly records: number;
}

/** What the UI keeps about an opened incident: names, counts and a bounded list of problems. */
export interface IncidentOverview {
  readonly files: readonly string[];
  readonly summary: Omit<IncidentSummary, 'problems'>;
  /** Every span of every trace (segments, subsegments and inferred nodes). */
  readonly spans: number;
  /** The first problems (at most MAX_PROBLEMS_SENT); `problemCount` says how many there are. */
  readonly problems: readonly Problem[];
  readonly problemCount: number;
  readonly duplicates: number;
  readonly replaced: number;
  readonly openMillis: number;
  /**
   * With several files, each one's span of trace starts (epoch seconds; undefined without traces):
   * two snapshots of one system opened together are compared file against file (Compare).
   */
  readonly inputSpans?: readonly (readonly [number, number] | undefined)[];
}

export const MAX_PROBLEMS_SENT = 200;

/** TraceQueries (trace-protocol.ts): the waterfall's tree, analysis, documents and search. */
export interface AnalysisQueries extends TraceQueries {
  /**
   * Reads the files as one incident, replacing any open one, with progress on the way
   * (`WorkerProgress` messages with this request's id); `cancel` with this id stops it.
   */
  readonly open: {
    readonly params: {
      readonly inputs: readonly OpenInput[];
      /**
       * Parse workers for a big snapshot's records (renderer/workers/record-parsers.ts): 0 for
       * none; unset, the worker's own choice from the machine's cores. The page passes what its
       * URL asks (`?parseWorkers=N`, for the benchmarks and tests).
       */
      readonly parseWorkers?: number;
    };
    readonly result: IncidentOverview;
  };
  /**
   * Builds what the first view did not need (the filter's indexes) in short slices between other
   * queries; the UI sends it once the first view is painted.
   */
  readonly prepareIndexes: { readonly params: Record<string, never>; readonly result: null };
  /** The service map view's model (stats, texts, layout); without `origin`, the default graph. Null when there is no graph. */
  /** The map; with `window` (epoch seconds), the computed one of the traces that start in it (serviceMapOf). */
  readonly serviceMap: { readonly params: { readonly origin?: ServiceGraph['origin']; readonly window?: readonly [number, number] }; readonly result: ServiceMapModel | null };
  /** The Traces view: a page of the traces matching a filter expression, map node or edge, duration range and root-cause group. */
  readonly traceList: { readonly params: TraceListRequest; readonly result: TraceListPage };
  /** The Timeline view: one series' lanes at most `maxBuckets` wide, with the incident's onsets, suspects and change lane. */
  readonly timeline: { readonly params: TimelineRequest; readonly result: TimelineModel };
  /** The Changes view: a page of the CloudTrail events matching its filters. */
  readonly changeList: { readonly params: ChangeListRequest; readonly result: ChangeListPage };
  /** One CloudTrail event: who, what, its configuration diff and its record; null for an unknown id. */
  readonly changeDetail: { readonly params: { readonly eventId: string }; readonly result: ChangeDetail | null };
  /** The Traces view's duration histogram and root-cause groups for the same query. */
  readonly traceListStats: { readonly params: TraceStatsRequest; readonly result: TraceStats };
  /** Compare: two ranges of trace starts (explicit, or split at a change's time), node by node and edge by edge (compareRequested). */
  readonly compareRanges: { readonly params: CompareRangesRequest; readonly result: RangeComparison };
  /**
   * Two traces span by span (two ids, or the typical trace of an entry node in two ranges): the
   * merged rows with both sides' values and the deltas as typed columns, rows by |delta|, the
   * subtrees only one has, status and critical-path changes (analysis/compare traces.ts).
   */
  readonly compareTraces: { readonly params: CompareTracesRequest; readonly result: TraceComparison };
  /** The typical trace (median duration, traces-typical.ts) of the entry node a trace enters through, among all traces: what the Trace view compares it with. */
  readonly typicalTrace: { readonly params: { readonly traceId: string }; readonly result: { readonly entry: string; readonly traceId: string; readonly candidates: number } };
}

export type QueryName = keyof AnalysisQueries;
export type QueryParams<Q extends QueryName> = AnalysisQueries[Q]['params'];
export type QueryResult<Q extends QueryName> = AnalysisQueries[Q]['result'];

export interface WorkerRequest {
  readonly id: number;
  readonly query: QueryName;
  readonly params: unknown;
}

/** Stops the request `cancel` (an open): it answers with a `cancelled` error. */
export interface WorkerCancel {
  readonly cancel: number;
}

export type WorkerMessage = WorkerRequest | WorkerCancel;

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: AppErrorData };

/** Progress of request `id`, before its answer. */
export interface WorkerProgress {
  readonly id: number;
  readonly progress: OpenProgressData;
}

export type WorkerReply = WorkerResponse | WorkerProgress;

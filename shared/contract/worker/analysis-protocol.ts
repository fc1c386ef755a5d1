import type { AppErrorData } from '../../base/errors.ts';
import type { Problem, ServiceGraph } from '../../model/index.ts';
import type { IncidentSummary } from '../../incident/index.ts';
import type { ServiceMapModel } from '../../analysis/map/index.ts';
import type { TraceQueries } from './trace-protocol.ts';
import type { TraceListPage, TraceListRequest, TraceStats, TraceStatsRequest } from '../../analysis/traces/index.ts';

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
}

export const MAX_PROBLEMS_SENT = 200;
/** TraceQueries (trace-protocol.ts): the waterfall's tree, analysis, documents and search. */
export interface AnalysisQueries extends TraceQueries {
  /** Parses and indexes the files as one incident, replacing any open one. */
  readonly open: { readonly params: { readonly inputs: readonly InputBytes[] }; readonly result: IncidentOverview };
  /** The service map view's model (stats, texts, layout); without `origin`, the default graph. Null when there is no graph. */
  readonly serviceMap: { readonly params: { readonly origin?: ServiceGraph['origin'] }; readonly result: ServiceMapModel | null };
  /** The Traces view: a page of the traces matching a filter expression, map node or edge, duration range and root-cause group. */
  readonly traceList: { readonly params: TraceListRequest; readonly result: TraceListPage };
  /** The Traces view's duration histogram and root-cause groups for the same query. */
  readonly traceListStats: { readonly params: TraceStatsRequest; readonly result: TraceStats };
}

export type QueryName = keyof AnalysisQueries;
export type QueryParams<Q extends QueryName> = AnalysisQueries[Q]['params'];
export type QueryResult<Q extends QueryName> = AnalysisQueries[Q]['result'];

export interface WorkerRequest {
  readonly id: number;
  readonly query: QueryName;
  readonly params: unknown;
}

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: AppErrorData };

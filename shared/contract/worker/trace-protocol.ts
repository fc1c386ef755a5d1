import type { TraceChunk, TraceTransfer } from './trace-transfer.ts';
import type { WaterfallAnalysisTransfer } from './analysis-transfer.ts';
import type { MinimapPixels, RawJsonText, SpanDetailData } from '../../analysis/trace/index.ts';
import type { RequestStatus } from '../../model/status.ts';

/**
 * The worker's queries for the Trace (waterfall) view, merged into AnalysisQueries. The tree and
 * its analysis travel as typed arrays moved by a transfer list (the only queries whose answers
 * are transferred, see TRANSFERRED_QUERIES); documents stay in the worker and come one span at a
 * time. Spans are named by their index in the trace's pre-order span list. A large trace's span
 * values come in chunks: the tree answer carries those its first rows need (the first, and the
 * named span's), `traceChunk` each of the others.
 */
export interface TraceTreeAnswer {
  readonly tree: TraceTransfer;
  /** The index of the span named by `spanId` in the question, -1 when none was named or found. */
  readonly focus: number;
}

export interface TraceQueries {
  /** The tree of one trace, without documents: what the waterfall needs for its first rows. */
  readonly traceTree: { readonly params: { readonly traceId: string; readonly spanId?: string }; readonly result: TraceTreeAnswer };
  /** The values of spans [chunk · CHUNK_SPANS, …) of one trace (trace-transfer.ts). */
  readonly traceChunk: { readonly params: { readonly traceId: string; readonly chunk: number }; readonly result: TraceChunk };
  /** Critical path, self times, gateway overheads, Lambda phases and the trace's map; computed once per trace. */
  readonly traceAnalysis: { readonly params: { readonly traceId: string }; readonly result: WaterfallAnalysisTransfer };
  /** One span's document (without its subsegments) and its cause, for the detail panel. */
  readonly traceSpanDetail: { readonly params: { readonly traceId: string; readonly span: number }; readonly result: SpanDetailData };
  /** One span's document as pretty-printed JSON, cut at `limit` characters when given. */
  readonly traceSpanJson: { readonly params: { readonly traceId: string; readonly span: number; readonly limit?: number }; readonly result: RawJsonText };
  /** The spans whose name, id, annotation values or URL contain the query (ascending span indices). */
  readonly traceSearch: { readonly params: { readonly traceId: string; readonly query: string }; readonly result: Int32Array };
  /** The minimap's pixels (RGBA), `#rrggbb` colours by status: O(spans) work the UI thread does not do. */
  readonly traceMinimap: {
    readonly params: { readonly traceId: string; readonly width: number; readonly height: number; readonly palette: Readonly<Record<RequestStatus, string>> };
    readonly result: MinimapPixels;
  };
}

/**
 * Queries whose answers hold typed arrays to move rather than copy. compareTraces too: its answer
 * is made afresh for each question (nothing in the worker keeps it), and two 100,000-span traces
 * make ~16 MB of columns, which a copy would clone twice (out of the worker, into the page).
 */
export const TRANSFERRED_QUERIES: ReadonlySet<string> = new Set<keyof TraceQueries | 'compareTraces'>(['traceTree', 'traceChunk', 'traceAnalysis', 'traceSearch', 'traceMinimap', 'compareTraces']);

import { AppError } from '../../shared/base/errors.ts';
import { isJsonObject, ownValue } from '../../shared/base/json.ts';
import type { Trace } from '../../shared/model/index.ts';
import { chunkOf, copyChunk, encodeTrace, transferListOf } from '../../shared/contract/worker/trace-transfer.ts';
import { encodeWaterfallAnalysis } from '../../shared/contract/worker/analysis-transfer.ts';
import { analyseWaterfall, rasterizeMinimap, rawJsonText, searchTrace, spanDetailData, type WaterfallAnalysis } from '../../shared/analysis/trace/index.ts';
import { STATUS_ORDER, type RequestStatus } from '../../shared/model/status.ts';
import type { WorkerResponse } from '../../shared/contract/worker/analysis-protocol.ts';
import { TRANSFERRED_QUERIES, type TraceQueries } from '../../shared/contract/worker/trace-protocol.ts';
import { traceChunksCache } from './trace-chunks.ts';

type TraceHandlers = { readonly [Q in keyof TraceQueries]: (params: TraceQueries[Q]['params']) => Promise<TraceQueries[Q]['result']> };

/** Longest search query accepted; longer ones are cut (no span field is that long in practice). */
const MAX_QUERY = 1000;

function checkSpan(trace: Trace, span: unknown): number {
  if (typeof span !== 'number' || !Number.isInteger(span) || span < 0 || span >= trace.spans.length) {
    throw new AppError('invalidInput', `Trace ${trace.id} has no span number ${String(span)} (it has ${trace.spans.length}).`);
  }
  return span;
}

/** The largest minimap asked for (device pixels). */
const MAX_MINIMAP = { width: 8192, height: 1024 };

function checkPalette(palette: unknown): Readonly<Record<RequestStatus, string>> {
  const colour = (status: RequestStatus): string => {
    const value = isJsonObject(palette) ? ownValue(palette, status) : undefined;
    if (typeof value !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(value)) throw new AppError('invalidInput', `The minimap palette needs a #rrggbb colour for ${status}.`);
    return value;
  };
  const [ok, error, throttle, fault] = STATUS_ORDER.map(colour) as [string, string, string, string];
  return { ok, error, throttle, fault };
}

function checkSize(value: unknown, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) throw new AppError('invalidInput', `The minimap ${what} is a whole number of pixels from 1 to ${max}.`);
  return value;
}

/**
 * The answers of TraceQueries, given a way to find a trace of the open incident (which waits for
 * an open in progress and fails with notFound). Each trace's analysis and span chunks are made on
 * first request and kept while the trace is (WeakMaps: a new incident drops them).
 */
export function createTraceHandlers(traceById: (traceId: string) => Promise<Trace>): TraceHandlers {
  const chunksOf = traceChunksCache();
  const analyses = new WeakMap<Trace, WaterfallAnalysis>();
  // From the spans' columns (the UI asks once every chunk is sent, so they are made already).
  const analysisOf = (trace: Trace): WaterfallAnalysis => {
    let analysis = analyses.get(trace);
    if (!analysis) analyses.set(trace, (analysis = analyseWaterfall(chunksOf(trace).withColumns())));
    return analysis;
  };
  return {
    traceTree: async ({ traceId, spanId }) => {
      const trace = await traceById(traceId);
      let focus = -1;
      if (typeof spanId === 'string') for (let i = 0; i < trace.spans.length && focus < 0; i++) if (trace.spans[i]!.id === spanId) focus = i;
      // The chunks of the first rows: the first one, and the named span's.
      const chunks = chunksOf(trace);
      const first = chunks.count === 0 ? [] : focus > 0 && chunkOf(focus) > 0 ? [0, chunkOf(focus)] : [0];
      return { tree: encodeTrace(trace, first.map((k) => copyChunk(chunks.chunk(k)))), focus };
    },
    traceChunk: async ({ traceId, chunk }) => {
      const chunks = chunksOf(await traceById(traceId));
      if (typeof chunk !== 'number' || !Number.isInteger(chunk) || chunk < 0 || chunk >= chunks.count) {
        throw new AppError('invalidInput', `Trace ${traceId} has no chunk ${String(chunk)} (it has ${chunks.count}).`);
      }
      return copyChunk(chunks.chunk(chunk));
    },
    traceAnalysis: async ({ traceId }) => encodeWaterfallAnalysis(analysisOf(await traceById(traceId))),
    traceSpanDetail: async ({ traceId, span }) => {
      const trace = await traceById(traceId);
      return spanDetailData(trace, checkSpan(trace, span));
    },
    traceSpanJson: async ({ traceId, span, limit }) => {
      const trace = await traceById(traceId);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new AppError('invalidInput', 'The JSON limit is a whole number of characters ≥ 0.');
      return rawJsonText(trace, checkSpan(trace, span), limit);
    },
    traceSearch: async ({ traceId, query }) => {
      const trace = await traceById(traceId);
      if (typeof query !== 'string') throw new AppError('invalidInput', 'A search query is text.');
      return searchTrace(trace, query.slice(0, MAX_QUERY));
    },
    traceMinimap: async ({ traceId, width, height, palette }) => {
      const trace = await traceById(traceId);
      const [w, h, colours] = [checkSize(width, MAX_MINIMAP.width, 'width'), checkSize(height, MAX_MINIMAP.height, 'height'), checkPalette(palette)];
      // From the spans' columns (made once per trace), not from a million documents.
      return rasterizeMinimap(chunksOf(trace).withColumns(), w, h, colours);
    },
  };
}

/** The buffers to move with a response (typed arrays of the trace queries); none for other queries. */
export function responseTransferList(query: string, response: WorkerResponse): ArrayBuffer[] {
  if (!response.ok || !TRANSFERRED_QUERIES.has(query)) return [];
  const value = response.value;
  return typeof value === 'object' && value !== null ? transferListOf(value) : [];
}

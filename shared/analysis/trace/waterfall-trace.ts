import type { Span, Trace } from '../../model/trace.ts';

/**
 * What the waterfall draws: a `Trace` whose spans need not carry their X-Ray document. The
 * analysis worker keeps the documents; the UI thread gets the tree as typed arrays
 * (trace-transfer.ts) and reads spans from them, and asks the worker for a document when the
 * detail panel shows one. A full `Trace` is a WaterfallTrace too, so tests and the single-file
 * report can hand one over directly.
 */
export type WaterfallSpan = Omit<Span, 'doc'>;

/** Per-span times and kind/status bits as typed arrays (trace-transfer.ts `TraceChunk`). */
export interface SpanColumns {
  readonly starts: Float64Array;
  /** NaN while in progress. */
  readonly ends: Float64Array;
  /** The kind and StatusBit bits, as `packSpan` (model/status.ts) packs them. */
  readonly packed: Uint8Array;
}

/**
 * A trace whose tree is whole but whose spans' values are still arriving (a large trace sent by
 * the worker in chunks): which spans have their values, and word when more come. Spans that have
 * not arrived read as empty (no name, time 0); views show them as rows still loading.
 */
export interface SpanArrival {
  has(span: number): boolean;
  /** Spans arrived so far; the span count once every one has. */
  arrived(): number;
  /** Called after each arrival. */
  subscribe(listener: () => void): () => void;
}

export interface WaterfallTrace extends Omit<Trace, 'spans'> {
  readonly spans: readonly WaterfallSpan[];
  /** The deepest level, when known already (a decoded trace carries it). */
  readonly maxDepth?: number;
  /** The spans' times and flags as columns, when at hand: whole-trace passes read these, not the spans. */
  readonly columns?: SpanColumns;
  /** 0, 1, … n − 1 when at hand (a decoded trace brings it from the worker): the rows with nothing collapsed. */
  readonly allRows?: Int32Array;
  /** Present on a trace whose spans are still arriving; absent means every span is here. */
  readonly arrival?: SpanArrival;
}

/** True when span i's values are at hand. */
export function spanArrived(trace: WaterfallTrace, span: number): boolean {
  return trace.arrival === undefined || trace.arrival.has(span);
}

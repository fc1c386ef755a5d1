import type { Span, Trace } from '../../model/trace.ts';

/**
 * What the waterfall draws: a `Trace` whose spans need not carry their X-Ray document. The
 * analysis worker keeps the documents; the UI thread gets the tree as typed arrays
 * (trace-transfer.ts) and rebuilds spans from them, and asks the worker for a document when the
 * detail panel shows one. A full `Trace` is a WaterfallTrace too, so tests and the single-file
 * report can hand one over directly.
 */
export type WaterfallSpan = Omit<Span, 'doc'>;

/** Per-span times and kind/status bits as typed arrays (trace-transfer.ts `TraceTransfer`). */
export interface SpanColumns {
  readonly starts: Float64Array;
  /** NaN while in progress. */
  readonly ends: Float64Array;
  /** The kind and StatusBit bits, as `packSpan` (model/status.ts) packs them. */
  readonly packed: Uint8Array;
}

export interface WaterfallTrace extends Omit<Trace, 'spans'> {
  readonly spans: readonly WaterfallSpan[];
  /** The deepest level, when known already (a decoded trace carries it). */
  readonly maxDepth?: number;
  /** The spans' times and flags as columns, when at hand: whole-trace passes read these, not the spans. */
  readonly columns?: SpanColumns;
}

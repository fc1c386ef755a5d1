import type { Span, Trace } from '../model/trace.ts';

/**
 * What the waterfall draws: a `Trace` whose spans need not carry their X-Ray document. The
 * analysis worker keeps the documents; the UI thread gets the tree as typed arrays
 * (trace-transfer.ts) and rebuilds spans from them, and asks the worker for a document when the
 * detail panel shows one. A full `Trace` is a WaterfallTrace too, so tests and the single-file
 * report can hand one over directly.
 */
export type WaterfallSpan = Omit<Span, 'doc'>;

export interface WaterfallTrace extends Omit<Trace, 'spans'> {
  readonly spans: readonly WaterfallSpan[];
}

import type { Trace } from '../../shared/model/index.ts';
import { maxDepth } from '../../shared/analysis/trace/index.ts';
import { chunkOf, copyChunk, encodeTrace, type TraceTransfer } from '../../shared/contract/worker/trace-transfer.ts';
import type { TraceChunks } from './trace-chunks.ts';

/**
 * Traces from this many spans have their tree answer made ahead, in the worker's idle time after
 * the open: at a million spans the answer is 17 MB of fresh arrays (the tree's four columns, the
 * all-expanded row list), a max-depth scan and the first chunk's 4,096 documents read cold — about
 * 50 ms of CPU that a selection made right after the open would otherwise wait for.
 */
export const TREE_AHEAD_SPANS = 65_536;

/**
 * The `traceTree` answers of large traces, made before they are asked for. An answer's arrays are
 * moved to the UI thread with it (transferred, so the worker's copy is emptied): one made ahead is
 * handed out once, and `prepare` makes the next. The deepest level of each trace is kept (the
 * tree never changes), so it is scanned once per trace, not once per answer.
 */
export class TraceTreeAhead {
  private readonly ready = new WeakMap<Trace, TraceTransfer>();
  private readonly depths = new WeakMap<Trace, number>();

  constructor(private readonly chunksOf: (trace: Trace) => TraceChunks) {}

  /** True when an answer for `trace` is made and not handed out yet. */
  has(trace: Trace): boolean {
    return this.ready.has(trace);
  }

  /** Makes the answer for `trace` (its tree and first chunk) unless one is waiting already. */
  prepare(trace: Trace): void {
    if (!this.ready.has(trace)) this.ready.set(trace, this.make(trace));
  }

  /**
   * The tree of `trace` with its first chunk, and the chunk of span `focus` when that is another
   * one: the answer made ahead when there is one (handed out once), else made now.
   */
  take(trace: Trace, focus: number): TraceTransfer {
    const made = this.ready.get(trace);
    this.ready.delete(trace);
    const answer = made ?? this.make(trace);
    const chunks = this.chunksOf(trace);
    const extra = focus > 0 && chunkOf(focus) > 0 ? chunkOf(focus) : -1;
    return extra < 0 || extra >= chunks.count ? answer : { ...answer, chunks: [...answer.chunks, copyChunk(chunks.chunk(extra))] };
  }

  private make(trace: Trace): TraceTransfer {
    let depth = this.depths.get(trace);
    if (depth === undefined) this.depths.set(trace, (depth = maxDepth(trace)));
    const chunks = this.chunksOf(trace);
    return encodeTrace({ ...trace, maxDepth: depth }, chunks.count === 0 ? [] : [copyChunk(chunks.chunk(0))]);
  }
}

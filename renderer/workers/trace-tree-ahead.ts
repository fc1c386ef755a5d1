import type { Trace } from '../../shared/model/index.ts';
import { everyRow, maxDepth } from '../../shared/analysis/trace/index.ts';
import { chunkOf, copyChunk, encodeTrace, type TraceChunk, type TraceTransfer, type TreeColumns } from '../../shared/contract/worker/trace-transfer.ts';
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
interface Making {
  readonly columns: { -readonly [K in keyof TreeColumns]?: TreeColumns[K] };
  chunk?: TraceChunk;
}

export class TraceTreeAhead {
  private readonly ready = new WeakMap<Trace, TraceTransfer>();
  private readonly making = new WeakMap<Trace, Making>();
  private readonly depths = new WeakMap<Trace, number>();

  constructor(private readonly chunksOf: (trace: Trace) => TraceChunks) {}

  /** True when an answer for `trace` is made and not handed out yet. */
  has(trace: Trace): boolean {
    return this.ready.has(trace);
  }

  /**
   * One step of making the answer for `trace` ahead — the depth scan, one column's copy, the row
   * list or the first chunk, each a few milliseconds at a million spans, so a query that comes
   * meanwhile waits for one step only; true once the answer is made (and waiting).
   */
  prepareStep(trace: Trace): boolean {
    if (this.ready.has(trace)) return true;
    let making = this.making.get(trace);
    if (!making) this.making.set(trace, (making = { columns: {} }));
    const made = making.columns;
    const chunks = this.chunksOf(trace);
    if (!this.depths.has(trace)) this.depths.set(trace, maxDepth(trace));
    else if (!made.parent) made.parent = trace.parent.slice();
    else if (!made.depth) made.depth = trace.depth.slice();
    else if (!made.size) made.size = trace.size.slice();
    else if (!made.flags) made.flags = trace.flags.slice();
    else if (!made.allRows) made.allRows = everyRow(trace.spans.length);
    else if (!making.chunk && chunks.count > 0) making.chunk = copyChunk(chunks.chunk(0));
    else this.ready.set(trace, this.make(trace));
    return this.ready.has(trace);
  }

  /** Makes the whole answer for `trace` ahead unless one is waiting already. */
  prepare(trace: Trace): void {
    while (!this.prepareStep(trace));
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

  /** The answer, from what steps made so far (those are used once) and the rest made now. */
  private make(trace: Trace): TraceTransfer {
    let depth = this.depths.get(trace);
    if (depth === undefined) this.depths.set(trace, (depth = maxDepth(trace)));
    const making = this.making.get(trace);
    this.making.delete(trace);
    const chunks = this.chunksOf(trace);
    const first = making?.chunk ?? (chunks.count === 0 ? undefined : copyChunk(chunks.chunk(0)));
    return encodeTrace({ ...trace, maxDepth: depth }, first ? [first] : [], making?.columns);
  }
}

import type { Trace } from '../../shared/model/index.ts';
import type { SpanColumns, WaterfallTrace } from '../../shared/analysis/trace/waterfall-trace.ts';
import { CHUNK_SPANS, chunkCount, encodeTraceChunk, type TraceChunk } from '../../shared/contract/worker/trace-transfer.ts';

/**
 * The chunks of one trace (trace-transfer.ts) as the worker has made them: each is made on first
 * request and kept, so a trace opened again is sent without reading its documents again, and the
 * minimap and analysis read the spans' times from columns instead of a million documents.
 */
export class TraceChunks {
  private readonly chunks: (TraceChunk | undefined)[];
  private whole: SpanColumns | undefined;

  constructor(readonly trace: Trace) {
    this.chunks = Array.from({ length: chunkCount(trace.spans.length) }, () => undefined);
  }

  get count(): number {
    return this.chunks.length;
  }

  chunk(index: number): TraceChunk {
    let chunk = this.chunks[index];
    if (!chunk) this.chunks[index] = chunk = encodeTraceChunk(this.trace, index);
    return chunk;
  }

  /** Times and status bits of every span (every chunk is made first). */
  columns(): SpanColumns {
    if (this.whole) return this.whole;
    const n = this.trace.spans.length;
    const columns = { starts: new Float64Array(n), ends: new Float64Array(n), packed: new Uint8Array(n) };
    for (let k = 0; k < this.chunks.length; k++) {
      const chunk = this.chunk(k);
      columns.starts.set(chunk.starts, k * CHUNK_SPANS);
      columns.ends.set(chunk.ends, k * CHUNK_SPANS);
      columns.packed.set(chunk.packed, k * CHUNK_SPANS);
    }
    return (this.whole = columns);
  }

  /** The trace with its columns, for whole-trace passes (minimap) that read them rather than spans. */
  withColumns(): WaterfallTrace {
    return { ...this.trace, columns: this.columns() };
  }
}

/** One TraceChunks per trace, kept while the trace is (a new incident drops them). */
export function traceChunksCache(): (trace: Trace) => TraceChunks {
  const byTrace = new WeakMap<Trace, TraceChunks>();
  return (trace) => {
    let chunks = byTrace.get(trace);
    if (!chunks) byTrace.set(trace, (chunks = new TraceChunks(trace)));
    return chunks;
  };
}

import type { SpanStore } from '../spans/span-store.ts';
import type { TraceScratch } from './scratch.ts';

/** The problem reported for a nested subsegment without a usable id or start_time. */
export { SKIPPED_SUBSEGMENT } from '../spans/span-store.ts';

/** The store's documents grouped by trace: trace t's are `documents[traceStart[t] .. traceStart[t + 1])`, in input order. */
export interface DocumentsByTrace {
  /** In order of first appearance. */
  readonly traceIds: readonly string[];
  readonly documents: Int32Array;
  readonly traceStart: Int32Array;
}

/** Groups the store's (already checked) documents by trace id with a counting sort. */
export function groupByTrace(store: SpanStore): DocumentsByTrace {
  const traces = store.traceIds.length;
  const count = store.documents;
  const traceStart = new Int32Array(traces + 1);
  const docTrace = store.docTrace;
  for (let d = 0; d < count; d++) traceStart[docTrace[d]! + 1]!++;
  for (let t = 0; t < traces; t++) traceStart[t + 1]! += traceStart[t]!;
  const fill = traceStart.slice(0, traces);
  const documents = new Int32Array(count);
  for (let d = 0; d < count; d++) documents[fill[docTrace[d]!]!++] = d;
  return { traceIds: store.traceIds, documents, traceStart };
}

/**
 * Reads one trace's documents, and the subsegments nested in them, into `scratch`: the store
 * holds each document's spans in reading order (span-walk.ts), the same order the entries take.
 */
export function readTrace(scratch: TraceScratch, store: SpanStore, grouped: DocumentsByTrace, from: number, to: number): void {
  scratch.reset();
  const { docFirst, docSpans, enclosing, kind, start, end, bits, id, parentId } = store;
  for (let i = from; i < to; i++) {
    const d = grouped.documents[i]!;
    const first = docFirst[d]!;
    const base = scratch.entryCount;
    for (let r = first, last = first + docSpans[d]!; r < last; r++) {
      const outer = enclosing[r]!;
      scratch.add(r, id[r]!, kind[r]!, start[r]!, end[r]!, bits[r]!, outer < 0 ? -1 : base + (outer - first), parentId[r]);
    }
  }
}

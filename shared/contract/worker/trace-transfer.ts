import { packSpan, spanKindNumber, statusBitsOf } from '../../model/status.ts';
import type { Trace } from '../../model/trace.ts';
import { StringColumnBuilder, type IdRefColumn, type StringColumn } from './string-columns.ts';
import { everyRow, type WaterfallTrace } from '../../analysis/trace/index.ts';

/**
 * One trace in a form that crosses postMessage in O(1) main-thread work: typed arrays (moved with
 * a transfer list, not copied) and a few joined strings, never an object per span. The tree itself
 * (parent, depth, size, flags) comes whole; the spans' values (times, status bits, names, ids…)
 * come in chunks of CHUNK_SPANS spans in pre-order. The first answer carries the chunks the first
 * rows need; the UI asks for the others one by one (`traceChunk`), so a trace of a million spans
 * shows its first rows after one chunk's work, not after reading a million X-Ray documents — which,
 * scattered over the heap, is what costs: about 0.3–0.5 µs a field a span, cache misses all.
 *
 * Every array is a fresh copy (never a view on the trace's own buffers, which the assembler shares
 * between arrays), so transferring it leaves the worker's trace intact.
 */
export const CHUNK_SHIFT = 12;
/**
 * Spans per chunk: 4,096, a hundred times the rows a screen shows. The first rows wait for one
 * chunk's document reads in the worker (a few milliseconds; tens right after an open, when the
 * documents are cold and the worker is still building filter indexes), the rest come in ~250
 * messages for a million spans.
 */
export const CHUNK_SPANS = 1 << CHUNK_SHIFT;

/** The trace's own tree arrays and counts as the model defines them (shared/model/trace.ts), plus what only the wire has. */
type TraceFields = Pick<Trace, 'id' | 'parent' | 'depth' | 'size' | 'flags' | 'start' | 'end' | 'segmentCount' | 'subsegmentCount' | 'inProgressCount' | 'hasFault' | 'hasError' | 'hasThrottle'>;

export interface TraceTransfer extends TraceFields {
  readonly count: number;
  readonly maxDepth: number;
  /** 0, 1, … count − 1: the rows with nothing collapsed, made here so the UI thread's first waterfall state costs it nothing. */
  readonly allRows: Int32Array;
  /** The chunks sent along (any order); the others are asked for by number. */
  readonly chunks: readonly TraceChunk[];
}

/** The values of spans [index · CHUNK_SPANS, index · CHUNK_SPANS + starts.length), in columns. */
export interface TraceChunk {
  readonly index: number;
  /** Epoch seconds. */
  readonly starts: Float64Array;
  /** Epoch seconds; NaN where `end` is undefined (in progress). */
  readonly ends: Float64Array;
  /** The kind and StatusBit bits of each span, as `packSpan` (model/status.ts) packs them. */
  readonly packed: Uint8Array;
  /** Dictionary columns are per chunk, so a chunk reads alone whatever arrived before it. */
  readonly ids: StringColumn;
  readonly names: StringColumn;
  readonly traceIds: StringColumn;
  /** References are span numbers of the whole trace (a parent may be in an earlier chunk). */
  readonly parentIds: IdRefColumn;
  readonly segmentIds: IdRefColumn;
  readonly origins: StringColumn;
  readonly namespaces: StringColumn;
}

export function chunkCount(spans: number): number {
  return (spans + CHUNK_SPANS - 1) >>> CHUNK_SHIFT;
}

export function chunkOf(span: number): number {
  return span >>> CHUNK_SHIFT;
}

/**
 * The values of chunk `index` of a trace (a WaterfallTrace: documents are not read). One pass over
 * its spans; parent and segment ids are stored as references to the span they name where they do
 * (nearly always), so no string of them is hashed.
 */
export function encodeTraceChunk(trace: WaterfallTrace, index: number): TraceChunk {
  const spans = trace.spans;
  const from = index * CHUNK_SPANS;
  const to = Math.min(spans.length, from + CHUNK_SPANS);
  const n = Math.max(0, to - from);
  const parent = trace.parent;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const packed = new Uint8Array(n);
  const ids = new StringColumnBuilder(false);
  const names = new StringColumnBuilder(true);
  const traceIds = new StringColumnBuilder(true);
  const origins = new StringColumnBuilder(true);
  const namespaces = new StringColumnBuilder(true);
  const otherIds = new StringColumnBuilder(true);
  const nameIndex = new Int32Array(n);
  const traceIdIndex = new Int32Array(n);
  const originIndex = new Int32Array(n);
  const namespaceIndex = new Int32Array(n);
  const parentRef = new Int32Array(n);
  const segmentRef = new Int32Array(n);
  // The id of span s (of this chunk or an earlier one): this chunk's own ids are at hand.
  const idOf = (s: number): string | undefined => (s >= from ? ids.value(s - from) : spans[s]?.id);
  const segmentRefOf = (s: number): number => (s >= from ? segmentRef[s - from]! : -1);
  for (let i = from; i < to; i++) {
    const k = i - from;
    const span = spans[i]!;
    const id = span.id;
    ids.add(id);
    starts[k] = span.start;
    ends[k] = span.end ?? Number.NaN;
    packed[k] = packSpan(spanKindNumber(span.kind), statusBitsOf(span));
    nameIndex[k] = names.add(span.name);
    traceIdIndex[k] = traceIds.add(span.traceId);
    const origin = span.origin;
    originIndex[k] = origin === undefined ? -1 : origins.add(origin);
    const namespace = span.namespace;
    namespaceIndex[k] = namespace === undefined ? -1 : namespaces.add(namespace);
    // Pre-order puts a parent before its children, so its id (and, in this chunk, its segment reference) is known here.
    const p = parent[i] ?? -1;
    const parentSpan = p >= 0 && p < i ? p : -1;
    const parentId = span.parentId;
    if (parentId === undefined) parentRef[k] = -1;
    else parentRef[k] = parentSpan >= 0 && idOf(parentSpan) === parentId ? parentSpan : -2 - otherIds.add(parentId);
    const segmentId = span.segmentId;
    const parentSegment = parentSpan >= 0 ? segmentRefOf(parentSpan) : -1;
    if (segmentId === id) segmentRef[k] = i;
    else if (parentSegment >= 0 && idOf(parentSegment) === segmentId) segmentRef[k] = parentSegment;
    else if (parentSpan >= 0 && idOf(parentSpan) === segmentId) segmentRef[k] = parentSpan;
    else segmentRef[k] = -2 - otherIds.add(segmentId);
  }
  const others = otherIds.build();
  return {
    index,
    starts,
    ends,
    packed,
    ids: ids.build(),
    names: names.build(nameIndex),
    traceIds: traceIds.build(traceIdIndex),
    parentIds: { ref: parentRef, others },
    segmentIds: { ref: segmentRef, others },
    origins: origins.build(originIndex),
    namespaces: namespaces.build(namespaceIndex),
  };
}

/** A chunk whose typed arrays are fresh copies: transferring it leaves `chunk` (kept by the worker) whole. */
export function copyChunk(chunk: TraceChunk): TraceChunk {
  const column = (c: StringColumn): StringColumn => (c.index ? { text: c.text, offsets: c.offsets.slice(), index: c.index.slice() } : { text: c.text, offsets: c.offsets.slice() });
  const others = column(chunk.parentIds.others);
  return {
    index: chunk.index,
    starts: chunk.starts.slice(),
    ends: chunk.ends.slice(),
    packed: chunk.packed.slice(),
    ids: column(chunk.ids),
    names: column(chunk.names),
    traceIds: column(chunk.traceIds),
    parentIds: { ref: chunk.parentIds.ref.slice(), others },
    segmentIds: { ref: chunk.segmentIds.ref.slice(), others },
    origins: column(chunk.origins),
    namespaces: column(chunk.namespaces),
  };
}

/** The deepest level of a depth column: one pass over a typed array. */
function deepest(depth: Int32Array): number {
  let max = 0;
  for (let i = 0; i < depth.length; i++) if (depth[i]! > max) max = depth[i]!;
  return max;
}

/** The per-span arrays of a transfer's tree: fresh copies of the trace's, and the all-expanded row list. */
export type TreeColumns = Pick<TraceTransfer, 'parent' | 'depth' | 'size' | 'flags' | 'allRows'>;

/**
 * The transferable form of a trace with the given chunks (all of them when not given — tests, small
 * traces): the tree is copied whole, in a few milliseconds even at a million spans, except the
 * columns given in `made` (copies made earlier, a step at a time: TraceTreeAhead).
 */
export function encodeTrace(trace: WaterfallTrace, chunks?: readonly TraceChunk[], made: Partial<TreeColumns> = {}): TraceTransfer {
  const all = chunks ?? Array.from({ length: chunkCount(trace.spans.length) }, (_, k) => encodeTraceChunk(trace, k));
  return {
    id: trace.id,
    count: trace.spans.length,
    parent: made.parent ?? trace.parent.slice(),
    depth: made.depth ?? trace.depth.slice(),
    size: made.size ?? trace.size.slice(),
    flags: made.flags ?? trace.flags.slice(),
    start: trace.start,
    end: trace.end,
    maxDepth: trace.maxDepth ?? deepest(trace.depth),
    segmentCount: trace.segmentCount,
    subsegmentCount: trace.subsegmentCount,
    inProgressCount: trace.inProgressCount,
    hasFault: trace.hasFault,
    hasError: trace.hasError,
    hasThrottle: trace.hasThrottle,
    allRows: made.allRows ?? everyRow(trace.spans.length),
    chunks: all,
  };
}

/**
 * The buffers behind the typed arrays of a transfer (found in its values and up to eight levels below),
 * each once: the transfer list for postMessage. After posting, the sender's arrays are empty.
 */
export function transferListOf(value: object): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (item: unknown, depth: number): void => {
    if (ArrayBuffer.isView(item)) {
      if (item.buffer instanceof ArrayBuffer && item.buffer.byteLength > 0) buffers.add(item.buffer);
    } else if (depth < 8 && typeof item === 'object' && item !== null) {
      for (const child of Array.isArray(item) ? item : Object.values(item)) visit(child, depth + 1);
    }
  };
  visit(value, 0);
  return [...buffers];
}

import type { SpanKind, Trace } from '../../model/trace.ts';
import { kindOfPacked, packSpan, SPAN_KINDS, SpanKindNumber, spanKindNumber, statusBitsOf, StatusBit } from '../../model/status.ts';
import { IdRefColumnReader, StringColumnBuilder, StringColumnReader, type IdRefColumn, type StringColumn } from './string-columns.ts';
import type { WaterfallSpan, WaterfallTrace } from '../../analysis/trace/index.ts';

/**
 * One trace in a form that crosses postMessage in O(1) main-thread work: typed arrays (moved with
 * a transfer list, not copied) and a few joined strings, never an object per span. The analysis
 * worker encodes the trace the user opens; the UI thread decodes it into a `WaterfallTrace` whose
 * spans read these columns and carry no document (the detail panel asks the worker for that).
 * Structured-cloning the `Trace` itself — 100,000 spans with their documents — would block the UI
 * thread for seconds; this form arrives in a few milliseconds.
 *
 * Every array is a fresh copy (never a view on the trace's own buffers, which the assembler shares
 * between arrays), so transferring it leaves the worker's trace intact.
 */
export interface TraceTransfer {
  readonly id: string;
  readonly count: number;
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  readonly size: Int32Array;
  /** SpanFlag bits. */
  readonly flags: Uint8Array;
  /** Epoch seconds. */
  readonly starts: Float64Array;
  /** Epoch seconds; NaN where `end` is undefined (in progress). */
  readonly ends: Float64Array;
  /** The kind and StatusBit bits of each span, as `packSpan` (model/status.ts) packs them. */
  readonly packed: Uint8Array;
  readonly ids: StringColumn;
  readonly names: StringColumn;
  readonly traceIds: StringColumn;
  readonly parentIds: IdRefColumn;
  readonly segmentIds: IdRefColumn;
  readonly origins: StringColumn;
  readonly namespaces: StringColumn;
  readonly start: number;
  readonly end: number;
  readonly maxDepth: number;
  readonly segmentCount: number;
  readonly subsegmentCount: number;
  readonly inProgressCount: number;
  readonly hasFault: boolean;
  readonly hasError: boolean;
  readonly hasThrottle: boolean;
}

/**
 * The transferable form of a trace (a WaterfallTrace: documents are not read). One pass over the
 * spans; parent and segment ids are stored as references to the span they name where they do
 * (nearly always), so no string of them is hashed.
 */
export function encodeTrace(trace: WaterfallTrace): TraceTransfer {
  const spans = trace.spans;
  const n = spans.length;
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
  let maxDepth = 0;
  for (let i = 0; i < n; i++) {
    const span = spans[i]!;
    const id = span.id;
    ids.add(id);
    starts[i] = span.start;
    ends[i] = span.end ?? Number.NaN;
    packed[i] = packSpan(spanKindNumber(span.kind), statusBitsOf(span));
    nameIndex[i] = names.add(span.name);
    traceIdIndex[i] = traceIds.add(span.traceId);
    const origin = span.origin;
    originIndex[i] = origin === undefined ? -1 : origins.add(origin);
    const namespace = span.namespace;
    namespaceIndex[i] = namespace === undefined ? -1 : namespaces.add(namespace);
    // Pre-order puts a parent before its children, so its id and segment reference are known here.
    const p = parent[i] ?? -1;
    const parentSpan = p >= 0 && p < i ? p : -1;
    const parentId = span.parentId;
    if (parentId === undefined) parentRef[i] = -1;
    else parentRef[i] = parentSpan >= 0 && ids.value(parentSpan) === parentId ? parentSpan : -2 - otherIds.add(parentId);
    const segmentId = span.segmentId;
    const parentSegment = parentSpan >= 0 ? segmentRef[parentSpan]! : -1;
    if (segmentId === id) segmentRef[i] = i;
    else if (parentSegment >= 0 && ids.value(parentSegment) === segmentId) segmentRef[i] = parentSegment;
    else if (parentSpan >= 0 && ids.value(parentSpan) === segmentId) segmentRef[i] = parentSpan;
    else segmentRef[i] = -2 - otherIds.add(segmentId);
    const depth = trace.depth[i] ?? 0;
    if (depth > maxDepth) maxDepth = depth;
  }
  const others = otherIds.build();
  return {
    id: trace.id,
    count: n,
    parent: parent.slice(),
    depth: trace.depth.slice(),
    size: trace.size.slice(),
    flags: trace.flags.slice(),
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
    start: trace.start,
    end: trace.end,
    maxDepth,
    segmentCount: trace.segmentCount,
    subsegmentCount: trace.subsegmentCount,
    inProgressCount: trace.inProgressCount,
    hasFault: trace.hasFault,
    hasError: trace.hasError,
    hasThrottle: trace.hasThrottle,
  };
}

interface Columns {
  readonly transfer: TraceTransfer;
  readonly ids: StringColumnReader;
  readonly names: StringColumnReader;
  readonly traceIds: StringColumnReader;
  readonly parentIds: IdRefColumnReader;
  readonly segmentIds: IdRefColumnReader;
  readonly origins: StringColumnReader;
  readonly namespaces: StringColumnReader;
}

/** A span of a decoded trace: two fields, every member read from the columns when asked. */
class TransferredSpan implements WaterfallSpan {
  constructor(
    private readonly columns: Columns,
    private readonly i: number,
  ) {}

  get id(): string {
    return this.columns.ids.get(this.i) ?? '';
  }
  get traceId(): string {
    return this.columns.traceIds.get(this.i) ?? '';
  }
  get kind(): SpanKind {
    return SPAN_KINDS[kindOfPacked(this.columns.transfer.packed[this.i]!)] ?? 'segment';
  }
  get name(): string {
    return this.columns.names.get(this.i) ?? '';
  }
  get start(): number {
    return this.columns.transfer.starts[this.i]!;
  }
  get end(): number | undefined {
    const end = this.columns.transfer.ends[this.i]!;
    return Number.isNaN(end) ? undefined : end;
  }
  get inProgress(): boolean {
    return (this.columns.transfer.packed[this.i]! & StatusBit.inProgress) !== 0;
  }
  get parentId(): string | undefined {
    return this.columns.parentIds.get(this.i);
  }
  get segmentId(): string {
    return this.columns.segmentIds.get(this.i) ?? '';
  }
  get origin(): string | undefined {
    return this.columns.origins.get(this.i);
  }
  get namespace(): string | undefined {
    return this.columns.namespaces.get(this.i);
  }
  get error(): boolean {
    return (this.columns.transfer.packed[this.i]! & StatusBit.error) !== 0;
  }
  get throttle(): boolean {
    return (this.columns.transfer.packed[this.i]! & StatusBit.throttle) !== 0;
  }
  get fault(): boolean {
    return (this.columns.transfer.packed[this.i]! & StatusBit.fault) !== 0;
  }
  get inferred(): boolean {
    return kindOfPacked(this.columns.transfer.packed[this.i]!) === SpanKindNumber.inferred;
  }
}

function columnsOf(transfer: TraceTransfer): Columns {
  const ids = new StringColumnReader(transfer.ids);
  return {
    transfer,
    ids,
    names: new StringColumnReader(transfer.names),
    traceIds: new StringColumnReader(transfer.traceIds),
    parentIds: new IdRefColumnReader(transfer.parentIds, ids),
    segmentIds: new IdRefColumnReader(transfer.segmentIds, ids),
    origins: new StringColumnReader(transfer.origins),
    namespaces: new StringColumnReader(transfer.namespaces),
  };
}

function traceOf(transfer: TraceTransfer, spans: readonly WaterfallSpan[]): WaterfallTrace {
  return {
    id: transfer.id,
    spans,
    parent: transfer.parent,
    depth: transfer.depth,
    size: transfer.size,
    flags: transfer.flags,
    start: transfer.start,
    end: transfer.end,
    segmentCount: transfer.segmentCount,
    subsegmentCount: transfer.subsegmentCount,
    inProgressCount: transfer.inProgressCount,
    hasFault: transfer.hasFault,
    hasError: transfer.hasError,
    hasThrottle: transfer.hasThrottle,
    maxDepth: transfer.maxDepth,
    columns: { starts: transfer.starts, ends: transfer.ends, packed: transfer.packed },
  };
}

/**
 * The trace back from its transfer: the typed arrays are used as they are (not copied) and each
 * span is a two-field object over them — about 15 ms for 100,000 spans.
 */
export function decodeTrace(transfer: TraceTransfer): WaterfallTrace {
  const columns = columnsOf(transfer);
  const spans = new Array<WaterfallSpan>(transfer.count);
  for (let i = 0; i < transfer.count; i++) spans[i] = new TransferredSpan(columns, i);
  return traceOf(transfer, spans);
}

/**
 * decodeTrace in steps of `step` spans with `pause()` awaited between them, so that a UI thread
 * decoding 500,000 spans never runs one long task (each step is a few milliseconds).
 */
export async function decodeTraceInSteps(transfer: TraceTransfer, pause: () => Promise<void>, step = 20_000): Promise<WaterfallTrace> {
  const columns = columnsOf(transfer);
  const spans = new Array<WaterfallSpan>(transfer.count);
  for (let from = 0; from < transfer.count; from += step) {
    if (from > 0) await pause();
    const to = Math.min(transfer.count, from + step);
    for (let i = from; i < to; i++) spans[i] = new TransferredSpan(columns, i);
  }
  return traceOf(transfer, spans);
}

/**
 * The buffers behind the typed arrays of a transfer (found in its values and up to three levels below),
 * each once: the transfer list for postMessage. After posting, the sender's arrays are empty.
 */
export function transferListOf(value: object): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (item: unknown, depth: number): void => {
    if (ArrayBuffer.isView(item)) {
      if (item.buffer instanceof ArrayBuffer && item.buffer.byteLength > 0) buffers.add(item.buffer);
    } else if (depth < 4 && typeof item === 'object' && item !== null) {
      for (const child of Array.isArray(item) ? item : Object.values(item)) visit(child, depth + 1);
    }
  };
  visit(value, 0);
  return [...buffers];
}

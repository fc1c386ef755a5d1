import type { SpanKind, Trace } from '../model/trace.ts';
import { PACKED_ERROR, PACKED_FAULT, PACKED_IN_PROGRESS, PACKED_THROTTLE } from './assembled-span.ts';
import { encodeStrings, StringColumnReader, type StringColumn } from './trace-transfer-strings.ts';
import type { WaterfallSpan, WaterfallTrace } from './waterfall-trace.ts';

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
  /** The kind's number (segment 0, subsegment 1, inferred 2) and the PACKED_* bits of assembled-span.ts. */
  readonly packed: Uint8Array;
  readonly ids: StringColumn;
  readonly names: StringColumn;
  readonly traceIds: StringColumn;
  readonly parentIds: StringColumn;
  readonly segmentIds: StringColumn;
  readonly origins: StringColumn;
  readonly namespaces: StringColumn;
  readonly start: number;
  readonly end: number;
  readonly segmentCount: number;
  readonly subsegmentCount: number;
  readonly inProgressCount: number;
  readonly hasFault: boolean;
  readonly hasError: boolean;
  readonly hasThrottle: boolean;
}

const KINDS: readonly SpanKind[] = ['segment', 'subsegment', 'inferred'];
const KIND_MASK = 3;

/** The transferable form of a trace (a WaterfallTrace: documents are not read). O(n). */
export function encodeTrace(trace: WaterfallTrace): TraceTransfer {
  const spans = trace.spans;
  const n = spans.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const packed = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const span = spans[i]!;
    starts[i] = span.start;
    ends[i] = span.end ?? Number.NaN;
    let bits = Math.max(0, KINDS.indexOf(span.kind));
    if (span.inProgress) bits |= PACKED_IN_PROGRESS;
    if (span.error) bits |= PACKED_ERROR;
    if (span.throttle) bits |= PACKED_THROTTLE;
    if (span.fault) bits |= PACKED_FAULT;
    packed[i] = bits;
  }
  return {
    id: trace.id,
    count: n,
    parent: trace.parent.slice(),
    depth: trace.depth.slice(),
    size: trace.size.slice(),
    flags: trace.flags.slice(),
    starts,
    ends,
    packed,
    ids: encodeStrings(n, (i) => spans[i]!.id, false),
    names: encodeStrings(n, (i) => spans[i]!.name, true),
    traceIds: encodeStrings(n, (i) => spans[i]!.traceId, true),
    parentIds: encodeStrings(n, (i) => spans[i]!.parentId, true),
    segmentIds: encodeStrings(n, (i) => spans[i]!.segmentId, true),
    origins: encodeStrings(n, (i) => spans[i]!.origin, true),
    namespaces: encodeStrings(n, (i) => spans[i]!.namespace, true),
    start: trace.start,
    end: trace.end,
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
  readonly parentIds: StringColumnReader;
  readonly segmentIds: StringColumnReader;
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
    return KINDS[this.columns.transfer.packed[this.i]! & KIND_MASK] ?? 'segment';
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
    return (this.columns.transfer.packed[this.i]! & PACKED_IN_PROGRESS) !== 0;
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
    return (this.columns.transfer.packed[this.i]! & PACKED_ERROR) !== 0;
  }
  get throttle(): boolean {
    return (this.columns.transfer.packed[this.i]! & PACKED_THROTTLE) !== 0;
  }
  get fault(): boolean {
    return (this.columns.transfer.packed[this.i]! & PACKED_FAULT) !== 0;
  }
  get inferred(): boolean {
    return (this.columns.transfer.packed[this.i]! & KIND_MASK) === 2;
  }
}

/**
 * The trace back from its transfer: the typed arrays are used as they are (not copied) and each
 * span is a two-field object over them — about 5 ms for 100,000 spans.
 */
export function decodeTrace(transfer: TraceTransfer): WaterfallTrace {
  const columns: Columns = {
    transfer,
    ids: new StringColumnReader(transfer.ids),
    names: new StringColumnReader(transfer.names),
    traceIds: new StringColumnReader(transfer.traceIds),
    parentIds: new StringColumnReader(transfer.parentIds),
    segmentIds: new StringColumnReader(transfer.segmentIds),
    origins: new StringColumnReader(transfer.origins),
    namespaces: new StringColumnReader(transfer.namespaces),
  };
  const spans = new Array<WaterfallSpan>(transfer.count);
  for (let i = 0; i < transfer.count; i++) spans[i] = new TransferredSpan(columns, i);
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
  };
}

/**
 * The buffers behind the typed arrays of a transfer (found in its values and one level below),
 * each once: the transfer list for postMessage. After posting, the sender's arrays are empty.
 */
export function transferListOf(value: object): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (item: unknown, depth: number): void => {
    if (ArrayBuffer.isView(item)) {
      if (item.buffer instanceof ArrayBuffer && item.buffer.byteLength > 0) buffers.add(item.buffer);
    } else if (depth < 2 && typeof item === 'object' && item !== null) {
      for (const child of Array.isArray(item) ? item : Object.values(item)) visit(child, depth + 1);
    }
  };
  visit(value, 0);
  return [...buffers];
}

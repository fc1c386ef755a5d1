import type { SpanKind } from '../../model/trace.ts';
import { kindOfPacked, SPAN_KINDS, SpanKindNumber, StatusBit } from '../../model/status.ts';
import type { SpanArrival, SpanColumns, WaterfallSpan, WaterfallTrace } from '../../analysis/trace/index.ts';
import { IdRefColumnReader, StringColumnReader } from './string-columns.ts';
import { CHUNK_SHIFT, CHUNK_SPANS, chunkCount, type TraceChunk, type TraceTransfer } from './trace-transfer.ts';

/**
 * The UI thread's side of trace-transfer.ts. Decoding is O(1) whatever the span count: the tree's
 * arrays are used as they came, the spans' time and status columns are allocated empty (zeroed
 * memory, no per-span work) and filled as chunks arrive, and `spans` is a list whose items are made
 * when read. A million span objects made up front would cost the UI thread seconds of allocation
 * and garbage collection (tasks of 50–100 ms each); the view reads only the few dozen rows it shows.
 */

interface ChunkReader {
  readonly from: number;
  readonly ids: StringColumnReader;
  readonly names: StringColumnReader;
  readonly traceIds: StringColumnReader;
  readonly parentIds: IdRefColumnReader;
  readonly segmentIds: IdRefColumnReader;
  readonly origins: StringColumnReader;
  readonly namespaces: StringColumnReader;
}

/** Which chunks of a decoded trace are here, and their readers; `add` takes the next one in. */
export class TraceArrival implements SpanArrival {
  private readonly readers: (ChunkReader | undefined)[];
  private count = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly spanCount: number,
    readonly columns: SpanColumns,
  ) {
    this.readers = Array.from({ length: chunkCount(spanCount) }, () => undefined);
  }

  has(span: number): boolean {
    return this.readers[span >>> CHUNK_SHIFT] !== undefined;
  }

  arrived(): number {
    return this.count;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The reader of span i's chunk, undefined until it arrives. */
  reader(span: number): ChunkReader | undefined {
    return this.readers[span >>> CHUNK_SHIFT];
  }

  /** Chunk numbers still to come, ascending. */
  missing(): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.readers.length; k++) if (!this.readers[k]) out.push(k);
    return out;
  }

  /** Takes a chunk in (a second copy of one is ignored) and tells the listeners. */
  add(chunk: TraceChunk): void {
    const k = chunk.index;
    const from = k * CHUNK_SPANS;
    const length = Math.min(CHUNK_SPANS, this.spanCount - from);
    if (!Number.isInteger(k) || k < 0 || k >= this.readers.length || chunk.starts.length !== length || chunk.ends.length !== length || chunk.packed.length !== length) {
      throw new RangeError(`Chunk ${String(k)} does not fit a trace of ${this.spanCount} spans.`);
    }
    if (this.readers[k]) return;
    this.columns.starts.set(chunk.starts, from);
    this.columns.ends.set(chunk.ends, from);
    this.columns.packed.set(chunk.packed, from);
    const ids = new StringColumnReader(chunk.ids);
    const idOf = (span: number): string | undefined => {
      const reader = this.reader(span);
      return reader?.ids.get(span - reader.from);
    };
    this.readers[k] = {
      from,
      ids,
      names: new StringColumnReader(chunk.names),
      traceIds: new StringColumnReader(chunk.traceIds),
      parentIds: new IdRefColumnReader(chunk.parentIds, idOf),
      segmentIds: new IdRefColumnReader(chunk.segmentIds, idOf),
      origins: new StringColumnReader(chunk.origins),
      namespaces: new StringColumnReader(chunk.namespaces),
    };
    this.count += length;
    for (const listener of [...this.listeners]) listener();
  }
}

/** A span of a decoded trace: two fields, every member read from the columns when asked ('' and 0 until it arrives). */
class TransferredSpan implements WaterfallSpan {
  constructor(
    private readonly arrival: TraceArrival,
    private readonly i: number,
  ) {}

  private text(column: 'ids' | 'names' | 'traceIds' | 'origins' | 'namespaces'): string | undefined {
    const reader = this.arrival.reader(this.i);
    return reader?.[column].get(this.i - reader.from);
  }
  private bits(): number {
    return this.arrival.columns.packed[this.i]!;
  }

  get id(): string {
    return this.text('ids') ?? '';
  }
  get traceId(): string {
    return this.text('traceIds') ?? '';
  }
  get kind(): SpanKind {
    return SPAN_KINDS[kindOfPacked(this.bits())] ?? 'segment';
  }
  get name(): string {
    return this.text('names') ?? '';
  }
  get start(): number {
    return this.arrival.columns.starts[this.i]!;
  }
  get end(): number | undefined {
    const end = this.arrival.columns.ends[this.i]!;
    return Number.isNaN(end) ? undefined : end;
  }
  get inProgress(): boolean {
    return (this.bits() & StatusBit.inProgress) !== 0;
  }
  get parentId(): string | undefined {
    const reader = this.arrival.reader(this.i);
    return reader?.parentIds.get(this.i - reader.from);
  }
  get segmentId(): string {
    const reader = this.arrival.reader(this.i);
    return reader?.segmentIds.get(this.i - reader.from) ?? '';
  }
  get origin(): string | undefined {
    return this.text('origins');
  }
  get namespace(): string | undefined {
    return this.text('namespaces');
  }
  get error(): boolean {
    return (this.bits() & StatusBit.error) !== 0;
  }
  get throttle(): boolean {
    return (this.bits() & StatusBit.throttle) !== 0;
  }
  get fault(): boolean {
    return (this.bits() & StatusBit.fault) !== 0;
  }
  get inferred(): boolean {
    return kindOfPacked(this.bits()) === SpanKindNumber.inferred;
  }
}

/** The array index a property key names, or -1 ("1", never "01", "1.0" or "length"). */
function indexOf(key: string | symbol, count: number): number {
  if (typeof key !== 'string' || key.length === 0) return -1;
  const first = key.charCodeAt(0);
  if (first < 48 || first > 57 || (first === 48 && key.length > 1)) return -1;
  const i = Number(key);
  return Number.isInteger(i) && i < count ? i : -1;
}

/**
 * A read-only array of `count` spans whose items are made when read (indexing, iteration, map,
 * every… all work: the array methods go through these traps). Writes are refused.
 */
function lazySpans(count: number, spanAt: (i: number) => WaterfallSpan): readonly WaterfallSpan[] {
  // The target stays empty: giving it `count` as its length would make V8 allocate its elements (8 MB at a million).
  const target: WaterfallSpan[] = [];
  return new Proxy(target, {
    get: (t, key, receiver) => {
      if (key === 'length') return count;
      const i = indexOf(key, count);
      return i >= 0 ? spanAt(i) : Reflect.get(t, key, receiver);
    },
    has: (t, key) => indexOf(key, count) >= 0 || Reflect.has(t, key),
    getOwnPropertyDescriptor: (t, key) => {
      // `length` is the target's own non-configurable (but writable) property: any value may be reported.
      if (key === 'length') return { value: count, writable: true, enumerable: false, configurable: false };
      const i = indexOf(key, count);
      return i >= 0 ? { value: spanAt(i), writable: false, enumerable: true, configurable: true } : Reflect.getOwnPropertyDescriptor(t, key);
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

/** A decoded trace: a WaterfallTrace whose `arrival` takes in the chunks still to come. */
export interface DecodedTrace extends WaterfallTrace {
  readonly arrival: TraceArrival;
  readonly columns: SpanColumns;
}

/** The trace back from its transfer, with the chunks it carried; O(chunks carried), not O(spans). */
export function decodeTrace(transfer: TraceTransfer): DecodedTrace {
  const n = transfer.count;
  const columns: SpanColumns = { starts: new Float64Array(n), ends: new Float64Array(n), packed: new Uint8Array(n) };
  const arrival = new TraceArrival(n, columns);
  for (const chunk of transfer.chunks) arrival.add(chunk);
  return {
    id: transfer.id,
    spans: lazySpans(n, (i) => new TransferredSpan(arrival, i)),
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
    allRows: transfer.allRows,
    columns,
    arrival,
  };
}

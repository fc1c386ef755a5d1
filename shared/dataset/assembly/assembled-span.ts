import type { Span, SpanKind } from '../../model/trace.ts';
import type { XRaySegmentDocument, XRaySpanDocument } from '../../model/xray.ts';
import type { LiftedException, SpanStore } from '../spans/span-store.ts';
import { inferredSegmentFor } from './inferred-nodes.ts';

const KIND_NAMES: readonly SpanKind[] = ['segment', 'subsegment', 'inferred'];

/** Bits of `AssembledSpan.packed`: the kind in the low two bits, then the status bits. */
export const PACKED_IN_PROGRESS = 4;
export const PACKED_ERROR = 8;
export const PACKED_THROTTLE = 16;
export const PACKED_FAULT = 32;
/** An inferred node the assembler added below its client subsegment (`raw` is the subsegment). */
export const PACKED_ADDED = 64;

/**
 * The Span the assembler makes. A snapshot of a million spans holds a million of these, so each
 * keeps only a few references — its raw span in the SpanStore and what the tree gave it — and
 * reads the rest from the store's columns: names, times and flags were lifted from the document
 * when it was read. `doc` is the X-Ray object, parsed again from the record's line when a snapshot
 * was streamed (so touching `doc` costs a parse; the views' hot paths read the columns), or the
 * object given when documents came in memory; never changed. Being a class, its members are
 * getters: copy a span with `toSpanObject`, not with a spread.
 */
export class AssembledSpan implements Span {
  constructor(
    private readonly store: SpanStore,
    /** The raw span (for an added inferred node, its client subsegment). */
    readonly raw: number,
    readonly id: string,
    readonly traceId: string,
    readonly parentId: string | undefined,
    readonly segmentId: string,
    /** kind | PACKED_* bits. */
    readonly packed: number,
  ) {}

  get kind(): SpanKind {
    return KIND_NAMES[this.packed & 3]!;
  }

  get name(): string {
    const store = this.store;
    return store.text((this.packed & PACKED_ADDED) !== 0 ? store.altName[this.raw]! : store.name[this.raw]!) ?? '';
  }

  get start(): number {
    return this.store.start[this.raw]!;
  }

  get end(): number | undefined {
    return (this.packed & PACKED_IN_PROGRESS) !== 0 ? undefined : this.store.end[this.raw];
  }

  get inProgress(): boolean {
    return (this.packed & PACKED_IN_PROGRESS) !== 0;
  }

  get origin(): string | undefined {
    return (this.packed & 3) !== 1 ? this.store.text(this.store.origin[this.raw]!) : undefined;
  }

  get namespace(): string | undefined {
    return (this.packed & PACKED_ADDED) !== 0 ? undefined : this.store.text(this.store.namespace[this.raw]!);
  }

  get error(): boolean {
    return (this.packed & PACKED_ERROR) !== 0;
  }

  get throttle(): boolean {
    return (this.packed & PACKED_THROTTLE) !== 0;
  }

  get fault(): boolean {
    return (this.packed & PACKED_FAULT) !== 0;
  }

  get inferred(): boolean {
    return (this.packed & 3) === 2;
  }

  /** The node an inferred span names (the table, queue, bucket or function reached), read at open; see inferredNodeName. */
  get nodeResource(): string | undefined {
    return (this.packed & 3) === 2 ? this.store.text(this.store.resource[this.raw]!) : undefined;
  }

  /** The account its document names (accountOf's), read at open. */
  get accountId(): string | undefined {
    return (this.packed & 3) !== 1 ? this.store.text(this.store.account[this.raw]!) : undefined;
  }

  /**
   * The exceptions of its `cause` when it is flagged (fault, error or throttle), read at open, as
   * the service map counts them: `id`, `type`, `message`, `remote` of each. An added inferred
   * node records none of its own.
   */
  get exceptions(): readonly LiftedException[] {
    return (this.packed & PACKED_ADDED) !== 0 ? [] : this.store.exceptionsOf(this.raw);
  }

  get doc(): XRaySpanDocument | XRaySegmentDocument {
    const own = this.store.docOf(this.raw);
    if ((this.packed & PACKED_ADDED) !== 0) return inferredSegmentFor(own, this.traceId) as XRaySegmentDocument;
    return own as unknown as XRaySpanDocument | XRaySegmentDocument;
  }
}

/** A plain-object copy of a span (for postMessage, JSON, or spreading). */
export function toSpanObject(span: Span): Span {
  return {
    id: span.id,
    traceId: span.traceId,
    kind: span.kind,
    name: span.name,
    start: span.start,
    end: span.end,
    inProgress: span.inProgress,
    parentId: span.parentId,
    segmentId: span.segmentId,
    origin: span.origin,
    namespace: span.namespace,
    error: span.error,
    throttle: span.throttle,
    fault: span.fault,
    inferred: span.inferred,
    doc: span.doc,
  };
}

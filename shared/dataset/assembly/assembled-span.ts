import type { Span, SpanKind } from '../../model/trace.ts';
import type { XRaySegmentDocument, XRaySpanDocument } from '../../model/xray.ts';
import { kindOfPacked, SPAN_KINDS, SpanKindNumber, StatusBit } from '../../model/status.ts';
import { KIND_SUBSEGMENT, type SpanStore } from '../spans/span-store.ts';
import type { LiftedException } from '../spans/span-types.ts';
import { inferredSegmentFor } from './inferred-nodes.ts';

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
    /** The kind and StatusBit bits, as `packSpan` (model/status.ts) packs them. */
    readonly packed: number,
  ) {}

  /**
   * An inferred node the assembler added below its client subsegment: an inferred span whose raw
   * span is that subsegment (what X-Ray itself inferred is a document of its own).
   */
  private get added(): boolean {
    return kindOfPacked(this.packed) === SpanKindNumber.inferred && this.store.kind[this.raw] === KIND_SUBSEGMENT;
  }

  get kind(): SpanKind {
    return SPAN_KINDS[kindOfPacked(this.packed)]!;
  }

  get name(): string {
    const store = this.store;
    return store.text(this.added ? store.altName[this.raw]! : store.name[this.raw]!) ?? '';
  }

  get start(): number {
    return this.store.start[this.raw]!;
  }

  get end(): number | undefined {
    return (this.packed & StatusBit.inProgress) !== 0 ? undefined : this.store.end[this.raw];
  }

  get inProgress(): boolean {
    return (this.packed & StatusBit.inProgress) !== 0;
  }

  get origin(): string | undefined {
    return kindOfPacked(this.packed) !== SpanKindNumber.subsegment ? this.store.text(this.store.origin[this.raw]!) : undefined;
  }

  get namespace(): string | undefined {
    return this.added ? undefined : this.store.text(this.store.namespace[this.raw]!);
  }

  get error(): boolean {
    return (this.packed & StatusBit.error) !== 0;
  }

  get throttle(): boolean {
    return (this.packed & StatusBit.throttle) !== 0;
  }

  get fault(): boolean {
    return (this.packed & StatusBit.fault) !== 0;
  }

  get inferred(): boolean {
    return kindOfPacked(this.packed) === SpanKindNumber.inferred;
  }

  /** The node an inferred span names (the table, queue, bucket or function reached), read at open; see inferredNodeName. */
  get nodeResource(): string | undefined {
    return kindOfPacked(this.packed) === SpanKindNumber.inferred ? this.store.text(this.store.resource[this.raw]!) : undefined;
  }

  /** The account its document names (accountOf's), read at open. */
  get accountId(): string | undefined {
    return kindOfPacked(this.packed) !== SpanKindNumber.subsegment ? this.store.text(this.store.account[this.raw]!) : undefined;
  }

  /**
   * The exceptions of its `cause` when it is flagged (fault, error or throttle), read at open, as
   * the service map counts them: `id`, `type`, `message`, `remote` of each. An added inferred
   * node records none of its own.
   */
  get exceptions(): readonly LiftedException[] {
    return this.added ? [] : this.store.exceptionsOf(this.raw);
  }

  get doc(): XRaySpanDocument | XRaySegmentDocument {
    const own = this.store.docOf(this.raw);
    if (this.added) return inferredSegmentFor(own, this.traceId) as XRaySegmentDocument;
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

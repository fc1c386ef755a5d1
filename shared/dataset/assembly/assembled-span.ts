import type { Span, SpanKind } from '../../model/trace.ts';
import type { XRaySegmentDocument, XRaySpanDocument } from '../../model/xray.ts';
import { kindOfPacked, SPAN_KINDS, SpanKindNumber, StatusBit } from '../../model/status.ts';

/**
 * The Span the assembler makes. A snapshot of a million spans holds a million of these, so each
 * keeps only what its document does not already say (five fields, ~64 bytes instead of ~190 for a
 * plain object with every Span member): names, times and flags are read from the document it
 * wraps. The document is the X-Ray object as it came, never changed. Being a class, its members
 * are getters: copy a span with `toSpanObject`, not with a spread.
 */
export class AssembledSpan implements Span {
  constructor(
    readonly doc: XRaySpanDocument | XRaySegmentDocument,
    readonly traceId: string,
    readonly parentId: string | undefined,
    readonly segmentId: string,
    /** The kind and StatusBit bits, as `packSpan` (model/status.ts) packs them. */
    readonly packed: number,
  ) {}

  get id(): string {
    return this.doc.id;
  }

  get kind(): SpanKind {
    return SPAN_KINDS[kindOfPacked(this.packed)]!;
  }

  get name(): string {
    const name = this.doc.name;
    return typeof name === 'string' ? name : '';
  }

  get start(): number {
    return this.doc.start_time;
  }

  get end(): number | undefined {
    return (this.packed & StatusBit.inProgress) !== 0 ? undefined : this.doc.end_time;
  }

  get inProgress(): boolean {
    return (this.packed & StatusBit.inProgress) !== 0;
  }

  get origin(): string | undefined {
    const origin = (this.doc as XRaySegmentDocument).origin;
    return kindOfPacked(this.packed) !== SpanKindNumber.subsegment && typeof origin === 'string' ? origin : undefined;
  }

  get namespace(): string | undefined {
    const namespace = this.doc.namespace;
    return typeof namespace === 'string' ? namespace : undefined;
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

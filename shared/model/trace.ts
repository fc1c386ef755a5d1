import type { XRaySegmentDocument, XRaySpanDocument } from './xray.ts';

/**
 * A span is one segment, subsegment or inferred node. `doc` is the X-Ray object itself (every
 * field AWS sent is there: http, aws, sql, annotations, metadata, cause, namespace, origin,
 * precursor_ids, links…); the other members are the few values every view needs, lifted once.
 */
export type SpanKind = 'segment' | 'subsegment' | 'inferred';

export interface Span {
  readonly id: string;
  readonly traceId: string;
  readonly kind: SpanKind;
  readonly name: string;
  /** Epoch seconds. */
  readonly start: number;
  /** Epoch seconds; undefined while in progress. */
  readonly end: number | undefined;
  readonly inProgress: boolean;
  /** The parent as the data names it: `parent_id`, or the enclosing (sub)segment. */
  readonly parentId: string | undefined;
  /** Id of the segment document this span was read from (its own id for a segment). */
  readonly segmentId: string;
  /** `origin` of a segment (AWS::Lambda, AWS::ApiGateway::Stage…); undefined on subsegments. */
  readonly origin: string | undefined;
  readonly namespace: string | undefined;
  readonly error: boolean;
  readonly throttle: boolean;
  readonly fault: boolean;
  /**
   * True for an inferred node the data held (`inferred: true`) or that we added where X-Ray
   * would infer one (see `TraceFlags.addedInferred`).
   */
  readonly inferred: boolean;
  readonly doc: XRaySpanDocument | XRaySegmentDocument;
}

/** Bit flags per span in `Trace.flags`. */
export const SpanFlag = {
  /** Its parent_id names a span that is not in the trace. */
  orphan: 1,
  /** Starts before its parent (clock skew) or ends after it by more than the tolerance. */
  skewed: 2,
  /** An inferred node created by the assembler, not present in the input. */
  addedInferred: 4,
} as const;

/**
 * One trace as a tree. `spans` are in pre-order depth-first order (a parent before its
 * children, siblings by start time); `parent[i]` is the index of span i's parent or -1 for a
 * root (the entry segment, or an orphan kept under the trace); `depth[i]` is 0 for roots.
 * Every consumer may rely on this order: a subtree of span i is spans[i .. i + size[i]).
 */
export interface Trace {
  readonly id: string;
  readonly spans: readonly Span[];
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  /** Number of spans in the subtree rooted at i, itself included. */
  readonly size: Int32Array;
  readonly flags: Uint8Array;
  /** Earliest start and latest end over all spans (epoch seconds). */
  readonly start: number;
  readonly end: number;
  /** Number of segment documents (inferred ones included) and subsegments. */
  readonly segmentCount: number;
  readonly subsegmentCount: number;
  readonly inProgressCount: number;
  readonly hasFault: boolean;
  readonly hasError: boolean;
  readonly hasThrottle: boolean;
}

import type { XRayCause, XRaySegmentDocument, XRayServiceId, XRaySpanDocument } from '../model/index.ts';

/**
 * The few rules X-Ray applies when it compiles segment documents into summaries and a service
 * graph, as far as its documentation and examples show them (aws-reference.md §2–§3). Used by the
 * generator to produce the GetTraceSummaries and GetServiceGraph answers that match its traces.
 */

/** Calls `visit` for a segment and every nested subsegment, parents before children, without recursion. */
export function forEachSpan(segment: XRaySpanDocument, visit: (span: XRaySpanDocument, depth: number) => void): void {
  const stack: { span: XRaySpanDocument; depth: number }[] = [{ span: segment, depth: 0 }];
  while (stack.length > 0) {
    const { span, depth } = stack.pop() as { span: XRaySpanDocument; depth: number };
    visit(span, depth);
    const children = Array.isArray(span.subsegments) ? span.subsegments : [];
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push({ span: child, depth: depth + 1 });
    }
  }
}

/**
 * The name X-Ray gives the node of a segment: the table for DynamoDB, the queue for SQS, the
 * segment name otherwise (`{api}/{stage}`, the function, `SNS`, the remote host).
 */
export function serviceNameOf(segment: XRaySegmentDocument): string {
  const aws = segment.aws;
  if (segment.origin === 'AWS::DynamoDB::Table' && typeof aws?.table_name === 'string') return aws.table_name;
  if (segment.origin === 'AWS::SQS::Queue' && typeof aws?.queue_url === 'string') {
    const parts = aws.queue_url.split('/');
    return parts[parts.length - 1] || segment.name;
  }
  return segment.name;
}

/** `origin` when there is one; an inferred segment without origin is a `remote` node. */
export function serviceTypeOf(segment: XRaySegmentDocument): string | undefined {
  if (typeof segment.origin === 'string') return segment.origin;
  return segment.inferred === true ? 'remote' : undefined;
}

export function serviceKeyOf(segment: XRaySegmentDocument): string {
  return `${serviceTypeOf(segment) ?? ''}\u0000${serviceNameOf(segment)}`;
}

export function serviceIdOf(segment: XRaySegmentDocument, accountId: string): XRayServiceId {
  const name = serviceNameOf(segment);
  const type = serviceTypeOf(segment);
  const id: { Name: string; Names: string[]; AccountId?: string; Type?: string } = { Name: name, Names: [name] };
  if (type !== 'remote') id.AccountId = accountId;
  if (type !== undefined) id.Type = type;
  return id;
}

export function durationOf(span: XRaySpanDocument): number | undefined {
  return typeof span.end_time === 'number' && typeof span.start_time === 'number' ? span.end_time - span.start_time : undefined;
}

/** Seconds rounded to the millisecond, as X-Ray reports durations. */
export function roundSeconds(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function exceptionsOf(cause: XRayCause | undefined): { Name: string; Message: string }[] {
  if (typeof cause !== 'object' || cause === null || !Array.isArray(cause.exceptions)) return [];
  return cause.exceptions
    .filter((exception) => typeof exception === 'object' && exception !== null)
    .map((exception) => ({ Name: typeof exception.type === 'string' ? exception.type : '', Message: typeof exception.message === 'string' ? exception.message : '' }));
}

/** One trace's documents with the links between them resolved. */
export interface CompiledTrace {
  readonly documents: readonly XRaySegmentDocument[];
  readonly root: XRaySegmentDocument | undefined;
  /** The segment that holds a span id (the segment itself or one of its subsegments). */
  readonly ownerOf: ReadonlyMap<string, XRaySegmentDocument>;
  readonly spanById: ReadonlyMap<string, XRaySpanDocument>;
  /** Segments whose parent_id is inside the given segment. */
  readonly childSegments: ReadonlyMap<XRaySegmentDocument, readonly XRaySegmentDocument[]>;
  readonly parentSegment: ReadonlyMap<XRaySegmentDocument, XRaySegmentDocument>;
}

export function compileTrace(documents: readonly XRaySegmentDocument[]): CompiledTrace {
  const ownerOf = new Map<string, XRaySegmentDocument>();
  const spanById = new Map<string, XRaySpanDocument>();
  for (const doc of documents) {
    forEachSpan(doc, (span) => {
      if (typeof span.id === 'string' && !ownerOf.has(span.id)) {
        ownerOf.set(span.id, doc);
        spanById.set(span.id, span);
      }
    });
  }
  const childSegments = new Map<XRaySegmentDocument, XRaySegmentDocument[]>();
  const parentSegment = new Map<XRaySegmentDocument, XRaySegmentDocument>();
  const unparented: XRaySegmentDocument[] = [];
  for (const doc of documents) {
    const parent = typeof doc.parent_id === 'string' ? ownerOf.get(doc.parent_id) : undefined;
    if (parent && parent !== doc) {
      parentSegment.set(doc, parent);
      const list = childSegments.get(parent);
      if (list) list.push(doc);
      else childSegments.set(parent, [doc]);
    } else {
      unparented.push(doc);
    }
  }
  // The entry point: a segment with no parent at all, emitted rather than inferred, earliest first.
  const rank = (doc: XRaySegmentDocument): number => (doc.parent_id === undefined ? 0 : 2) + (doc.inferred === true ? 1 : 0);
  let root: XRaySegmentDocument | undefined;
  for (const doc of unparented) {
    if (root === undefined || rank(doc) < rank(root) || (rank(doc) === rank(root) && doc.start_time < root.start_time)) root = doc;
  }
  return { documents, root, ownerOf, spanById, childSegments, parentSegment };
}

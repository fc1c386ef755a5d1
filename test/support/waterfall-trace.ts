import type { Span, SpanKind, Trace } from '../../shared/model/trace.ts';
import { SpanFlag } from '../../shared/model/trace.ts';
import type { XRaySegmentDocument, XRaySpanDocument } from '../../shared/model/xray.ts';

/**
 * A small, test-only assembler: X-Ray segment documents of one trace → a `Trace` that keeps the
 * model's guarantees (pre-order DFS, siblings by start time, `parent`/`depth`/`size`/`flags`).
 * The real one is `assembleTraces` in trace-assembly.ts (written elsewhere); this one exists so
 * the waterfall's tests and component tests do not depend on it. It does not add inferred nodes.
 */
interface FlatSpan {
  readonly doc: XRaySpanDocument | XRaySegmentDocument;
  readonly kind: SpanKind;
  readonly parentId: string | undefined;
  readonly segmentId: string;
  readonly origin: string | undefined;
}

/** Seconds a child may start before / end after its parent before it counts as skewed. */
const SKEW_TOLERANCE = 0.001;

function flatten(documents: readonly XRaySegmentDocument[]): FlatSpan[] {
  const out: FlatSpan[] = [];
  for (const segment of documents) {
    const isSubsegment = segment['type'] === 'subsegment';
    const kind: SpanKind = isSubsegment ? 'subsegment' : segment.inferred === true ? 'inferred' : 'segment';
    out.push({ doc: segment, kind, parentId: segment.parent_id, segmentId: segment.id, origin: isSubsegment ? undefined : segment.origin });
    const stack: { doc: XRaySpanDocument; parentId: string }[] = [];
    for (const sub of segment.subsegments ?? []) stack.push({ doc: sub, parentId: segment.id });
    // Depth-first without recursion; the order of `out` does not matter (children are sorted later).
    while (stack.length > 0) {
      const { doc, parentId } = stack.pop()!;
      out.push({ doc, kind: 'subsegment', parentId, segmentId: segment.id, origin: undefined });
      for (const sub of doc.subsegments ?? []) stack.push({ doc: sub, parentId: doc.id });
    }
  }
  return out;
}

export function buildTestTrace(documents: readonly XRaySegmentDocument[], traceId?: string): Trace {
  const flat = flatten(documents);
  const id = traceId ?? documents[0]?.trace_id ?? 'test-trace';
  const indexById = new Map<string, number>();
  flat.forEach((span, i) => {
    if (!indexById.has(span.doc.id)) indexById.set(span.doc.id, i);
  });
  const children = flat.map((): number[] => []);
  const roots: number[] = [];
  const orphan = new Uint8Array(flat.length);
  flat.forEach((span, i) => {
    const parent = span.parentId === undefined ? undefined : indexById.get(span.parentId);
    if (parent === undefined || parent === i) {
      if (span.parentId !== undefined) orphan[i] = 1;
      roots.push(i);
    } else children[parent]!.push(i);
  });
  const byStart = (a: number, b: number): number => flat[a]!.doc.start_time - flat[b]!.doc.start_time || a - b;
  for (const list of children) list.sort(byStart);
  // Proper roots first, then orphans, each by start time.
  roots.sort((a, b) => orphan[a]! - orphan[b]! || byStart(a, b));

  const order: number[] = [];
  const stack = roots.slice().reverse();
  const seen = new Uint8Array(flat.length);
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (seen[i]) continue;
    seen[i] = 1;
    order.push(i);
    const list = children[i]!;
    for (let k = list.length - 1; k >= 0; k--) stack.push(list[k]!);
  }
  // A parent cycle leaves spans unreached: keep them as orphan roots.
  for (let i = 0; i < flat.length; i++) {
    if (!seen[i]) {
      seen[i] = 1;
      orphan[i] = 1;
      order.push(i);
    }
  }

  const n = order.length;
  const position = new Int32Array(flat.length);
  order.forEach((flatIndex, pos) => (position[flatIndex] = pos));
  const parent = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n);
  const size = new Int32Array(n).fill(1);
  const flags = new Uint8Array(n);
  const spans: Span[] = [];
  for (let pos = 0; pos < n; pos++) {
    const f = flat[order[pos]!]!;
    const p = f.parentId === undefined || orphan[order[pos]!] ? undefined : indexById.get(f.parentId);
    const parentPos = p === undefined ? -1 : position[p]!;
    parent[pos] = parentPos;
    depth[pos] = parentPos < 0 ? 0 : depth[parentPos]! + 1;
    if (orphan[order[pos]!]) flags[pos]! |= SpanFlag.orphan;
    const doc = f.doc;
    const end = typeof doc.end_time === 'number' ? doc.end_time : undefined;
    spans.push({
      id: doc.id,
      traceId: id,
      kind: f.kind,
      name: doc.name,
      start: doc.start_time,
      end,
      inProgress: end === undefined,
      parentId: f.parentId,
      segmentId: f.segmentId,
      origin: f.origin,
      namespace: doc.namespace,
      error: doc.error === true,
      throttle: doc.throttle === true,
      fault: doc.fault === true,
      inferred: f.kind === 'inferred',
      doc,
    });
    if (parentPos >= 0) {
      const ps = spans[parentPos]!;
      const late = end !== undefined && ps.end !== undefined && end > ps.end + SKEW_TOLERANCE;
      if (doc.start_time < ps.start - SKEW_TOLERANCE || late) flags[pos]! |= SpanFlag.skewed;
    }
  }
  for (let pos = n - 1; pos > 0; pos--) {
    const p = parent[pos]!;
    if (p >= 0) size[p]! += size[pos]!;
  }
  let start = Infinity;
  let end = -Infinity;
  for (const s of spans) {
    start = Math.min(start, s.start);
    end = Math.max(end, s.end ?? s.start);
  }
  return {
    id,
    spans,
    parent,
    depth,
    size,
    flags,
    start: n > 0 ? start : 0,
    end: n > 0 ? end : 0,
    segmentCount: spans.filter((s) => s.kind !== 'subsegment').length,
    subsegmentCount: spans.filter((s) => s.kind === 'subsegment').length,
    inProgressCount: spans.filter((s) => s.inProgress).length,
    hasFault: spans.some((s) => s.fault),
    hasError: spans.some((s) => s.error),
    hasThrottle: spans.some((s) => s.throttle),
  };
}

/** BatchGetTraces output (`{Traces:[{Id, Segments:[{Document}]}]}`) → one Trace per trace. */
export function buildTestTracesFromBatch(batch: unknown): Trace[] {
  const traces = (batch as { Traces?: { Id: string; Segments: { Document: string }[] }[] }).Traces ?? [];
  return traces.map((t) => buildTestTrace(t.Segments.map((s) => JSON.parse(s.Document) as XRaySegmentDocument), t.Id));
}

/**
 * A generated tree: `parents[k]` is the parent of node k (-1 or an earlier node). Node k is a
 * segment document `n{k}` starting at `starts[k]` (seconds) and lasting `durations[k]`.
 */
export function buildTestTraceFromParents(parents: readonly number[], starts?: readonly number[], durations?: readonly number[]): Trace {
  const documents: XRaySegmentDocument[] = parents.map((p, k) => {
    const start = starts?.[k] ?? k;
    const doc: XRaySegmentDocument = { id: `n${k}`, name: `span ${k}`, trace_id: 'generated', start_time: start, end_time: start + (durations?.[k] ?? 1) };
    return p >= 0 ? { ...doc, parent_id: `n${p}` } : doc;
  });
  return buildTestTrace(documents, 'generated');
}

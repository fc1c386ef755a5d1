import type { Span, Trace } from '../../model/trace.ts';
import type { XRayTraceSummary } from '../../model/xray.ts';
import { entryIndex } from '../root-cause.ts';
import { canonicalType, serviceIdentity } from '../service-naming.ts';
import { record, text } from './trace-read.ts';

/**
 * The nodes and edges of every trace of a table, flat, for `service()` and `edge()`: each
 * distinct node (a `type|name`, as on the service map) gets one id for the whole table; each
 * trace lists its node entries (node id + its spans) and edge entries (caller id, callee id +
 * the calls); each span row has its status bits, duration and HTTP status in typed arrays. A
 * compiled filter then tests a trace with a few integer reads instead of chasing objects.
 *
 * Nodes follow the computed service map (service-graph.ts): a node per (name, type) of the
 * segments and inferred segments, an edge caller → callee per call, a `client` node in front of
 * the entry segment. An edge's span rows are the callee's segments: X-Ray applies an edge's
 * `{ filter }` to "the segments on this connection" (for an inferred callee the flags and times
 * are those of the client subsegment anyway). A trace known
 * only from its summary has node entries from `ServiceIds` without spans, and no edges.
 */
export const SpanBit = { fault: 1, error: 2, throttle: 4, inProgress: 8, inferred: 16, root: 32 } as const;

export interface NodeInfo {
  readonly key: string;
  readonly name: string;
  readonly names: readonly string[];
  readonly type: string;
  /** The first account id seen for the node. */
  readonly accountId: string | undefined;
}

class GrowableInt {
  array = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.array.length) {
      const next = new Int32Array(this.array.length * 2);
      next.set(this.array);
      this.array = next;
    }
    this.array[this.length++] = value;
  }
  done(): Int32Array {
    return this.array.slice(0, this.length);
  }
}

class GrowableFloat {
  array = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.array.length) {
      const next = new Float64Array(this.array.length * 2);
      next.set(this.array);
      this.array = next;
    }
    this.array[this.length++] = value;
  }
  done(): Float64Array {
    return this.array.slice(0, this.length);
  }
}

export class NodeIndex {
  readonly nodes: readonly NodeInfo[];
  /** Node entries of trace i: [traceNodeStart[i], traceNodeStart[i + 1]). */
  readonly traceNodeStart: Int32Array;
  readonly entryNode: Int32Array;
  /** Span rows of node entry e: [entrySpanStart[e], entrySpanEnd[e]). */
  readonly entrySpanStart: Int32Array;
  readonly entrySpanEnd: Int32Array;
  /** Edge entries of trace i: [traceEdgeStart[i], traceEdgeStart[i + 1]). */
  readonly traceEdgeStart: Int32Array;
  readonly edgeSource: Int32Array;
  readonly edgeTarget: Int32Array;
  /** Span rows of edge entry e: [edgeSpanStart[e], edgeSpanEnd[e]). */
  readonly edgeSpanStart: Int32Array;
  readonly edgeSpanEnd: Int32Array;
  /** Per span row: the span (the callee segment for edge rows), its node, SpanBit bits, duration (NaN in progress). */
  readonly spans: readonly Span[];
  readonly spanNode: Int32Array;
  readonly spanBits: Uint8Array;
  readonly spanDuration: Float64Array;
  private httpStatuses: Float64Array | undefined;

  private readonly idByKey = new Map<string, number>();

  constructor(traces: readonly (Trace | undefined)[], summaries: readonly (XRayTraceSummary | undefined)[]) {
    const nodes: NodeInfo[] = [];
    const nodeId = (type: string, name: string, accountId: string | undefined, names?: readonly string[]): number => {
      const key = `${type}|${name}`;
      let id = this.idByKey.get(key);
      if (id === undefined) {
        id = nodes.length;
        nodes.push({ key, name, names: names && names.length ? names : [name], type, accountId });
        this.idByKey.set(key, id);
      }
      return id;
    };
    // Emitted segments are named by (origin, name): resolve each pair once.
    const byOrigin = new Map<string, Map<string, number>>();
    const spanNodeId = (span: Span): number => {
      if (span.inferred) {
        const identity = serviceIdentity(span);
        return nodeId(identity.type, identity.name, undefined);
      }
      const origin = span.origin ?? '';
      let byName = byOrigin.get(origin);
      if (!byName) byOrigin.set(origin, (byName = new Map()));
      let id = byName.get(span.name);
      if (id === undefined) {
        const identity = serviceIdentity(span);
        id = nodeId(identity.type, identity.name, text(record(span.doc.aws)?.['account_id']));
        byName.set(span.name, id);
      }
      return id;
    };

    const traceNodeStart = new GrowableInt();
    const entryNode = new GrowableInt();
    const entrySpanStart = new GrowableInt();
    const entrySpanEnd = new GrowableInt();
    const traceEdgeStart = new GrowableInt();
    const edgeSource = new GrowableInt();
    const edgeTarget = new GrowableInt();
    const edgeSpanStart = new GrowableInt();
    const edgeSpanEnd = new GrowableInt();
    const spans: Span[] = [];
    const spanNode = new GrowableInt();
    const spanBits = new GrowableInt();
    const spanDuration = new GrowableFloat();
    const addSpanRow = (span: Span, node: number, root: boolean): void => {
      spans.push(span);
      spanNode.push(node);
      spanBits.push(
        (span.fault ? SpanBit.fault : 0) |
          (span.error ? SpanBit.error : 0) |
          (span.throttle ? SpanBit.throttle : 0) |
          (span.inProgress ? SpanBit.inProgress : 0) |
          (span.inferred ? SpanBit.inferred : 0) |
          (root ? SpanBit.root : 0),
      );
      spanDuration.push(span.end === undefined ? Number.NaN : span.end - span.start);
    };

    // Scratch reused from trace to trace (no allocation per trace): each span's node (its
    // owner's for a subsegment), its local node entry and its local edge entry; the trace's
    // distinct nodes and (source, target) pairs.
    let owner = new Int32Array(64);
    let spanLocal = new Int32Array(64);
    let spanEdge = new Int32Array(64);
    const localNodes: number[] = [];
    const localEdges: number[] = [];
    const clientOf = new Map<number, number>();

    for (let t = 0; t < traces.length; t++) {
      traceNodeStart.push(entryNode.length);
      traceEdgeStart.push(edgeSource.length);
      const trace = traces[t];
      if (!trace) {
        for (const id of this.summaryNodes(summaries[t], nodeId)) {
          entryNode.push(id);
          entrySpanStart.push(spans.length);
          entrySpanEnd.push(spans.length);
        }
        continue;
      }
      const { spans: traceSpans, parent } = trace;
      const n = traceSpans.length;
      if (owner.length < n) {
        owner = new Int32Array(n * 2);
        spanLocal = new Int32Array(n * 2);
        spanEdge = new Int32Array(n * 2);
      }
      localNodes.length = 0;
      localEdges.length = 0;
      let rootNode = -1;
      const entry = entryIndex(trace);
      for (let i = 0; i < n; i++) {
        const span = traceSpans[i]!;
        const p = parent[i] ?? -1;
        spanLocal[i] = -1;
        spanEdge[i] = -1;
        if (span.kind === 'subsegment') {
          owner[i] = p >= 0 ? owner[p]! : -1;
          continue;
        }
        const id = spanNodeId(span);
        owner[i] = id;
        let local = localNodes.indexOf(id);
        if (local < 0) local = localNodes.push(id) - 1;
        spanLocal[i] = local;
        let source = -1;
        if (i === entry) {
          rootNode = id;
          source = clientOf.get(id) ?? -1;
          if (source < 0) clientOf.set(id, (source = nodeId('client', nodes[id]!.name, undefined)));
        } else if (p >= 0) {
          source = owner[p]!;
        }
        if (source < 0) continue;
        let edge = 0;
        while (edge < localEdges.length && !(localEdges[edge] === source && localEdges[edge + 1] === id)) edge += 2;
        if (edge === localEdges.length) localEdges.push(source, id);
        spanEdge[i] = edge / 2;
      }
      for (let l = 0; l < localNodes.length; l++) {
        const id = localNodes[l]!;
        entryNode.push(id);
        entrySpanStart.push(spans.length);
        for (let i = 0; i < n; i++) if (spanLocal[i] === l) addSpanRow(traceSpans[i]!, id, id === rootNode);
        entrySpanEnd.push(spans.length);
      }
      for (let e = 0; e < localEdges.length; e += 2) {
        const target = localEdges[e + 1]!;
        edgeSource.push(localEdges[e]!);
        edgeTarget.push(target);
        edgeSpanStart.push(spans.length);
        for (let i = 0; i < n; i++) if (spanEdge[i] === e / 2) addSpanRow(traceSpans[i]!, target, target === rootNode);
        edgeSpanEnd.push(spans.length);
      }
    }
    traceNodeStart.push(entryNode.length);
    traceEdgeStart.push(edgeSource.length);
    this.nodes = nodes;
    this.traceNodeStart = traceNodeStart.done();
    this.entryNode = entryNode.done();
    this.entrySpanStart = entrySpanStart.done();
    this.entrySpanEnd = entrySpanEnd.done();
    this.traceEdgeStart = traceEdgeStart.done();
    this.edgeSource = edgeSource.done();
    this.edgeTarget = edgeTarget.done();
    this.edgeSpanStart = edgeSpanStart.done();
    this.edgeSpanEnd = edgeSpanEnd.done();
    this.spans = spans;
    this.spanNode = spanNode.done();
    this.spanBits = new Uint8Array(spanBits.done());
    this.spanDuration = spanDuration.done();
  }

  /** HTTP status per span row (NaN when none), read from the documents on first use: that read is the costly part. */
  spanHttpStatus(): Float64Array {
    if (!this.httpStatuses) {
      const statuses = new Float64Array(this.spans.length);
      this.spans.forEach((span, k) => {
        const status = record(record(span.doc.http)?.['response'])?.['status'];
        statuses[k] = typeof status === 'number' ? status : Number.NaN;
      });
      this.httpStatuses = statuses;
    }
    return this.httpStatuses;
  }

  /** The id of a node key (`type|name`), or undefined when no trace has it. */
  idOf(key: string): number | undefined {
    return this.idByKey.get(key);
  }

  private summaryNodes(summary: XRayTraceSummary | undefined, nodeId: (type: string, name: string, accountId: string | undefined, names?: readonly string[]) => number): number[] {
    const ids: number[] = [];
    const list = summary?.ServiceIds;
    if (!Array.isArray(list)) return ids;
    for (const item of list) {
      const id = record(item);
      const name = text(id?.['Name']);
      if (!id || name === undefined) continue;
      const names = Array.isArray(id['Names']) ? id['Names'].filter((n): n is string => typeof n === 'string') : undefined;
      const node = nodeId(canonicalType(text(id['Type']) ?? ''), name, text(id['AccountId']), names);
      if (!ids.includes(node)) ids.push(node);
    }
    return ids;
  }
}

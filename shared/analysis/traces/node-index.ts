import { jsonObject } from '../../base/json.ts';
import type { Span } from '../../model/trace.ts';
import { NodeIndexBuilder, type NodeInfo } from './node-index-build.ts';

export { SpanBit, type NodeInfo } from './node-index-build.ts';

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

  private readonly idByKey: ReadonlyMap<string, number>;

  /** Finishes `builder` (building what is left of it) and takes its arrays. */
  constructor(builder: NodeIndexBuilder) {
    builder.step();
    this.idByKey = builder.idByKey;
    builder.traceNodeStart.push(builder.entryNode.length);
    builder.traceEdgeStart.push(builder.edgeSource.length);
    this.nodes = builder.nodes;
    this.traceNodeStart = builder.traceNodeStart.done();
    this.entryNode = builder.entryNode.done();
    this.entrySpanStart = builder.entrySpanStart.done();
    this.entrySpanEnd = builder.entrySpanEnd.done();
    this.traceEdgeStart = builder.traceEdgeStart.done();
    this.edgeSource = builder.edgeSource.done();
    this.edgeTarget = builder.edgeTarget.done();
    this.edgeSpanStart = builder.edgeSpanStart.done();
    this.edgeSpanEnd = builder.edgeSpanEnd.done();
    this.spans = builder.spans;
    this.spanNode = builder.spanNode.done();
    this.spanBits = new Uint8Array(builder.spanBits.done());
    this.spanDuration = builder.spanDuration.done();
  }

  /** HTTP status per span row (NaN when none), read from the documents on first use: that read is the costly part. */
  spanHttpStatus(): Float64Array {
    if (!this.httpStatuses) {
      const statuses = new Float64Array(this.spans.length);
      this.spans.forEach((span, k) => {
        const status = jsonObject(jsonObject(span.doc.http)?.['response'])?.['status'];
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
}

import type { Trace } from '../../../shared/model/trace.ts';
import { spanStatus, STATUS_ORDER, type SpanStatus } from './status-colors.ts';

/**
 * The small map of one trace: a node per service (segment and inferred spans grouped by origin and
 * name, as X-Ray groups them) and an edge per caller → callee pair, laid out in columns by call
 * depth (the fewest segment hops from a root). Linear in the number of spans, no recursion.
 */
export interface TraceMapNode {
  readonly key: string;
  readonly name: string;
  /** The segment's origin (AWS::Lambda…), or '' when the data gives none. */
  readonly type: string;
  readonly inferred: boolean;
  readonly column: number;
  /** Position within its column, from the top. */
  readonly row: number;
  /** The first of its segments in span order (selected when the node is clicked). */
  readonly firstSpan: number;
  readonly segments: number;
  readonly status: SpanStatus;
}

export interface TraceMapEdge {
  readonly source: number;
  readonly target: number;
  readonly calls: number;
}

export interface TraceMapModel {
  readonly nodes: readonly TraceMapNode[];
  readonly edges: readonly TraceMapEdge[];
  /** The node every span belongs to (a subsegment: its segment's node); -1 for none. */
  readonly nodeOfSpan: Int32Array;
  readonly columns: number;
  readonly rows: number;
}

interface NodeDraft {
  key: string;
  name: string;
  type: string;
  inferred: boolean;
  column: number;
  firstSpan: number;
  segments: number;
  status: SpanStatus;
}

export function buildTraceMap(trace: Trace): TraceMapModel {
  const n = trace.spans.length;
  const nodeOfSpan = new Int32Array(n).fill(-1);
  const hop = new Int32Array(n);
  const drafts: NodeDraft[] = [];
  const nodeByKey = new Map<string, number>();
  const edgeByKey = new Map<string, { source: number; target: number; calls: number }>();
  for (let i = 0; i < n; i++) {
    const span = trace.spans[i]!;
    const p = trace.parent[i]!;
    if (span.kind === 'subsegment') {
      nodeOfSpan[i] = p >= 0 ? nodeOfSpan[p]! : -1;
      hop[i] = p >= 0 ? hop[p]! : 0;
      continue;
    }
    hop[i] = p >= 0 ? hop[p]! + 1 : 0;
    const type = span.origin ?? '';
    const key = `${type.toLowerCase()}|${span.name}`;
    let node = nodeByKey.get(key);
    const status = spanStatus(span);
    if (node === undefined) {
      node = drafts.length;
      nodeByKey.set(key, node);
      drafts.push({ key, name: span.name, type, inferred: span.inferred, column: hop[i]!, firstSpan: i, segments: 0, status });
    }
    const draft = drafts[node]!;
    draft.segments++;
    draft.column = Math.min(draft.column, hop[i]!);
    if (STATUS_ORDER.indexOf(status) > STATUS_ORDER.indexOf(draft.status)) draft.status = status;
    nodeOfSpan[i] = node;
    const source = p >= 0 ? nodeOfSpan[p]! : -1;
    if (source >= 0 && source !== node) {
      const edgeKey = `${source}>${node}`;
      const edge = edgeByKey.get(edgeKey);
      if (edge) edge.calls++;
      else edgeByKey.set(edgeKey, { source, target: node, calls: 1 });
    }
  }
  const perColumn = new Map<number, number>();
  const nodes: TraceMapNode[] = drafts.map((d) => {
    const row = perColumn.get(d.column) ?? 0;
    perColumn.set(d.column, row + 1);
    return { ...d, row };
  });
  let columns = 0;
  let rows = 0;
  for (const [column, count] of perColumn) {
    columns = Math.max(columns, column + 1);
    rows = Math.max(rows, count);
  }
  return { nodes, edges: [...edgeByKey.values()], nodeOfSpan, columns, rows };
}

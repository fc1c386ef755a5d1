import type { WaterfallTrace } from './waterfall-trace.ts';
import { statusOf, statusRank, STATUS_ORDER, type RequestStatus } from '../../model/status.ts';

/**
 * The small map of one trace: a node per service (segment and inferred spans grouped by origin and
 * name, as X-Ray groups them) and an edge per caller → callee pair, laid out in columns by call
 * depth (the fewest segment hops from a root). One pass in pre-order, no recursion, no strings
 * built per span; the number of nodes is capped, so a trace whose every segment is its own service
 * costs no more than one with ten.
 */
export interface TraceMapNode {
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
  readonly status: RequestStatus;
}

export interface TraceMapEdge {
  readonly source: number;
  readonly target: number;
  readonly calls: number;
}

/** Services beyond this many are not mapped (the map could not show them legibly anyway). */
export const MAX_TRACE_MAP_NODES = 300;

export interface TraceMapModel {
  /** In order of first appearance (pre-order), so the entry service comes first; at most MAX_TRACE_MAP_NODES. */
  readonly nodes: readonly TraceMapNode[];
  /** Segments of services beyond the cap, left off the map. */
  readonly unmappedSegments: number;
  readonly edges: readonly TraceMapEdge[];
  /** The node every span belongs to (a subsegment: its segment's node); -1 for none (undefined before the map is made). */
  readonly nodeOfSpan: Int32Array;
  readonly columns: number;
  readonly rows: number;
}

interface MutableNode {
  name: string;
  type: string;
  inferred: boolean;
  column: number;
  row: number;
  firstSpan: number;
  segments: number;
  rank: number;
  status: RequestStatus;
}

export function buildTraceMap(trace: WaterfallTrace): TraceMapModel {
  const n = trace.spans.length;
  const nodeOfSpan = new Int32Array(n).fill(-1);
  const hop = new Int32Array(n);
  const nodes: MutableNode[] = [];
  // origin (lower case) → name → node; X-Ray compares types case-insensitively.
  const nodeByTypeAndName = new Map<string, Map<string, number>>();
  const lowerType = new Map<string, string>();
  // source → target → edge index.
  const edgeIndex = new Map<number, Map<number, number>>();
  const edges: { source: number; target: number; calls: number }[] = [];
  let unmappedSegments = 0;
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
    let typeKey = lowerType.get(type);
    if (typeKey === undefined) lowerType.set(type, (typeKey = type.toLowerCase()));
    let byName = nodeByTypeAndName.get(typeKey);
    if (!byName) nodeByTypeAndName.set(typeKey, (byName = new Map()));
    let node = byName.get(span.name);
    const status = statusOf(span);
    if (node === undefined && nodes.length >= MAX_TRACE_MAP_NODES) {
      unmappedSegments++;
      continue;
    }
    if (node === undefined) {
      node = nodes.length;
      byName.set(span.name, node);
      nodes.push({ name: span.name, type, inferred: span.inferred, column: hop[i]!, row: 0, firstSpan: i, segments: 0, rank: statusRank(status), status });
    }
    const draft = nodes[node]!;
    draft.segments++;
    if (hop[i]! < draft.column) draft.column = hop[i]!;
    const rank = statusRank(status);
    if (rank > draft.rank) {
      draft.rank = rank;
      draft.status = STATUS_ORDER[rank]!;
    }
    nodeOfSpan[i] = node;
    const source = p >= 0 ? nodeOfSpan[p]! : -1;
    if (source < 0 || source === node) continue;
    let targets = edgeIndex.get(source);
    if (!targets) edgeIndex.set(source, (targets = new Map()));
    const edge = targets.get(node);
    if (edge === undefined) {
      targets.set(node, edges.length);
      edges.push({ source, target: node, calls: 1 });
    } else edges[edge]!.calls++;
  }
  const perColumn: number[] = [];
  let rows = 0;
  for (const node of nodes) {
    node.row = perColumn[node.column] ?? 0;
    perColumn[node.column] = node.row + 1;
    rows = Math.max(rows, node.row + 1);
  }
  return { nodes, unmappedSegments, edges, nodeOfSpan, columns: perColumn.length, rows };
}

/** No services (yet): `nodeOfSpan` is empty, so every span reads as on no node (undefined). */
export function emptyTraceMap(): TraceMapModel {
  return { nodes: [], unmappedSegments: 0, edges: [], nodeOfSpan: new Int32Array(0), columns: 0, rows: 0 };
}

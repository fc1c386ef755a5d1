import type { ServiceEdge, ServiceGraph, ServiceNode } from '../model/service-graph.ts';
import type { Span, Trace } from '../model/trace.ts';
import { SpanFlag } from '../model/trace.ts';
import { StatsAccumulator } from './service-graph-stats.ts';
import { serviceIdentity } from './service-naming.ts';

export { capturedServiceGraph } from './service-graph-captured.ts';
export { nodeKey } from './service-naming.ts';

interface NodeBuilder {
  readonly key: string;
  readonly name: string;
  readonly type: string;
  accountId: string | undefined;
  root: boolean;
  /** True while every span seen for the node was inferred. */
  inferred: boolean;
  readonly stats: StatsAccumulator;
}

interface EdgeBuilder {
  readonly source: string;
  readonly target: string;
  readonly stats: StatsAccumulator;
}

/**
 * The service map of a set of traces, as X-Ray draws it (aws-reference.md §2–§3, Appendix C):
 *
 * - a node per (name, type) of every segment and inferred segment, added ones included
 *   (naming in service-naming.ts), with the stats of its completed segments (their flags and
 *   `end - start`);
 * - a `client` node, named like the root, in front of every root segment (not in front of
 *   orphans: their caller exists but is not in the data), its edge carrying the root's stats;
 *   like X-Ray's, the client node has no stats of its own (all zero);
 * - an edge caller → callee for every segment whose parent is in the trace; the caller is the
 *   node of the segment enclosing the parent. Its stats are the caller's view of the call — the
 *   client subsegment (`Lambda` integration, DynamoDB call…) — when the parent is a subsegment,
 *   and the callee segment's own when the parent is a segment (AWS::Lambda → AWS::Lambda::Function).
 *
 * In-progress spans make their node and edge exist but are not counted. Edges carry no
 * `edgeType`: trace links (`link` edges in X-Ray) are not followed here.
 */
export function computeServiceGraph(traces: readonly Trace[]): ServiceGraph {
  const nodes = new Map<string, NodeBuilder>();
  const edges = new Map<string, Map<string, EdgeBuilder>>();
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let owner = new Int32Array(0);
  let nodeOf: (NodeBuilder | undefined)[] = [];
  for (const trace of traces) {
    const { spans, parent, flags } = trace;
    const n = spans.length;
    if (owner.length < n) owner = new Int32Array(n);
    if (nodeOf.length < n) nodeOf = new Array<NodeBuilder | undefined>(n);
    for (let i = 0; i < n; i++) {
      const span = spans[i]!;
      const p = parent[i]!;
      if (span.kind === 'subsegment') {
        owner[i] = p >= 0 ? owner[p]! : -1;
        continue;
      }
      owner[i] = i;
      const node = nodeFor(nodes, span);
      nodeOf[i] = node;
      if (node.accountId === undefined) node.accountId = accountOf(span) ?? (p >= 0 && owner[p]! >= 0 ? nodeOf[owner[p]!]!.accountId : undefined);
      const spanEnd = span.end;
      if (spanEnd !== undefined) {
        node.stats.addSpan(span, spanEnd);
        if (span.start < start) start = span.start;
        if (spanEnd > end) end = spanEnd;
      }
      if (p < 0) {
        if ((flags[i]! & SpanFlag.orphan) !== 0) continue;
        node.root = true;
        const client = nodeFor(nodes, undefined, 'client', node.name);
        if (spanEnd !== undefined) edgeFor(edges, client.key, node.key).stats.addSpan(span, spanEnd);
        else edgeFor(edges, client.key, node.key);
        continue;
      }
      const callerIndex = owner[p]!;
      if (callerIndex < 0) continue;
      const caller = nodeOf[callerIndex]!;
      const viewed = spans[p]!.kind === 'subsegment' ? spans[p]! : span;
      const edge = edgeFor(edges, caller.key, node.key);
      if (viewed.end !== undefined) edge.stats.addSpan(viewed, viewed.end);
    }
  }
  const serviceNodes: ServiceNode[] = [];
  for (const node of nodes.values()) {
    serviceNodes.push({
      key: node.key,
      name: node.name,
      type: node.type,
      names: [node.name],
      ...(node.accountId !== undefined ? { accountId: node.accountId } : {}),
      root: node.root,
      inferred: node.inferred,
      stats: node.stats.toStats(),
    });
  }
  const serviceEdges: ServiceEdge[] = [];
  for (const targets of edges.values()) {
    for (const edge of targets.values()) serviceEdges.push({ source: edge.source, target: edge.target, stats: edge.stats.toStats() });
  }
  return {
    origin: 'computed',
    nodes: serviceNodes,
    edges: serviceEdges,
    ...(start <= end ? { start, end } : {}),
  };
}

function nodeFor(nodes: Map<string, NodeBuilder>, span: Span | undefined, clientType?: string, clientName?: string): NodeBuilder {
  const identity = span !== undefined ? serviceIdentity(span) : { name: clientName ?? '', type: clientType ?? 'client' };
  // serviceIdentity returns canonical types, so this is nodeKey(type, name) without re-normalising.
  const key = `${identity.type}|${identity.name}`;
  let node = nodes.get(key);
  if (node === undefined) {
    node = { key, name: identity.name, type: identity.type, accountId: undefined, root: false, inferred: span?.inferred ?? false, stats: new StatsAccumulator() };
    nodes.set(key, node);
  } else if (span !== undefined && !span.inferred) {
    node.inferred = false;
  }
  return node;
}

function edgeFor(edges: Map<string, Map<string, EdgeBuilder>>, source: string, target: string): EdgeBuilder {
  let targets = edges.get(source);
  if (targets === undefined) {
    targets = new Map();
    edges.set(source, targets);
  }
  let edge = targets.get(target);
  if (edge === undefined) {
    edge = { source, target, stats: new StatsAccumulator() };
    targets.set(target, edge);
  }
  return edge;
}

/** The account of a segment: `aws.account_id`, `aws.api_gateway.account_id`, or its `resource_arn`. */
function accountOf(span: Span): string | undefined {
  const aws = span.doc.aws;
  if (typeof aws === 'object' && aws !== null) {
    const own = aws['account_id'];
    if (typeof own === 'string' && own !== '') return own;
    const gateway = aws['api_gateway'];
    if (typeof gateway === 'object' && gateway !== null) {
      const account = (gateway as Record<string, unknown>)['account_id'];
      if (typeof account === 'string' && account !== '') return account;
    }
  }
  const arn = span.doc['resource_arn'];
  if (typeof arn !== 'string') return undefined;
  const account = arn.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

import type { ServiceEdge, ServiceGraph, ServiceNode } from '../../model/service-graph.ts';
import type { Trace } from '../../model/trace.ts';
import { SpanFlag } from '../../model/trace.ts';
import { accountOf, GraphNodes, type EdgeBuilder, type NodeBuilder } from './nodes.ts';
import { statusOf, type RequestStatus } from '../../model/status.ts';

export { capturedServiceGraph } from './captured.ts';
export { nodeKey } from '../../dataset/index.ts';

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
 *
 * `observer`, when given, is told of every request counted, with its start time, as it is counted:
 * the timeline's series (analysis/timeline) are the same requests as the map's, bucketed by time.
 */
export function computeServiceGraph(traces: readonly Trace[], observer?: RequestObserver): ServiceGraph {
  const walk = new GraphWalk(observer);
  for (const trace of traces) walk.add(trace);
  return walk.graph();
}

/**
 * computeServiceGraph a trace at a time: `add` each trace, then `graph()`. What a caller that
 * must not block for long (the worker's idle work) walks in slices.
 */
export class GraphWalk {
  private readonly nodes = new GraphNodes();
  private start = Number.POSITIVE_INFINITY;
  private end = Number.NEGATIVE_INFINITY;
  /** Per span of the current trace: the index of the segment enclosing it (itself for a segment), -1 for none. */
  private owner = new Int32Array(0);
  /** Per segment of the current trace: its node. */
  private nodeOf: (NodeBuilder | undefined)[] = [];

  constructor(private readonly observer?: RequestObserver) {}

  add(trace: Trace): void {
    const graph = this.nodes;
    const observer = this.observer;
    let { start, end, owner, nodeOf } = this;
    const { spans, parent, flags } = trace;
    const n = spans.length;
    if (owner.length < n) this.owner = owner = new Int32Array(n);
    if (nodeOf.length < n) this.nodeOf = nodeOf = new Array<NodeBuilder | undefined>(n);
    for (let i = 0; i < n; i++) {
      const span = spans[i]!;
      const p = parent[i]!;
      if (span.kind === 'subsegment') {
        owner[i] = p >= 0 ? owner[p]! : -1;
        continue;
      }
      owner[i] = i;
      const node = graph.nodeOf(span);
      nodeOf[i] = node;
      if (node.accountId === undefined) node.accountId = accountOf(span) ?? (p >= 0 && owner[p]! >= 0 ? nodeOf[owner[p]!]!.accountId : undefined);
      // Each field is read once: they are getters over the document on the assembler's spans.
      const spanEnd = span.end;
      let status: RequestStatus = 'ok';
      let duration = 0;
      if (spanEnd !== undefined) {
        const spanStart = span.start;
        status = statusOf(span);
        duration = spanEnd - spanStart;
        node.stats.addRequest(status, duration);
        observer?.node(node, status, spanStart, duration);
        if (spanStart < start) start = spanStart;
        if (spanEnd > end) end = spanEnd;
      }
      if (p < 0) {
        if ((flags[i]! & SpanFlag.orphan) !== 0) continue;
        node.root = true;
        const edge = graph.edge(graph.clientOf(node), node);
        if (spanEnd !== undefined) {
          edge.stats.addRequest(status, duration);
          observer?.edge(edge, status, span.start, duration);
        }
        continue;
      }
      const callerIndex = owner[p]!;
      if (callerIndex < 0) continue;
      const edge = graph.edge(nodeOf[callerIndex]!, node);
      const call = spans[p]!;
      if (call.kind === 'subsegment') {
        const callEnd = call.end;
        if (callEnd !== undefined) {
          const callStart = call.start;
          const callStatus = statusOf(call);
          edge.stats.addRequest(callStatus, callEnd - callStart);
          observer?.edge(edge, callStatus, callStart, callEnd - callStart);
        }
      } else if (spanEnd !== undefined) {
        edge.stats.addRequest(status, duration);
        observer?.edge(edge, status, span.start, duration);
      }
    }
    this.start = start;
    this.end = end;
  }

  graph(): ServiceGraph {
    const graph = this.nodes;
    const { start, end } = this;
    const serviceNodes: ServiceNode[] = [];
    for (const node of graph.byKey.values()) {
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
    for (const source of graph.sources) {
      for (const edge of source.out!.values()) serviceEdges.push({ source: edge.source, target: edge.target, stats: edge.stats.toStats() });
    }
    return {
      origin: 'computed',
      nodes: serviceNodes,
      edges: serviceEdges,
      ...(start <= end ? { start, end } : {}),
    };
  }
}

/** What computeServiceGraph tells about each request it counts (times in epoch seconds). */
export interface RequestObserver {
  /** A completed segment of `node`. */
  node(node: NodeBuilder, status: RequestStatus, start: number, duration: number): void;
  /** A completed call along `edge`: the caller's client subsegment, or the callee segment. */
  edge(edge: EdgeBuilder, status: RequestStatus, start: number, duration: number): void;
}

/**
 * A RequestObserver that rides along another question's walk of all of a dataset's traces, in
 * order (the timeline's series walk feeds compare's request index, so the spans are walked once
 * for both): told when each trace is done, and of the graph at the end; `detach` when that walk
 * will not run after all (the observer then walks for itself).
 */
export interface WalkFeed extends RequestObserver {
  traceDone(index: number): void;
  finish(graph: ServiceGraph): void;
  detach(): void;
}

/** A computed graph and the milliseconds computing it took. */
export interface TimedServiceGraph {
  readonly graph: ServiceGraph;
  readonly millis: number;
}

const computedGraphs = new WeakMap<readonly Trace[], TimedServiceGraph>();

/** A monotonic clock where there is one (browsers, workers, Node); shared/ has no DOM types. */
function now(): number {
  return (globalThis as { readonly performance?: { now(): number } }).performance?.now() ?? Date.now();
}

/**
 * `computeServiceGraph(traces)`, computed once per traces array (a dataset's `traces`) and then
 * kept as long as the array lives: the incident summary and the service map share it. Callers
 * must not change the graph.
 */
export function computedServiceGraphOf(traces: readonly Trace[]): TimedServiceGraph {
  let known = computedGraphs.get(traces);
  if (known === undefined) {
    const started = now();
    const graph = computeServiceGraph(traces);
    known = { graph, millis: now() - started };
    computedGraphs.set(traces, known);
  }
  return known;
}

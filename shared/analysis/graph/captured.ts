import { isFiniteNumber, jsonString } from '../../base/json.ts';
import type { ServiceEdge, ServiceGraph, ServiceNode } from '../../model/service-graph.ts';
import type { XRayGraphEdge, XRayGraphService, XRayServiceGraph } from '../../model/xray.ts';
import { StatsAccumulator } from './stats.ts';
import { canonicalType, nodeKey } from '../../dataset/index.ts';

interface CapturedNode {
  readonly key: string;
  readonly name: string;
  readonly type: string;
  readonly names: Set<string>;
  accountId: string | undefined;
  root: boolean;
  inferred: boolean;
  readonly stats: StatsAccumulator;
}

interface CapturedEdge {
  readonly source: string;
  readonly target: string;
  edgeType: string | undefined;
  readonly stats: StatsAccumulator;
}

/**
 * The service map X-Ray returned (GetServiceGraph), merged over pages and calls into the same
 * shape as a computed one:
 *
 * - a node per (Type, Name) (`nodeKey`), summing SummaryStatistics and merging
 *   ResponseTimeHistogram (counts of equal values added); a missing Type is `''`;
 * - edges map `ReferenceId` to the node it names: X-Ray's edge ReferenceId is the target
 *   service's ReferenceId (aws-reference.md §2). ReferenceIds are only unique within one map, so
 *   an edge's target is looked up in its own page, then among the pages of the same call
 *   (recognised by equal StartTime and EndTime); an edge whose target is not found is dropped;
 * - a service with neither a string Name nor a numeric ReferenceId is skipped (the importer
 *   reports it);
 * - `root` if any page says Root; `inferred` when X-Ray reports the node's State as `unknown`
 *   (downstream nodes in X-Ray's documented examples; X-Ray has no explicit field for it) and the
 *   node is not a client.
 */
export function capturedServiceGraph(graphs: readonly XRayServiceGraph[]): ServiceGraph {
  const nodes = new Map<string, CapturedNode>();
  const edges = new Map<string, Map<string, CapturedEdge>>();
  const scopes = new Map<string, Map<number, string>>();
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const pageReferences: Map<number, string>[] = [];
  for (const graph of graphs) {
    const shared = scopeOf(scopes, graph);
    const own = new Map<number, string>();
    pageReferences.push(own);
    if (isFiniteNumber(graph?.StartTime) && graph.StartTime < start) start = graph.StartTime;
    if (isFiniteNumber(graph?.EndTime) && graph.EndTime > end) end = graph.EndTime;
    for (const service of servicesOf(graph)) {
      const node = mergeNode(nodes, service);
      const reference = service.ReferenceId;
      if (typeof reference !== 'number') continue;
      if (!own.has(reference)) own.set(reference, node.key);
      if (!shared.has(reference)) shared.set(reference, node.key);
    }
  }
  graphs.forEach((graph, page) => {
    const own = pageReferences[page]!;
    const shared = scopeOf(scopes, graph);
    for (const service of servicesOf(graph)) {
      if (!Array.isArray(service.Edges)) continue;
      const source = keyOf(service);
      for (const edge of service.Edges as readonly unknown[]) {
        if (typeof edge !== 'object' || edge === null) continue;
        const { ReferenceId: reference } = edge as XRayGraphEdge;
        const target = typeof reference === 'number' ? (own.get(reference) ?? shared.get(reference)) : undefined;
        if (target !== undefined) mergeEdge(edges, source, target, edge as XRayGraphEdge);
      }
    }
  });
  const serviceNodes: ServiceNode[] = [...nodes.values()].map((node) => ({
    key: node.key,
    name: node.name,
    type: node.type,
    names: [...node.names],
    ...(node.accountId !== undefined ? { accountId: node.accountId } : {}),
    root: node.root,
    inferred: node.inferred,
    stats: node.stats.toStats(),
  }));
  const serviceEdges: ServiceEdge[] = [];
  for (const targets of edges.values()) {
    for (const edge of targets.values()) {
      serviceEdges.push({ source: edge.source, target: edge.target, ...(edge.edgeType !== undefined ? { edgeType: edge.edgeType } : {}), stats: edge.stats.toStats() });
    }
  }
  return { origin: 'captured', nodes: serviceNodes, edges: serviceEdges, ...(start <= end ? { start, end } : {}) };
}

function servicesOf(graph: XRayServiceGraph): XRayGraphService[] {
  if (typeof graph !== 'object' || graph === null || !Array.isArray(graph.Services)) return [];
  return (graph.Services as readonly unknown[]).filter(
    (service): service is XRayGraphService =>
      typeof service === 'object' && service !== null && (typeof (service as XRayGraphService).Name === 'string' || isFiniteNumber((service as XRayGraphService).ReferenceId)),
  );
}

/** ReferenceId → node key, shared by the pages of one call (same StartTime and EndTime). */
function scopeOf(scopes: Map<string, Map<number, string>>, graph: XRayServiceGraph): Map<number, string> {
  const scope = `${String(graph?.StartTime)}|${String(graph?.EndTime)}`;
  let references = scopes.get(scope);
  if (references === undefined) {
    references = new Map();
    scopes.set(scope, references);
  }
  return references;
}

function keyOf(service: XRayGraphService): string {
  return nodeKey(jsonString(service.Type) ?? '', jsonString(service.Name) ?? '');
}

function mergeNode(nodes: Map<string, CapturedNode>, service: XRayGraphService): CapturedNode {
  const key = keyOf(service);
  let node = nodes.get(key);
  if (node === undefined) {
    const type = canonicalType(jsonString(service.Type) ?? '');
    node = { key, name: jsonString(service.Name) ?? '', type, names: new Set(), accountId: undefined, root: false, inferred: true, stats: new StatsAccumulator() };
    nodes.set(key, node);
  }
  if (node.name !== '') node.names.add(node.name);
  if (Array.isArray(service.Names)) for (const name of service.Names as readonly unknown[]) if (typeof name === 'string') node.names.add(name);
  node.accountId ??= jsonString(service.AccountId);
  if (service.Root === true) node.root = true;
  if (service.State !== 'unknown' || node.type === 'client') node.inferred = false;
  node.stats.addStatistics(service.SummaryStatistics);
  node.stats.addHistogram(service.ResponseTimeHistogram);
  return node;
}

function mergeEdge(edges: Map<string, Map<string, CapturedEdge>>, source: string, target: string, edge: XRayGraphEdge): void {
  let targets = edges.get(source);
  if (targets === undefined) {
    targets = new Map();
    edges.set(source, targets);
  }
  let merged = targets.get(target);
  if (merged === undefined) {
    merged = { source, target, edgeType: undefined, stats: new StatsAccumulator() };
    targets.set(target, merged);
  }
  merged.edgeType ??= jsonString(edge.EdgeType);
  merged.stats.addStatistics(edge.SummaryStatistics);
  merged.stats.addHistogram(edge.ResponseTimeHistogram);
}


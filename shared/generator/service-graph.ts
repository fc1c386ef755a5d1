import type { XRayEdgeStatistics, XRayGraphEdge, XRayGraphService, XRayHistogramEntry, XRaySegmentDocument, XRayServiceGraph, XRaySpanDocument } from '../model/index.ts';
import { compileTrace, durationOf, serviceIdOf, serviceKeyOf } from './xray-compile.ts';

/**
 * The GetServiceGraph answer X-Ray builds from a set of traces (aws-reference.md §2, Appendix C):
 * one node per (name, type), a `client` node in front of each entry point, node statistics from
 * the node's own segments, edge statistics from the caller's side (the client subsegment the
 * callee's `parent_id` points at, or the callee segment when its parent is a whole segment).
 */

class Statistics {
  ok = 0;
  errorOther = 0;
  throttle = 0;
  fault = 0;
  total = 0;
  responseTime = 0;
  readonly histogram = new Map<number, number>();

  add(span: XRaySpanDocument): void {
    this.total++;
    if (span.fault === true) this.fault++;
    else if (span.throttle === true) this.throttle++;
    else if (span.error === true) this.errorOther++;
    else this.ok++;
    const duration = durationOf(span);
    if (duration === undefined) return;
    this.responseTime += duration;
    const bucket = histogramBucket(duration);
    this.histogram.set(bucket, (this.histogram.get(bucket) ?? 0) + 1);
  }

  summary(): XRayEdgeStatistics {
    return {
      OkCount: this.ok,
      ErrorStatistics: { ThrottleCount: this.throttle, OtherCount: this.errorOther, TotalCount: this.throttle + this.errorOther },
      FaultStatistics: { OtherCount: this.fault, TotalCount: this.fault },
      TotalCount: this.total,
      TotalResponseTime: Math.round(this.responseTime * 1e6) / 1e6,
    };
  }

  histogramEntries(): XRayHistogramEntry[] {
    return [...this.histogram.entries()].sort((a, b) => a[0] - b[0]).map(([Value, Count]) => ({ Value, Count }));
  }
}

/** Histogram values are durations in seconds rounded to two significant digits. */
export function histogramBucket(seconds: number): number {
  if (!(seconds > 0)) return 0;
  const magnitude = 10 ** (Math.floor(Math.log10(seconds)) - 1);
  return Number((Math.round(seconds / magnitude) * magnitude).toPrecision(2));
}

interface Node {
  readonly referenceId: number;
  readonly service: { Name: string; Names: string[]; AccountId?: string; Type?: string };
  readonly client: boolean;
  root: boolean;
  readonly inferred: boolean;
  readonly stats: Statistics;
  readonly edges: Map<number, Statistics>;
}

export interface ServiceGraphBuilder {
  /** Adds the compiled segment documents of one trace. */
  addTrace(documents: readonly XRaySegmentDocument[]): void;
  /** The GetServiceGraph response for everything added so far. */
  build(): XRayServiceGraph;
}

export function createServiceGraphBuilder(window: { readonly start: number; readonly end: number }, accountId: string): ServiceGraphBuilder {
  const nodes = new Map<string, Node>();
  const ordered: Node[] = [];
  const nodeFor = (key: string, make: () => Omit<Node, 'referenceId' | 'stats' | 'edges'>): Node => {
    let node = nodes.get(key);
    if (!node) {
      node = { ...make(), referenceId: ordered.length, stats: new Statistics(), edges: new Map() };
      nodes.set(key, node);
      ordered.push(node);
    }
    return node;
  };
  const serviceNode = (doc: XRaySegmentDocument): Node =>
    nodeFor(serviceKeyOf(doc), () => ({ service: { ...serviceIdOf(doc, accountId) } as Node['service'], client: false, root: false, inferred: doc.inferred === true }));
  const edge = (from: Node, to: Node): Statistics => {
    let stats = from.edges.get(to.referenceId);
    if (!stats) {
      stats = new Statistics();
      from.edges.set(to.referenceId, stats);
    }
    return stats;
  };

  return {
    addTrace(documents) {
      const trace = compileTrace(documents);
      for (const doc of documents) {
        const parent = trace.parentSegment.get(doc);
        if (parent === undefined && doc === trace.root) {
          const id = serviceIdOf(doc, accountId);
          const client = nodeFor(`client\u0000${serviceKeyOf(doc)}`, () => ({ service: { Name: id.Name ?? doc.name, Names: [id.Name ?? doc.name], Type: 'client' }, client: true, root: false, inferred: false }));
          const node = serviceNode(doc);
          node.root = true;
          edge(client, node).add(doc);
          node.stats.add(doc);
          continue;
        }
        const node = serviceNode(doc);
        node.stats.add(doc);
        if (parent === undefined) continue;
        const caller = typeof doc.parent_id === 'string' ? trace.spanById.get(doc.parent_id) : undefined;
        edge(serviceNode(parent), node).add(caller !== undefined && caller !== parent ? caller : doc);
      }
    },
    build() {
      const services: XRayGraphService[] = ordered.map((node) => {
        const edges: XRayGraphEdge[] = [...node.edges.entries()].map(([target, stats]) => ({
          ReferenceId: target,
          StartTime: window.start,
          EndTime: window.end,
          SummaryStatistics: stats.summary(),
          ResponseTimeHistogram: stats.histogramEntries(),
          Aliases: [],
        }));
        const base = {
          ReferenceId: node.referenceId,
          Name: node.service.Name,
          Names: node.service.Names,
          ...(node.root ? { Root: true } : {}),
          ...(node.service.AccountId !== undefined ? { AccountId: node.service.AccountId } : {}),
          ...(node.service.Type !== undefined ? { Type: node.service.Type } : {}),
          State: node.client || node.inferred ? 'unknown' : 'active',
          StartTime: window.start,
          EndTime: window.end,
          Edges: edges,
        };
        if (node.client) return base;
        const histogram = node.stats.histogramEntries();
        return { ...base, SummaryStatistics: node.stats.summary(), DurationHistogram: histogram, ResponseTimeHistogram: histogram };
      });
      return { StartTime: window.start, EndTime: window.end, ContainsOldGroupVersions: false, Services: services };
    },
  };
}

/** The service graph of a set of traces (each given as its parsed segment documents). */
export function buildServiceGraph(traces: Iterable<readonly XRaySegmentDocument[]>, window: { readonly start: number; readonly end: number }, accountId: string): XRayServiceGraph {
  const builder = createServiceGraphBuilder(window, accountId);
  for (const documents of traces) builder.addTrace(documents);
  return builder.build();
}

import type { ServiceGraph } from '../../model/service-graph.ts';
import type { Trace } from '../../model/trace.ts';
import { statusRank, type RequestStatus } from '../../model/status.ts';
import { nearestRank } from '../../base/quantile.ts';
import { GraphWalk, type EdgeBuilder, type NodeBuilder } from '../graph/index.ts';
import { bucketsFor, type Buckets } from './buckets.ts';
import { Collector, type RequestSeries } from './request-series.ts';
import { OverheadCollectors, type OverheadSeries } from './overhead-series.ts';

export type { RequestSeries } from './request-series.ts';

export interface TimelineSeries {
  readonly buckets: Buckets;
  /** The service graph of the same walk (computeServiceGraph's answer), with no requests when there are no traces. */
  readonly graph: ServiceGraph;
  readonly overall: RequestSeries;
  readonly nodes: readonly RequestSeries[];
  readonly edges: readonly RequestSeries[];
  /** Each API Gateway stage's overhead per request, from its traces (most requests first). */
  readonly overheads: readonly OverheadSeries[];
}

export interface SeriesOptions {
  /** At most this many buckets (default 50,000: a month of minutes). */
  readonly maxBuckets?: number;
}

const DEFAULT_MAX_BUCKETS = 50_000;

/** The earliest start and latest end of the traces (epoch seconds). */
function windowOf(traces: readonly Trace[]): { start: number; end: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const trace of traces) {
    if (trace.start < start) start = trace.start;
    if (trace.end > end) end = trace.end;
  }
  return { start, end };
}

/**
 * The series of `traces`, made a few traces at a time: `step` walks until `shouldStop` says so
 * (the worker's idle slices) and returns true once every trace is in; `result` finishes the walk
 * if needed. The window and buckets are known before the first step.
 */
export class SeriesBuilder {
  readonly buckets: Buckets;
  private readonly overall: Collector;
  private readonly nodes = new Map<NodeBuilder, Collector>();
  private readonly edges = new Map<EdgeBuilder, { collector: Collector; fromClient: boolean }>();
  private readonly walk: GraphWalk;
  private readonly overheads: OverheadCollectors;
  private next = 0;
  private done: TimelineSeries | undefined;

  constructor(
    private readonly traces: readonly Trace[],
    options: SeriesOptions = {},
  ) {
    const window = windowOf(traces);
    const buckets = bucketsFor(window.start, window.end, options.maxBuckets ?? DEFAULT_MAX_BUCKETS);
    this.buckets = buckets;
    const overall = (this.overall = new Collector(buckets, 'overall', 'overall', {}));
    this.overheads = new OverheadCollectors(buckets);
    const { nodes, edges } = this;
    this.walk = new GraphWalk({
      node(node, status, start, duration) {
        let collector = nodes.get(node);
        if (collector === undefined) {
          collector = new Collector(buckets, `node:${node.key}`, 'node', { node: node.key });
          nodes.set(node, collector);
        }
        collector.add(status, start, duration);
      },
      edge(edge, status, start, duration) {
        let entry = edges.get(edge);
        if (entry === undefined) {
          entry = { collector: new Collector(buckets, `edge:${edge.source}→${edge.target}`, 'edge', { source: edge.source, target: edge.target }), fromClient: edge.source.startsWith('client|') };
          edges.set(edge, entry);
        }
        entry.collector.add(status, start, duration);
        if (entry.fromClient) overall.add(status, start, duration);
      },
    });
    if (buckets.count === 0) this.next = traces.length;
  }

  /** Walks traces until `shouldStop()` (checked every STEP_TRACES traces) or the end; true when all are in. */
  step(shouldStop: () => boolean = () => false): boolean {
    const { traces, walk, overheads } = this;
    while (this.next < traces.length) {
      const stop = Math.min(traces.length, this.next + STEP_TRACES);
      for (let i = this.next; i < stop; i++) {
        walk.add(traces[i]!);
        overheads.add(traces[i]!);
      }
      this.next = stop;
      if (shouldStop()) break;
    }
    return this.next >= traces.length;
  }

  result(): TimelineSeries {
    if (this.done) return this.done;
    this.step();
    this.done = {
      buckets: this.buckets,
      graph: this.walk.graph(),
      overall: this.overall.finish(),
      nodes: [...this.nodes.values()].map((collector) => collector.finish()),
      edges: [...this.edges.values()].map((entry) => entry.collector.finish()),
      overheads: this.overheads.finish(),
    };
    return this.done;
  }
}

/** Traces walked between two looks at the clock. */
const STEP_TRACES = 256;

/** The series of `traces` (a dataset's, sorted or not), in one go. */
export function requestSeries(traces: readonly Trace[], options: SeriesOptions = {}): TimelineSeries {
  return new SeriesBuilder(traces, options).result();
}

/** Requests of `status` in bucket `b`. */
export function countAt(series: RequestSeries, b: number, status: RequestStatus): number {
  return series.counts[b * 4 + statusRank(status)]!;
}

/** All requests in bucket `b`. */
export function requestsAt(series: RequestSeries, b: number): number {
  const at = b * 4;
  return series.counts[at]! + series.counts[at + 1]! + series.counts[at + 2]! + series.counts[at + 3]!;
}

/** The q-quantile (nearest rank) of bucket `b`'s durations, seconds; undefined when it has none. */
export function durationQuantile(series: RequestSeries, b: number, q: number): number | undefined {
  return nearestRank(series.durations, q, series.offsets[b]!, series.offsets[b + 1]!);
}

import type { ServiceGraph } from '../../model/service-graph.ts';
import type { Trace } from '../../model/trace.ts';
import { statusRank, type RequestStatus } from '../../model/status.ts';
import { nearestRank } from '../../base/quantile.ts';
import { GraphWalk, type EdgeBuilder, type NodeBuilder, type WalkFeed } from '../graph/index.ts';
import { bucketsFor, type Buckets } from './buckets.ts';
import { Collector, type RequestSeries } from './request-series.ts';
import { OverheadCollectors, type OverheadSeries } from './overhead-series.ts';
import { FirstLanesBuilder, type FirstLanes } from './first-lanes.ts';

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
  /** Told of every request this walk counts, trace by trace (compare's request index rides along). */
  readonly feed?: WalkFeed;
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
 * The series of `traces`, made a few traces at a time: `step` reads until `shouldStop` says so
 * (the worker's idle slices) and returns true once every trace is in; `result` finishes if
 * needed. The window and buckets are known before the first step. The first steps make the
 * series of every request (FirstLanesBuilder: `firstLanes()` has it as soon as it is made), the
 * next ones walk the service graph for the series of each node and edge, and the stages' overheads.
 */
export class SeriesBuilder {
  readonly buckets: Buckets;
  private readonly first: FirstLanesBuilder;
  private readonly nodes = new Map<NodeBuilder, Collector>();
  private readonly edges = new Map<EdgeBuilder, Collector>();
  private readonly walk: GraphWalk;
  private readonly overheads: OverheadCollectors;
  private next = 0;
  private feed: WalkFeed | undefined;
  private graph: ServiceGraph | undefined;
  /** Collectors finished ahead by finishStep. */
  private readonly finished = new Map<Collector, RequestSeries>();
  private done: TimelineSeries | undefined;

  constructor(
    private readonly traces: readonly Trace[],
    options: SeriesOptions = {},
  ) {
    const window = windowOf(traces);
    const buckets = bucketsFor(window.start, window.end, options.maxBuckets ?? DEFAULT_MAX_BUCKETS);
    this.buckets = buckets;
    this.first = new FirstLanesBuilder(traces, buckets);
    this.overheads = new OverheadCollectors(buckets);
    const { nodes, edges } = this;
    const feed = options.feed;
    this.walk = new GraphWalk({
      node(node, status, start, duration) {
        feed?.node(node, status, start, duration);
        let collector = nodes.get(node);
        if (collector === undefined) {
          collector = new Collector(buckets, `node:${node.key}`, 'node', { node: node.key });
          nodes.set(node, collector);
        }
        collector.add(status, start, duration);
      },
      edge(edge, status, start, duration) {
        feed?.edge(edge, status, start, duration);
        let collector = edges.get(edge);
        if (collector === undefined) {
          collector = new Collector(buckets, `edge:${edge.source}→${edge.target}`, 'edge', { source: edge.source, target: edge.target });
          edges.set(edge, collector);
        }
        collector.add(status, start, duration);
      },
    });
    this.feed = feed;
    if (buckets.count === 0) {
      // No window, so no walk: whoever rode along walks for itself.
      this.next = traces.length;
      feed?.detach();
      this.feed = undefined;
    }
  }

  /** Reads traces until `shouldStop()` (checked every STEP_TRACES traces) or the end; true when all are in. */
  step(shouldStop: () => boolean = () => false): boolean {
    if (!this.first.step(shouldStop)) return false;
    const { traces, walk, overheads } = this;
    while (this.next < traces.length) {
      const stop = Math.min(traces.length, this.next + STEP_TRACES);
      for (let i = this.next; i < stop; i++) {
        walk.add(traces[i]!);
        overheads.add(traces[i]!);
        this.feed?.traceDone(i);
      }
      this.next = stop;
      if (this.next >= traces.length) this.fed();
      if (shouldStop()) break;
    }
    return this.next >= traces.length;
  }

  /** The walk is done: the rider gets the graph (made once; result() takes the same). */
  private fed(): void {
    if (this.feed === undefined) return;
    this.graph ??= this.walk.graph();
    this.feed.finish(this.graph);
    this.feed = undefined;
  }

  /** Only the first lanes' pass, until `shouldStop()` or its end; true once they are made. */
  stepFirst(shouldStop: () => boolean = () => false): boolean {
    return this.first.step(shouldStop);
  }

  /** The lanes of every request once the first steps made them (undefined before). */
  firstLanes(): FirstLanes | undefined {
    return this.first.finished ? this.first.result() : undefined;
  }

  /** step(), then each node's and edge's series finished (sorted by bucket) one at a time until `shouldStop()`; true once result() has nothing left to do but gather them. */
  finishStep(shouldStop: () => boolean = () => false): boolean {
    if (!this.step(shouldStop)) return false;
    const left = [...this.nodes.values(), ...this.edges.values()].filter((collector) => !this.finished.has(collector));
    for (let i = 0; i < left.length; i++) {
      this.finished.set(left[i]!, left[i]!.finish());
      if (i < left.length - 1 && shouldStop()) return false;
    }
    return true;
  }

  result(): TimelineSeries {
    if (this.done) return this.done;
    this.step();
    const first = this.first.result();
    const finished = (collector: Collector): RequestSeries => this.finished.get(collector) ?? collector.finish();
    this.done = {
      buckets: this.buckets,
      graph: (this.graph ??= this.walk.graph()),
      overall: first.overall,
      nodes: [...this.nodes.values()].map(finished),
      edges: [...this.edges.values()].map(finished),
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

import type { ServiceGraph } from '../../model/service-graph.ts';
import type { Trace } from '../../model/trace.ts';
import { statusRank, type RequestStatus } from '../../model/status.ts';
import { GrowableFloat, GrowableInt } from '../../base/growable-arrays.ts';
import { nearestRank } from '../../base/quantile.ts';
import { GraphWalk, type EdgeBuilder, type NodeBuilder } from '../graph/index.ts';
import { bucketOf, bucketsFor, type Buckets } from './buckets.ts';

/**
 * Requests over time, per bucket: how many ended ok, error (4xx), throttle (429) and fault (5xx),
 * and their durations — overall (what the clients saw: the calls into every root), per service
 * node and per edge. The requests are exactly those the service map counts (computeServiceGraph
 * reports each one to this module's observer), so a lane and the map never disagree; their times
 * are the request's start. Counts are of *traced* requests: a sample when X-Ray sampled.
 */
export interface RequestSeries {
  /** `overall`, `node:<node key>` or `edge:<source key>→<target key>`. */
  readonly id: string;
  readonly kind: 'overall' | 'node' | 'edge';
  /** Node key (node), or the edge's ends (edge). */
  readonly node?: string;
  readonly source?: string;
  readonly target?: string;
  /** Per bucket b, the count of status s (STATUS_ORDER's index) at b·4 + s. */
  readonly counts: Uint32Array;
  /** Bucket b's durations (seconds), sorted, are durations[offsets[b], offsets[b + 1]). */
  readonly durations: Float64Array;
  readonly offsets: Uint32Array;
  /** Per bucket, the sum of ln(duration) and of its square (durations below 1 µs count as 1 µs): the onsets' latency test. */
  readonly logSums: Float64Array;
  readonly logSquares: Float64Array;
  /** Requests in all. */
  readonly total: number;
}

export interface TimelineSeries {
  readonly buckets: Buckets;
  /** The service graph of the same walk (computeServiceGraph's answer), with no requests when there are no traces. */
  readonly graph: ServiceGraph;
  readonly overall: RequestSeries;
  readonly nodes: readonly RequestSeries[];
  readonly edges: readonly RequestSeries[];
}

export interface SeriesOptions {
  /** At most this many buckets (default 50,000: a month of minutes). */
  readonly maxBuckets?: number;
}

const DEFAULT_MAX_BUCKETS = 50_000;
const MIN_DURATION = 1e-6;

/** Requests of one series as they come. */
class Collector {
  readonly counts: Uint32Array;
  readonly bucket = new GrowableInt();
  readonly duration = new GrowableFloat();

  constructor(
    readonly buckets: Buckets,
    readonly id: string,
    readonly kind: RequestSeries['kind'],
    readonly ends: Pick<RequestSeries, 'node' | 'source' | 'target'>,
  ) {
    this.counts = new Uint32Array(buckets.count * 4);
  }

  add(status: RequestStatus, start: number, duration: number): void {
    const b = bucketOf(this.buckets, start);
    this.counts[b * 4 + statusRank(status)]!++;
    this.bucket.push(b);
    this.duration.push(duration);
  }

  /** Durations grouped by bucket (a counting sort), each group sorted. */
  finish(): RequestSeries {
    const { count } = this.buckets;
    const n = this.bucket.length;
    const offsets = new Uint32Array(count + 1);
    const bucket = this.bucket.array;
    for (let i = 0; i < n; i++) offsets[bucket[i]! + 1]!++;
    for (let b = 0; b < count; b++) offsets[b + 1]! += offsets[b]!;
    const next = offsets.slice(0, count);
    const durations = new Float64Array(n);
    const logSums = new Float64Array(count);
    const logSquares = new Float64Array(count);
    const duration = this.duration.array;
    for (let i = 0; i < n; i++) {
      const b = bucket[i]!;
      const value = duration[i]!;
      durations[next[b]!++] = value;
      const log = Math.log(value > MIN_DURATION ? value : MIN_DURATION);
      logSums[b]! += log;
      logSquares[b]! += log * log;
    }
    for (let b = 0; b < count; b++) if (offsets[b + 1]! - offsets[b]! > 1) durations.subarray(offsets[b]!, offsets[b + 1]!).sort();
    return { id: this.id, kind: this.kind, ...this.ends, counts: this.counts, durations, offsets, logSums, logSquares, total: n };
  }
}

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
    const { traces, walk } = this;
    while (this.next < traces.length) {
      const stop = Math.min(traces.length, this.next + STEP_TRACES);
      for (let i = this.next; i < stop; i++) walk.add(traces[i]!);
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

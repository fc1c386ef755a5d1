import { GrowableFloat, GrowableInt } from '../../base/growable-arrays.ts';
import type { Dataset } from '../../model/dataset.ts';
import { statusRank } from '../../model/status.ts';
import type { ServiceGraph } from '../../model/service-graph.ts';
import { GraphWalk, type EdgeBuilder, type NodeBuilder, type WalkFeed } from '../graph/index.ts';
import { edgeId } from '../map/index.ts';

/**
 * Every request the service graph counts (GraphWalk's observer: exactly the map's requests), in
 * columns, in the order of the dataset's traces — so the requests of the traces that start in a
 * range are one slice: [traceOffsets[first], traceOffsets[end]). Made once per dataset (one walk,
 * as long as the map's), then each comparison reads two slices instead of walking the spans
 * again: two ranges of 100,000 traces are a pass over typed arrays.
 */
export interface RequestIndex {
  /** Per series (a node or an edge of the graph), by the number the columns use. */
  readonly series: readonly RequestSeriesInfo[];
  /** Trace t's requests are [traceOffsets[t], traceOffsets[t + 1]). */
  readonly traceOffsets: Uint32Array;
  readonly seriesOf: Int32Array;
  /** statusRank of each request (STATUS_ORDER's index). */
  readonly status: Int32Array;
  /** Seconds. */
  readonly duration: Float64Array;
  /** Name and type by node key (every node met, clients included). */
  readonly nodes: ReadonlyMap<string, { readonly name: string; readonly type: string }>;
}

export type RequestSeriesInfo = { readonly kind: 'node'; readonly id: string } | { readonly kind: 'edge'; readonly id: string; readonly source: string; readonly target: string };

const indexes = new WeakMap<Dataset, RequestIndex>();
const builders = new WeakMap<Dataset, RequestIndexBuilder>();

/**
 * The dataset's request index, made now if the idle work (prepareRequestIndex) has not finished
 * it. One that waits for a walk it rides along (requestIndexFeed) is started afresh on its own walk.
 */
export function requestIndexOf(dataset: Dataset): RequestIndex {
  if (builders.get(dataset)?.waiting) builders.set(dataset, new RequestIndexBuilder(dataset.traces));
  while (!prepareRequestIndex(dataset, () => false));
  return indexes.get(dataset)!;
}

/**
 * The index made by riding along another walk of every trace in order (the timeline's series: the
 * worker joins them with rideAlongTimeline), instead of a walk of its own: undefined once the index
 * is made or its own walk has begun. While fed, prepareRequestIndex makes no progress by itself:
 * the caller advances the walk it rides.
 */
export function requestIndexFeed(dataset: Dataset): WalkFeed | undefined {
  if (indexes.has(dataset)) return undefined;
  let builder = builders.get(dataset);
  if (builder === undefined) builders.set(dataset, (builder = new RequestIndexBuilder(dataset.traces)));
  return builder.feed();
}

/** Whether the dataset's index waits for the walk it rides along (the caller must advance that walk). */
export function requestIndexRides(dataset: Dataset): boolean {
  return builders.get(dataset)?.waiting === true;
}

/**
 * Makes the dataset's request index a slice at a time (the worker's idle work, and a comparison
 * asked before it was done): walks traces until `shouldStop` says so. True once it is made.
 */
export function prepareRequestIndex(dataset: Dataset, shouldStop: () => boolean): boolean {
  if (indexes.has(dataset)) return true;
  let builder = builders.get(dataset);
  if (builder === undefined) {
    builder = new RequestIndexBuilder(dataset.traces);
    builders.set(dataset, builder);
  }
  if (!builder.step(shouldStop)) return false;
  indexes.set(dataset, builder.result());
  builders.delete(dataset);
  return true;
}

/** Traces walked between two looks at the clock. */
const STEP_TRACES = 256;

class RequestIndexBuilder {
  private readonly series: RequestSeriesInfo[] = [];
  private readonly numbers = new Map<NodeBuilder | EdgeBuilder, number>();
  private readonly seriesOf = new GrowableInt();
  private readonly status = new GrowableInt();
  private readonly duration = new GrowableFloat();
  private readonly traceOffsets: Uint32Array;
  private readonly observer: { node: WalkFeed['node']; edge: WalkFeed['edge'] };
  /** Its own walk, once it walks for itself. */
  private walk: GraphWalk | undefined;
  /** The graph of the walk it rode, at its end. */
  private fedGraph: ServiceGraph | undefined;
  private fed = false;
  private next = 0;

  constructor(private readonly traces: Dataset['traces']) {
    this.traceOffsets = new Uint32Array(traces.length + 1);
    const { numbers, series, seriesOf, status, duration } = this;
    const add = (number: number, rank: number, seconds: number): void => {
      seriesOf.push(number);
      status.push(rank);
      duration.push(seconds);
    };
    // The series' numbers are looked up per request and made on the first only (no closure or
    // object per request: they cost more than the walk itself, 1.2 s of 1.5 s on 100,000 traces).
    const numberOf = (builder: NodeBuilder | EdgeBuilder, info: RequestSeriesInfo): number => {
      const number = series.length;
      series.push(info);
      numbers.set(builder, number);
      return number;
    };
    this.observer = {
      node: (node, requestStatus, _start, seconds) => add(numbers.get(node) ?? numberOf(node, { kind: 'node', id: node.key }), statusRank(requestStatus), seconds),
      edge: (edge, requestStatus, _start, seconds) =>
        add(numbers.get(edge) ?? numberOf(edge, { kind: 'edge', id: edgeId(edge.source, edge.target), source: edge.source, target: edge.target }), statusRank(requestStatus), seconds),
    };
  }

  /** Fed by a walk it rides, not yet at its end. */
  get waiting(): boolean {
    return this.fed && this.fedGraph === undefined;
  }

  /** Rides another walk of every trace in order; undefined once it walks, or rides, already. */
  feed(): WalkFeed | undefined {
    if (this.fed || this.walk !== undefined) return undefined;
    this.fed = true;
    return {
      ...this.observer,
      traceDone: (index) => {
        this.traceOffsets[index + 1] = this.seriesOf.length;
        this.next = index + 1;
      },
      finish: (graph) => {
        this.fedGraph = graph;
      },
      // Only before it was fed anything (the walk it was to ride will not run): it walks for itself.
      detach: () => {
        if (this.next === 0) this.fed = false;
      },
    };
  }

  /** Walks traces until done (true) or `shouldStop` (false); each call walks at least one step. While fed, true once the walk it rides is done. */
  step(shouldStop: () => boolean): boolean {
    if (this.fed) return this.fedGraph !== undefined;
    const { traces, traceOffsets } = this;
    const walk = (this.walk ??= new GraphWalk(this.observer));
    while (this.next < traces.length) {
      const end = Math.min(traces.length, this.next + STEP_TRACES);
      for (let t = this.next; t < end; t++) {
        walk.add(traces[t]!);
        traceOffsets[t + 1] = this.seriesOf.length;
      }
      this.next = end;
      if (this.next < traces.length && shouldStop()) return false;
    }
    return true;
  }

  result(): RequestIndex {
    const graph = this.fedGraph ?? (this.walk ??= new GraphWalk(this.observer)).graph();
    const nodes = new Map(graph.nodes.map((node) => [node.key, { name: node.name, type: node.type }]));
    return { series: this.series, traceOffsets: this.traceOffsets, seriesOf: this.seriesOf.done(), status: this.status.done(), duration: this.duration.done(), nodes };
  }
}

/** One series' requests in a slice: counts by status rank and the durations, sorted. */
export interface SeriesSample {
  readonly counts: Uint32Array;
  readonly sorted: Float64Array;
}

/** The requests of traces [first, end), grouped by series (a counting sort), each group's durations sorted. */
export function samplesOf(index: RequestIndex, first: number, end: number): Map<number, SeriesSample> {
  const from = index.traceOffsets[first]!;
  const to = index.traceOffsets[end]!;
  const { seriesOf, status, duration } = index;
  const counts = new Uint32Array(index.series.length * 4);
  const sizes = new Uint32Array(index.series.length);
  for (let r = from; r < to; r++) {
    const s = seriesOf[r]!;
    sizes[s]!++;
    counts[s * 4 + status[r]!]!++;
  }
  const sorted = Array.from(sizes, (size) => new Float64Array(size));
  const filled = new Uint32Array(index.series.length);
  for (let r = from; r < to; r++) {
    const s = seriesOf[r]!;
    sorted[s]![filled[s]!++] = duration[r]!;
  }
  const samples = new Map<number, SeriesSample>();
  for (let s = 0; s < sizes.length; s++) if (sizes[s]! > 0) samples.set(s, { counts: counts.subarray(s * 4, s * 4 + 4), sorted: sortedSeconds(sorted[s]!) });
  return samples;
}

/** Below this many values a comparison sort is quicker than two radix passes over 65,536 counters. */
const RADIX_FROM = 4096;

/**
 * Durations sorted, to the microsecond (finer than X-Ray's times, docs/compare.md; below it is the float noise of a
 * difference of epoch seconds): a two-pass radix sort of whole microseconds (16 bits a pass) —
 * a comparison sort of a range's 700,000 durations was most of a comparison's time. Durations
 * below 0 (a span ending before it starts) or above 2³² µs (71 minutes) fall back to sort().
 */
export function sortedSeconds(values: Float64Array): Float64Array {
  const n = values.length;
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const micros = Math.round(values[i]! * 1e6);
    if (!(micros >= 0 && micros <= 0xffffffff)) return values.sort();
    keys[i] = micros;
  }
  let sortedKeys = keys;
  if (n < RADIX_FROM) sortedKeys.sort();
  else {
    const spare = new Uint32Array(n);
    const counts = new Uint32Array(65536);
    let from = keys;
    let to = spare;
    for (const shift of [0, 16]) {
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[(from[i]! >>> shift) & 0xffff]!++;
      let sum = 0;
      for (let d = 0; d < 65536; d++) {
        const count = counts[d]!;
        counts[d] = sum;
        sum += count;
      }
      for (let i = 0; i < n; i++) to[counts[(from[i]! >>> shift) & 0xffff]!++] = from[i]!;
      [from, to] = [to, from];
    }
    sortedKeys = from;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sortedKeys[i]! / 1e6;
  return out;
}

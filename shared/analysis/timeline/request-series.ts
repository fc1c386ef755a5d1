import { GrowableFloat, GrowableInt } from '../../base/growable-arrays.ts';
import { statusRank, type RequestStatus } from '../../model/status.ts';
import { bucketOf, type Buckets } from './buckets.ts';

const MIN_DURATION = 1e-6;

/**
 * Groups this small are sorted in place: a month of one-minute buckets holds a few requests each,
 * and a `subarray().sort()` per bucket (a view made, a native call) was most of finish()'s time.
 */
const SMALL_GROUP = 16;

function insertionSort(values: Float64Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const value = values[i]!;
    let j = i - 1;
    while (j >= from && values[j]! > value) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = value;
  }
}

/**
 * Requests over time, per bucket: how many ended ok, error (4xx), throttle (429) and fault (5xx),
 * and their durations — overall (what the clients saw: the calls into every root), per service
 * node and per edge. The requests are exactly those the service map counts (computeServiceGraph
 * reports each one to this module's observer), so a lane and the map never disagree; their times
 * are the request's start. Counts are of *traced* requests: a sample when X-Ray sampled.
 */
export interface RequestSeries {
  /** `overall`, `node:<node key>`, `edge:<source key>→<target key>` or `overhead:<stage name>`. */
  readonly id: string;
  /** `overhead`: a stage's gateway overhead per request (overhead-series.ts), in `durations`. */
  readonly kind: 'overall' | 'node' | 'edge' | 'overhead';
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

/** Requests of one series as they come. */
export class Collector {
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
    for (let b = 0; b < count; b++) {
      const from = offsets[b]!;
      const to = offsets[b + 1]!;
      if (to - from > SMALL_GROUP) durations.subarray(from, to).sort();
      else if (to - from > 1) insertionSort(durations, from, to);
    }
    return { id: this.id, kind: this.kind, ...this.ends, counts: this.counts, durations, offsets, logSums, logSquares, total: n };
  }
}


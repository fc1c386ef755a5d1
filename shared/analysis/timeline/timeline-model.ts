import type { Dataset } from '../../model/dataset.ts';
import { nearestRank, nearestRanks } from '../../base/quantile.ts';
import type { HiddenReason } from '../changes/index.ts';
import { STEPS, type Buckets } from './buckets.ts';
import { correlateSeries, type Correlation } from './correlate.ts';
import { callLabel, correlateJson, type CorrelateJson } from './correlate-json.ts';
import { SeriesBuilder, type RequestSeries } from './series.ts';
import { gatewayGroups, gatewayLanes, STAGE_NODE_TYPE, stageNodeOf, tracedPerBucket, type GatewayLanes } from './gateway-lanes.ts';
import { timelineSampling, type TimelineSampling } from './timeline-sampling.ts';

const QUANTILES = [0.5, 0.9, 0.99] as const;

/**
 * What the Timeline view draws, made in the worker from the dataset's correlation (computed once
 * per dataset at one-minute buckets, so onsets and suspects do not move with the window's width):
 * one series' lanes at most `maxBuckets` wide — the one-minute buckets merged `factor` at a time,
 * counts summed, percentiles taken again over the merged durations — plus the onsets, suspects
 * and change lane of the whole incident.
 */
export interface TimelineLanes {
  /** Epoch seconds of the first bucket, and the drawn buckets' width. */
  readonly start: number;
  readonly step: number;
  readonly count: number;
  /** Per bucket b: ok, 4xx, 429, 5xx at b·4 … b·4 + 3. */
  readonly counts: Uint32Array;
  /** Seconds per bucket; NaN where the bucket has no requests. */
  readonly p50: Float64Array;
  readonly p90: Float64Array;
  readonly p99: Float64Array;
}

export interface TimelineSeriesChoice {
  readonly id: string;
  /** Every request, one service node's, or one call's (an edge of the map: `label` is `from → to`). */
  readonly kind: 'overall' | 'node' | 'edge';
  readonly label: string;
  readonly type: string | undefined;
  readonly requests: number;
}

export interface TimelineModel {
  /** The series drawn, and those a person may choose (overall first, then nodes by requests). */
  readonly series: string;
  readonly choices: readonly TimelineSeriesChoice[];
  readonly lanes: TimelineLanes;
  /** The correlation, as `correlate --json` prints it (onsets of nodes, suspects, lane, hidden). */
  readonly onsets: CorrelateJson['onsets'];
  readonly edgeOnsets: CorrelateJson['edgeOnsets'];
  readonly suspects: CorrelateJson['suspects'];
  readonly markers: CorrelateJson['lane'];
  readonly hidden: Readonly<Record<HiddenReason, number>>;
  /** Counts are of traced requests (X-Ray samples): the view labels them as a sample. */
  readonly sampled: boolean;
  /** API Gateway's metrics of one API and stage on the same buckets, when the snapshot holds them; the groups there are to choose from. */
  readonly gateway: GatewayLanes | undefined;
  readonly gatewayChoices: readonly string[];
  /**
   * An API Gateway stage's overhead per request from its traces (stage − integration; p50, p90,
   * p99 of the bucket's requests in `lanes`): the chosen series' stage, else the metric group's,
   * else the stage with the most requests. Undefined without stage segments.
   */
  readonly overhead: { readonly stage: string; readonly lanes: TimelineLanes } | undefined;
  /** The sampling rules of the snapshot and the ones that apply to each service, with the rates measured (timeline-sampling.ts). */
  readonly sampling: TimelineSampling;
}

export interface TimelineRequest {
  /** A series id (`overall`, `node:<key>`); unknown or absent: overall. */
  readonly series?: string;
  /** At most this many drawn buckets (the lane's width in pixels). */
  readonly maxBuckets: number;
  /** A metric group's label (`orders-api/prod`); absent: the chosen stage's, else the first. */
  readonly gateway?: string;
}

interface Entry {
  readonly builder: SeriesBuilder;
  correlation?: Correlation;
  /** What every timeline answer carries, made once. */
  json?: CorrelateJson;
  sampling?: TimelineSampling;
  /** Lanes already merged, by series id and factor (a view asks again for the same width). */
  readonly lanes: Map<string, TimelineLanes>;
}

const correlations = new WeakMap<Dataset, Entry>();

function entryOf(dataset: Dataset): Entry {
  let entry = correlations.get(dataset);
  if (entry === undefined) correlations.set(dataset, (entry = { builder: new SeriesBuilder(dataset.traces), lanes: new Map() }));
  return entry;
}

/**
 * Makes the dataset's correlation a slice at a time (the worker's idle work after the first
 * paint, so the timeline is ready when a person chooses it), then in a slice of its own the
 * sampling rules per service (reading at most MAX_READ_TRACES traces' segments); true once both
 * are made.
 */
export function prepareCorrelation(dataset: Dataset, shouldStop: () => boolean): boolean {
  const entry = entryOf(dataset);
  if (entry.correlation === undefined) {
    if (!entry.builder.step(shouldStop)) return false;
    entry.correlation = correlateSeries(dataset, entry.builder.result());
    if (shouldStop()) return false;
  }
  samplingOf(dataset, entry, entry.correlation);
  return true;
}

function samplingOf(dataset: Dataset, entry: Entry, correlation: Correlation): TimelineSampling {
  const { series } = correlation;
  const byKey = new Map(series.nodes.map((s) => [s.node, s]));
  return (entry.sampling ??= timelineSampling(dataset, series.graph, series.buckets, (key) => byKey.get(key)));
}

/** correlate(dataset), made once per dataset (what the idle work left is finished now). */
export function correlationOf(dataset: Dataset): Correlation {
  const entry = entryOf(dataset);
  return (entry.correlation ??= correlateSeries(dataset, entry.builder.result()));
}

/** `series`' buckets merged `factor` at a time. */
export function mergedLanes(series: RequestSeries, buckets: Buckets, factor: number): TimelineLanes {
  const count = Math.ceil(buckets.count / factor);
  const counts = new Uint32Array(count * 4);
  const p50 = new Float64Array(count).fill(Number.NaN);
  const p90 = new Float64Array(count).fill(Number.NaN);
  const p99 = new Float64Array(count).fill(Number.NaN);
  for (let d = 0; d < count; d++) {
    const first = d * factor;
    const last = Math.min(buckets.count, first + factor);
    for (let b = first; b < last; b++) for (let s = 0; s < 4; s++) counts[d * 4 + s]! += series.counts[b * 4 + s]!;
    const from = series.offsets[first]!;
    const to = series.offsets[last]!;
    if (to === from) continue;
    if (factor === 1) {
      // One minute's durations are sorted already.
      p50[d] = nearestRank(series.durations, 0.5, from, to)!;
      p90[d] = nearestRank(series.durations, 0.9, from, to)!;
      p99[d] = nearestRank(series.durations, 0.99, from, to)!;
      continue;
    }
    // The minutes' durations lie side by side: merged, they are one slice, selected in linear time.
    [p50[d], p90[d], p99[d]] = nearestRanks(series.durations.slice(from, to), QUANTILES) as [number, number, number];
  }
  return { start: buckets.start, step: buckets.step * factor, count, counts, p50, p90, p99 };
}

export function timelineModel(dataset: Dataset, request: TimelineRequest): TimelineModel {
  const correlation = correlationOf(dataset);
  const { series } = correlation;
  const { graph } = series;
  const byId = new Map([...series.nodes, ...series.edges].map((s) => [s.id, s]));
  const nodes = new Map(graph.nodes.map((node) => [node.key, node]));
  const chosen = (request.series !== undefined ? byId.get(request.series) : undefined) ?? series.overall;
  // The finest step of STEPS (5 min, 15 min, 1 h…) that keeps the lane within maxBuckets.
  const needed = Math.ceil(series.buckets.count / Math.max(1, Math.floor(request.maxBuckets)));
  const step = STEPS.find((candidate) => candidate >= needed * series.buckets.step) ?? needed * series.buckets.step;
  const factor = Math.max(1, Math.round(step / series.buckets.step));
  const choices: TimelineSeriesChoice[] = [{ id: 'overall', kind: 'overall', label: 'All requests', type: undefined, requests: series.overall.total }];
  const byRequests = (a: RequestSeries, b: RequestSeries): number => b.total - a.total || (a.id < b.id ? -1 : 1);
  for (const s of [...series.nodes].sort(byRequests)) {
    const node = nodes.get(s.node!);
    if (node === undefined || node.type === 'client') continue;
    choices.push({ id: s.id, kind: 'node', label: node.name, type: node.type, requests: s.total });
  }
  for (const s of [...series.edges].sort(byRequests)) {
    const from = nodes.get(s.source!);
    const to = nodes.get(s.target!);
    if (from === undefined || to === undefined) continue;
    choices.push({ id: s.id, kind: 'edge', label: callLabel(from, to), type: undefined, requests: s.total });
  }
  const entry = entryOf(dataset);
  const json = (entry.json ??= correlateJson(correlation));
  const laneKey = `${chosen.id}\u0000${factor}`;
  let lanes = entry.lanes.get(laneKey);
  if (lanes === undefined) {
    if (entry.lanes.size >= 16) entry.lanes.clear();
    entry.lanes.set(laneKey, (lanes = mergedLanes(chosen, series.buckets, factor)));
  }
  const groups = gatewayGroups(dataset.metrics);
  const chosenNode = chosen.node !== undefined ? nodes.get(chosen.node) : undefined;
  const group =
    groups.find((g) => g.label === request.gateway) ??
    groups.find((g) => chosenNode !== undefined && stageNodeOf(g, [chosenNode]) !== undefined) ??
    groups.find((g) => stageNodeOf(g, graph.nodes) !== undefined) ??
    groups[0];
  const stage = group ? stageNodeOf(group, graph.nodes) : undefined;
  const stageSeries = stage ? byId.get(`node:${stage.key}`) : undefined;
  const overheadSeries =
    series.overheads.find((o) => chosenNode?.type === STAGE_NODE_TYPE && o.stage === chosenNode.name) ?? series.overheads.find((o) => o.stage === stage?.name) ?? series.overheads[0];
  const overheadKey = overheadSeries ? `${overheadSeries.id}\u0000${factor}` : '';
  let overheadLanes = entry.lanes.get(overheadKey);
  if (overheadSeries && overheadLanes === undefined) entry.lanes.set(overheadKey, (overheadLanes = mergedLanes(overheadSeries, series.buckets, factor)));
  return {
    series: chosen.id,
    choices,
    lanes,
    onsets: json.onsets,
    edgeOnsets: json.edgeOnsets,
    suspects: json.suspects,
    markers: json.lane,
    hidden: json.hidden,
    sampled: true,
    gateway: group ? gatewayLanes(group, lanes, stageSeries ? tracedPerBucket(stageSeries, factor, lanes.count) : undefined) : undefined,
    gatewayChoices: groups.map((g) => g.label),
    overhead: overheadSeries && overheadLanes ? { stage: overheadSeries.stage, lanes: overheadLanes } : undefined,
    sampling: samplingOf(dataset, entry, correlation),
  };
}

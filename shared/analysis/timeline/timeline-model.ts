import type { Dataset } from '../../model/dataset.ts';
import type { ServiceGraph } from '../../model/service-graph.ts';
import type { HiddenReason } from '../changes/index.ts';
import { computedServiceGraphOf } from '../graph/index.ts';
import { STEPS } from './buckets.ts';
import { callLabel, correlateJson, type CorrelateJson } from './correlate-json.ts';
import type { RequestSeries } from './series.ts';
import { gatewayGroups, gatewayLanes, STAGE_NODE_TYPE, stageNodeOf, tracedPerBucket, type GatewayLanes } from './gateway-lanes.ts';
import type { TimelineSampling } from './timeline-sampling.ts';
import { mergedLanes, type TimelineLanes } from './merged-lanes.ts';
import { madeSoFar, prepareTimeline, stageFor, type TimelinePending } from './timeline-prepare.ts';

export { mergedLanes, type TimelineLanes } from './merged-lanes.ts';

/**
 * What the Timeline view draws, made in the worker from the dataset's correlation (computed once
 * per dataset at one-minute buckets, so onsets and suspects do not move with the window's width):
 * one series' lanes at most `maxBuckets` wide (mergedLanes), plus the onsets, suspects and change
 * lane of the whole incident. A `first` request is answered with what is made so far (at least
 * the lanes it draws); `pending` says what is not in it yet.
 */
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
  /** The sampling rules of the snapshot and the ones that apply to each service, with the rates measured (timeline-sampling.ts); none while `series` is pending. */
  readonly sampling: TimelineSampling;
  /**
   * What this answer was made without, because it is still being made (a `first` request): the
   * other series (choices are known, their lanes are not; no gateway overhead from the traces, no
   * traced count beside the gateway's metrics, no sampling rates) and the onsets and suspects
   * (empty here). Empty when complete.
   */
  readonly pending: readonly TimelinePending[];
}

export interface TimelineRequest {
  /** A series id (`overall`, `node:<key>`); unknown or absent: overall. */
  readonly series?: string;
  /** At most this many drawn buckets (the lane's width in pixels). */
  readonly maxBuckets: number;
  /** A metric group's label (`orders-api/prod`); absent: the chosen stage's, else the first. */
  readonly gateway?: string;
  /** Answer as soon as the chosen series' lanes exist, with what is made so far (`pending` says what is not); absent: once everything is made. */
  readonly first?: boolean;
}

/** Overall first, then the nodes (clients excepted) and the calls between them, each busiest first: every node and edge that counted a request. */
function choicesOf(graph: ServiceGraph, overallRequests: number): TimelineSeriesChoice[] {
  const nodes = new Map(graph.nodes.map((node) => [node.key, node]));
  const byRequests = (a: TimelineSeriesChoice, b: TimelineSeriesChoice): number => b.requests - a.requests || (a.id < b.id ? -1 : 1);
  const nodeChoices: TimelineSeriesChoice[] = [];
  for (const node of graph.nodes) {
    if (node.stats.total === 0 || node.type === 'client') continue;
    nodeChoices.push({ id: `node:${node.key}`, kind: 'node', label: node.name, type: node.type, requests: node.stats.total });
  }
  const edgeChoices: TimelineSeriesChoice[] = [];
  for (const edge of graph.edges) {
    const from = nodes.get(edge.source);
    const to = nodes.get(edge.target);
    if (edge.stats.total === 0 || from === undefined || to === undefined) continue;
    edgeChoices.push({ id: `edge:${edge.source}→${edge.target}`, kind: 'edge', label: callLabel(from, to), type: undefined, requests: edge.stats.total });
  }
  return [{ id: 'overall', kind: 'overall', label: 'All requests', type: undefined, requests: overallRequests }, ...nodeChoices.sort(byRequests), ...edgeChoices.sort(byRequests)];
}

export function timelineModel(dataset: Dataset, request: TimelineRequest): TimelineModel {
  // What the request needs is made now if it is not yet (the worker makes it in slices first).
  prepareTimeline(dataset, () => false, stageFor(request));
  const { entry, first, series, sampling, correlation, lane } = madeSoFar(dataset);
  const { buckets } = entry.builder;
  // The series walk's graph is computeServiceGraph's (the map's, kept per dataset).
  const graph = series?.graph ?? computedServiceGraphOf(dataset.traces).graph;
  const byId = new Map<string, RequestSeries>(series ? [...series.nodes, ...series.edges].map((s) => [s.id, s]) : []);
  const nodes = new Map(graph.nodes.map((node) => [node.key, node]));
  const chosen = (request.series !== undefined ? byId.get(request.series) : undefined) ?? first.overall;
  // The finest step of STEPS (5 min, 15 min, 1 h…) that keeps the lane within maxBuckets.
  const needed = Math.ceil(buckets.count / Math.max(1, Math.floor(request.maxBuckets)));
  const step = STEPS.find((candidate) => candidate >= needed * buckets.step) ?? needed * buckets.step;
  const factor = Math.max(1, Math.round(step / buckets.step));
  const json = correlation ? (entry.json ??= correlateJson(correlation)) : undefined;
  const laneKey = `${chosen.id}\u0000${factor}`;
  let lanes = entry.lanes.get(laneKey);
  if (lanes === undefined) {
    if (entry.lanes.size >= 16) entry.lanes.clear();
    entry.lanes.set(laneKey, (lanes = mergedLanes(chosen, buckets, factor)));
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
  const overheads = series?.overheads ?? [];
  const overheadSeries =
    overheads.find((o) => chosenNode?.type === STAGE_NODE_TYPE && o.stage === chosenNode.name) ?? overheads.find((o) => o.stage === stage?.name) ?? overheads[0];
  const overheadKey = overheadSeries ? `${overheadSeries.id}\u0000${factor}` : '';
  let overheadLanes = entry.lanes.get(overheadKey);
  if (overheadSeries && overheadLanes === undefined) entry.lanes.set(overheadKey, (overheadLanes = mergedLanes(overheadSeries, buckets, factor)));
  const changes = json ?? lane;
  const pending: TimelinePending[] = [];
  if (series === undefined || sampling === undefined) pending.push('series');
  if (json === undefined) pending.push('onsets');
  return {
    series: chosen.id,
    choices: choicesOf(graph, first.overall.total),
    lanes,
    onsets: json?.onsets ?? [],
    edgeOnsets: json?.edgeOnsets ?? [],
    suspects: json?.suspects ?? [],
    markers: changes.lane,
    hidden: changes.hidden,
    sampled: true,
    gateway: group ? gatewayLanes(group, lanes, stageSeries ? tracedPerBucket(stageSeries, factor, lanes.count) : undefined) : undefined,
    gatewayChoices: groups.map((g) => g.label),
    overhead: overheadSeries && overheadLanes ? { stage: overheadSeries.stage, lanes: overheadLanes } : undefined,
    sampling: sampling ?? { rules: [], services: [] },
    pending,
  };
}

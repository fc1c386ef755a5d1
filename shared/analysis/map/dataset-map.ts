import type { Dataset } from '../../model/dataset.ts';
import type { ServiceGraph } from '../../model/service-graph.ts';
import { capturedServiceGraph, computedServiceGraphOf } from '../graph/index.ts';
import { changesByNode, eventJoins, madeIn, type EventJoin } from '../changes/index.ts';
import { buildServiceMap, type ServiceMapModel } from './service-map.ts';
import { collectSpanFacts, type SpanFacts } from './span-facts.ts';

/**
 * The service map of an opened incident, built once per dataset and graph origin and then kept
 * (the worker asks again on every visit to the map). Without a requested origin, or when the
 * requested one is not in the incident, the map computed from the traces is shown when there are
 * traces, else the captured one; `origin` in the answer says which. Null when there is neither.
 * The computed graph is the one kept for the dataset's traces (computedServiceGraphOf, shared with
 * the incident summary); `buildMillis` counts its computation even when it was done before.
 */
const maps = new WeakMap<Dataset, Map<ServiceGraph['origin'], ServiceMapModel>>();
const spanFacts = new WeakMap<Dataset, SpanFacts>();

/** A monotonic clock where there is one (browsers, workers, Node); shared/ has no DOM types. */
function now(): number {
  return (globalThis as { readonly performance?: { now(): number } }).performance?.now() ?? Date.now();
}

export function availableGraphs(dataset: Dataset): ServiceMapModel['available'] {
  return { computed: dataset.traces.length > 0, captured: dataset.capturedGraphs.length > 0 };
}

export function serviceMapOf(dataset: Dataset, requested?: ServiceGraph['origin'], range?: readonly [number, number]): ServiceMapModel | null {
  const available = availableGraphs(dataset);
  const origin = requested !== undefined && available[requested] ? requested : available.computed ? 'computed' : available.captured ? 'captured' : undefined;
  if (origin === undefined) return null;
  // A range applies to the traces; the captured graph is X-Ray's aggregate over its own window.
  if (range !== undefined && origin === 'computed') return rangeMapOf(dataset, range, available);
  let built = maps.get(dataset);
  if (built === undefined) {
    built = new Map();
    maps.set(dataset, built);
  }
  const known = built.get(origin);
  if (known !== undefined) return known;
  const computed = origin === 'computed' ? computedServiceGraphOf(dataset.traces) : undefined;
  const started = now();
  const graph = computed?.graph ?? capturedServiceGraph(dataset.capturedGraphs);
  const facts = datasetSpanFacts(dataset);
  const changes = nodeChanges(graph, dataset.events, facts.arns);
  const map = buildServiceMap({ graph, facts, changes, available, traces: dataset.traces.length, spentMillis: (computed?.millis ?? 0) + now() - started });
  built.set(origin, map);
  return map;
}

/** The last map of a range, per dataset: brushing asks for one range after another, and a visit to the map again for the same. */
const rangeMaps = new WeakMap<Dataset, { readonly range: readonly [number, number]; readonly map: ServiceMapModel }>();

/**
 * The computed map of the traces that start in `range` (epoch seconds, both ends included: the
 * Traces view's window), with the changes made in it (the Changes view's window): the same
 * figures as the map of an incident holding only those traces and events.
 */
function rangeMapOf(dataset: Dataset, range: readonly [number, number], available: ServiceMapModel['available']): ServiceMapModel {
  const known = rangeMaps.get(dataset);
  if (known !== undefined && known.range[0] === range[0] && known.range[1] === range[1]) return known.map;
  const started = now();
  const traces = tracesStartingIn(dataset.traces, range);
  const graph = computedServiceGraphOf(traces).graph;
  const events = dataset.events.filter((event) => madeIn(event, range));
  const facts = collectSpanFacts(traces, { arns: hasChanges(events) });
  const changes = nodeChanges(graph, events, facts.arns);
  const map = { ...buildServiceMap({ graph, facts, changes, available, traces: traces.length, spentMillis: now() - started }), range: [range[0], range[1]] as const };
  rangeMaps.set(dataset, { range, map });
  return map;
}

/** Each node's configuration changes among `events` (none to join when no event is a change). */
function nodeChanges(graph: ServiceGraph, events: Dataset['events'], arns: SpanFacts['arns']): ReturnType<typeof changesByNode> {
  return hasChanges(events) ? changesByNode(graph.nodes, events, arns) : new Map();
}

function hasChanges(events: Dataset['events']): boolean {
  return events.some((event) => event.change !== undefined);
}

/** The traces whose start is in `range`: a dataset's traces are in order of start, so a slice. The map's range and compare's ranges. */
export function tracesStartingIn(traces: Dataset['traces'], range: readonly [number, number]): Dataset['traces'] {
  const [first, end] = traceIndexRange(traces, range);
  return traces.slice(first, end);
}

/** The indexes [first, end) of the traces whose start is in `range` (epoch seconds, both ends included). */
export function traceIndexRange(traces: Dataset['traces'], range: readonly [number, number]): readonly [number, number] {
  const first = firstAtOrAfter(traces, range[0]);
  let end = first;
  while (end < traces.length && traces[end]!.start <= range[1]) end++;
  return [first, end];
}

function firstAtOrAfter(traces: Dataset['traces'], at: number): number {
  let low = 0;
  let high = traces.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (traces[middle]!.start < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The dataset's span facts (collectSpanFacts, ARNs read when the dataset holds configuration
 * changes), made once and kept: the map, the Changes' joins and the timeline's suspects share them.
 */
export function datasetSpanFacts(dataset: Dataset): SpanFacts {
  let facts = spanFacts.get(dataset);
  if (facts === undefined) {
    facts = collectSpanFacts(dataset.traces, { arns: hasChanges(dataset.events) });
    spanFacts.set(dataset, facts);
  }
  return facts;
}

export interface DatasetJoins {
  /** By event id, the nodes of the map the event joined and how. */
  readonly joins: ReadonlyMap<string, readonly EventJoin[]>;
  readonly nodes: ReadonlyMap<string, { readonly name: string; readonly type: string }>;
}

const joinsKept = new WeakMap<Dataset, DatasetJoins>();

/** The CloudTrail events joined to the nodes of the map shown by default (the traces', else the captured graph), made once per dataset. */
export function datasetJoins(dataset: Dataset): DatasetJoins {
  let kept = joinsKept.get(dataset);
  if (kept === undefined) {
    const graph = dataset.traces.length > 0 ? computedServiceGraphOf(dataset.traces).graph : capturedServiceGraph(dataset.capturedGraphs);
    const joins = hasChanges(dataset.events) ? eventJoins(graph.nodes, dataset.events, datasetSpanFacts(dataset).arns) : new Map<string, EventJoin[]>();
    kept = { joins, nodes: new Map(graph.nodes.map((node) => [node.key, { name: node.name, type: node.type }])) };
    joinsKept.set(dataset, kept);
  }
  return kept;
}

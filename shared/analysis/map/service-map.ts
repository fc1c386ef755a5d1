import type { ServiceGraph } from '../../model/service-graph.ts';
import { layoutLayered, type MapLayout } from './layout.ts';
import { estimateTextWidth, truncateToWidth } from './text-width.ts';
import { formatDuration } from '../../base/format.ts';
import { edgeLabelLines } from './labels.ts';
import { errorRate, healthCounts, latencyFigures, type HealthCounts, type LatencyHistogram, type LatencySummary } from './latency.ts';
import { MAX_CHANGES_PER_NODE, type NodeChange } from '../changes/index.ts';
import { edgeId, type ExceptionTally, type SpanFacts } from './span-facts.ts';

/**
 * The service map as the UI draws it, built in the worker: per node and edge the health counts
 * (ok / 4xx / 429 / 5xx), latency summary and histogram, top exceptions, and for nodes the
 * configuration changes joined to them; the texts drawn on the map; and the layout, sized for
 * those texts with MAP_GEOMETRY (the renderer draws with the same numbers).
 */
export const MAP_GEOMETRY = {
  /** Outer radius of a node's health ring; edges attach at it. */
  ringRadius: 25,
  ringWidth: 5,
  /** Room above the ring (for the change badge). */
  ringTop: 4,
  nameFontSize: 12,
  /** Names are bold: estimated as this much wider than regular text. */
  boldFactor: 1.08,
  typeFontSize: 11,
  lineHeight: 15,
  /** A node's drawn name and type are cut to this width. */
  maxLabelWidth: 180,
  nodePadding: 6,
  edgeFontSize: 11,
  edgeLineHeight: 14,
  edgePadding: 5,
  /** Room between a node column and a label column, and between two nodes of a column. */
  columnGap: 26,
  nodeGap: 22,
} as const;

export interface MapNodeView {
  readonly key: string;
  readonly name: string;
  readonly type: string;
  readonly names: readonly string[];
  readonly accountId: string | undefined;
  readonly root: boolean;
  readonly inferred: boolean;
  readonly client: boolean;
  readonly health: HealthCounts;
  readonly errorRate: number | undefined;
  readonly latency: LatencySummary;
  readonly histogram: LatencyHistogram;
  readonly exceptions: ExceptionTally;
  /** Changes joined to this node (at most MAX_CHANGES_PER_NODE); `changeCount` counts them all. */
  readonly changes: readonly NodeChange[];
  readonly changeCount: number;
  /** The name and type as drawn (shortened to fit), and the mean latency inside the ring. */
  readonly nameLabel: string;
  readonly typeLabel: string;
  readonly ringLabel: string;
}

export interface MapEdgeView {
  /** `source→target` (edgeId). */
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly edgeType: string | undefined;
  readonly health: HealthCounts;
  readonly errorRate: number | undefined;
  readonly latency: LatencySummary;
  readonly histogram: LatencyHistogram;
  readonly exceptions: ExceptionTally;
  readonly labelLines: readonly [string, string];
}

export interface ServiceMapModel {
  /** Which graph this is: computed from the traces, or captured from GetServiceGraph. */
  readonly origin: ServiceGraph['origin'];
  /** Which graphs the open incident can show. */
  readonly available: { readonly computed: boolean; readonly captured: boolean };
  readonly nodes: readonly MapNodeView[];
  readonly edges: readonly MapEdgeView[];
  /** Nodes and edges in the same order as above. */
  readonly layout: MapLayout;
  /** Epoch seconds. */
  readonly start: number | undefined;
  readonly end: number | undefined;
  /** Traces the map was computed from (0 for a captured graph). */
  readonly traces: number;
  /** The range (epoch seconds) the traces were taken from, by their start, when one was asked for; else every trace. */
  readonly range?: readonly [number, number];
  readonly buildMillis: number;
  readonly layoutMillis: number;
}

const NO_EXCEPTIONS: ExceptionTally = { top: [], total: 0, distinct: 0 };

export interface MapInputs {
  readonly graph: ServiceGraph;
  readonly facts: SpanFacts;
  readonly changes: ReadonlyMap<string, readonly NodeChange[]>;
  readonly available: ServiceMapModel['available'];
  readonly traces: number;
  /** Milliseconds already spent (graph and span facts), added to buildMillis. */
  readonly spentMillis?: number;
}

/** A monotonic clock where there is one (browsers, workers, Node); shared/ has no DOM types. */
function now(): number {
  return (globalThis as { readonly performance?: { now(): number } }).performance?.now() ?? Date.now();
}

/** A type for people: canonical AWS types as they are; `''` (a segment without origin) as `service`. */
export function typeText(type: string): string {
  return type === '' ? 'service' : type;
}

/** The type as drawn under a node: without the `AWS::` every AWS type starts with (the map is wide). */
export function shortTypeText(type: string): string {
  return typeText(type).replace(/^AWS::/, '');
}

export function buildServiceMap(inputs: MapInputs): ServiceMapModel {
  const started = now();
  const { graph, facts, changes } = inputs;
  const g = MAP_GEOMETRY;
  const nodes: MapNodeView[] = graph.nodes.map((node) => {
    const { summary, histogram } = latencyFigures(node.stats);
    const health = healthCounts(node.stats);
    const joined = changes.get(node.key) ?? [];
    const client = node.type === 'client';
    return {
      key: node.key,
      name: node.name,
      type: node.type,
      names: node.names,
      accountId: node.accountId,
      root: node.root,
      inferred: node.inferred,
      client,
      health,
      errorRate: errorRate(health),
      latency: summary,
      histogram,
      exceptions: facts.nodeExceptions.get(node.key) ?? NO_EXCEPTIONS,
      changes: joined.slice(0, MAX_CHANGES_PER_NODE),
      changeCount: joined.length,
      nameLabel: truncateToWidth(node.name === '' ? '(no name)' : node.name, g.maxLabelWidth, g.nameFontSize * g.boldFactor),
      typeLabel: truncateToWidth(shortTypeText(node.type), g.maxLabelWidth, g.typeFontSize),
      ringLabel: client || health.total === 0 ? '' : formatDuration(summary.mean),
    };
  });
  const edges: MapEdgeView[] = graph.edges.map((edge) => {
    const { summary, histogram } = latencyFigures(edge.stats);
    const health = healthCounts(edge.stats);
    const id = edgeId(edge.source, edge.target);
    return {
      id,
      source: edge.source,
      target: edge.target,
      edgeType: edge.edgeType,
      health,
      errorRate: errorRate(health),
      latency: summary,
      histogram,
      exceptions: facts.edgeExceptions.get(id) ?? NO_EXCEPTIONS,
      labelLines: edgeLabelLines(health, summary),
    };
  });
  const statsDone = now();
  const layout = layoutLayered(
    nodes.map((node) => {
      const textWidth = Math.max(estimateTextWidth(node.nameLabel, g.nameFontSize * g.boldFactor), estimateTextWidth(node.typeLabel, g.typeFontSize));
      return {
        id: node.key,
        width: Math.max(2 * g.ringRadius + 12, textWidth) + 2 * g.nodePadding,
        height: g.ringTop + 2 * g.ringRadius + 4 + 2 * g.lineHeight + 4,
        anchor: g.ringTop + g.ringRadius,
        port: g.ringRadius,
      };
    }),
    edges.map((edge) => {
      const [first, second] = edge.labelLines;
      const lines = second === '' ? 1 : 2;
      return {
        source: edge.source,
        target: edge.target,
        labelWidth: Math.max(estimateTextWidth(first, g.edgeFontSize), estimateTextWidth(second, g.edgeFontSize)) + 2 * g.edgePadding,
        labelHeight: lines * g.edgeLineHeight + 2 * g.edgePadding,
      };
    }),
    { columnGap: g.columnGap, nodeGap: g.nodeGap },
  );
  const done = now();
  return {
    origin: graph.origin,
    available: inputs.available,
    nodes,
    edges,
    layout,
    start: graph.start,
    end: graph.end,
    traces: graph.origin === 'computed' ? inputs.traces : 0,
    buildMillis: Math.round((inputs.spentMillis ?? 0) + statsDone - started),
    layoutMillis: Math.round((done - statsDone) * 10) / 10,
  };
}

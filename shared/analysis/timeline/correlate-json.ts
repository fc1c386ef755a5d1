import { changedResource } from '../changes/index.ts';
import type { ChangeLane, HiddenReason } from '../changes/index.ts';
import type { Correlation } from './correlate.ts';
import type { Onset } from './onsets.ts';
import type { Relation } from './suspects.ts';

/**
 * `trace-explorer correlate --json`: one object, times ISO-8601 UTC. `onsets` are the node onsets
 * (`node` is the X-Ray node name), `edgeOnsets` those of the calls between nodes, `suspects` best first, `lane` the default change lane (each
 * marker a group of events), `hidden` every event kept off the lane, counted once by its first
 * reason (read-only, failed, not a configuration change).
 */
type OnsetFigures = Pick<Onset, 'kind' | 'confidence' | 'score' | 'before' | 'after'> & { readonly at: string };

export interface CorrelateJson {
  /** An Onset of a node, its time as ISO text and its figures rounded. */
  /** `series` is the timeline's id of the node's lanes. */
  readonly onsets: readonly (OnsetFigures & { readonly node: string; readonly type: string; readonly series: string })[];
  /** Onsets of the calls between nodes (the map's edges: `from` calls `to`), by time; `series` is the timeline's id of the edge. */
  readonly edgeOnsets: readonly (OnsetFigures & { readonly from: string; readonly fromType: string; readonly to: string; readonly toType: string; readonly series: string; readonly label: string })[];
  readonly suspects: readonly {
    readonly eventId: string;
    readonly eventName: string;
    readonly eventSource: string;
    readonly resource: string | null;
    readonly at: string;
    readonly score: number;
    /** The failing node's name and type (its onset is the one the score is against). */
    readonly node: string;
    readonly nodeType: string;
    readonly relation: Relation;
    readonly reasons: readonly string[];
  }[];
  readonly lane: readonly { readonly at: string; readonly kind: string; readonly eventName: string; readonly resource: string | null; readonly count: number; readonly eventIds: readonly string[] }[];
  readonly hidden: Readonly<Record<HiddenReason, number>>;
}

const iso = (millis: number): string => new Date(millis).toISOString();
const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/**
 * A call in words: `orders-api/prod → orders-handler`; the callers in front of a root are
 * `clients`; where both ends have the same name (a Lambda service and its function) their types say which is which.
 */
export function callLabel(from: { readonly name: string; readonly type: string }, to: { readonly name: string; readonly type: string }): string {
  if (from.type === 'client') return `clients → ${to.name}`;
  return from.name === to.name ? `${from.name} [${from.type}] → ${to.name} [${to.type}]` : `${from.name} → ${to.name}`;
}

function figures(onset: Onset): OnsetFigures {
  return {
    kind: onset.kind,
    at: iso(onset.at * 1000),
    confidence: onset.confidence,
    score: round(onset.score, 1),
    before: { requests: onset.before.requests, value: round(onset.before.value, 6) },
    after: { requests: onset.after.requests, value: round(onset.after.value, 6) },
  };
}

export function correlateJson(correlation: Correlation): CorrelateJson {
  const nodes = new Map(correlation.series.graph.nodes.map((node) => [node.key, node]));
  const edges = new Map(correlation.series.edges.map((edge) => [edge.id, edge]));
  return {
    onsets: correlation.onsets.map(({ onset, node }) => ({ node: node.name, type: node.type, series: onset.series, ...figures(onset) })),
    edgeOnsets: correlation.edgeOnsets.map((onset) => {
      const edge = edges.get(onset.series);
      const from = nodes.get(edge?.source ?? '') ?? { name: '', type: '' };
      const to = nodes.get(edge?.target ?? '') ?? { name: '', type: '' };
      return { from: from.name, fromType: from.type, to: to.name, toType: to.type, series: onset.series, label: callLabel(from, to), ...figures(onset) };
    }),
    suspects: correlation.suspects.map((suspect) => ({
      eventId: suspect.event.eventId,
      eventName: suspect.event.eventName,
      eventSource: suspect.event.eventSource,
      resource: changedResource(suspect.event) ?? null,
      at: iso(suspect.event.time),
      score: suspect.score,
      node: nodes.get(suspect.failing)?.name ?? suspect.failing,
      nodeType: nodes.get(suspect.failing)?.type ?? '',
      relation: suspect.relation,
      reasons: suspect.reasons,
    })),
    ...laneJson(correlation.lane),
  };
}

/** The change lane as `correlate --json` prints it (its `lane` and `hidden`). */
export function laneJson(lane: ChangeLane): Pick<CorrelateJson, 'lane' | 'hidden'> {
  return {
    lane: lane.markers.map((marker) => ({ at: iso(marker.at), kind: marker.kind, eventName: marker.eventName, resource: marker.resource ?? null, count: marker.count, eventIds: marker.eventIds })),
    hidden: lane.hidden,
  };
}

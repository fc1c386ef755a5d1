import { changedResource } from '../changes/index.ts';
import type { HiddenReason } from '../changes/index.ts';
import type { Correlation } from './correlate.ts';
import type { Onset } from './onsets.ts';
import type { Relation } from './suspects.ts';

/**
 * `trace-explorer correlate --json`: one object, times ISO-8601 UTC. `onsets` are the node onsets
 * (`node` is the X-Ray node name), `suspects` best first, `lane` the default change lane (each
 * marker a group of events), `hidden` every event kept off the lane, counted once by its first
 * reason (read-only, failed, not a configuration change).
 */
export interface CorrelateJson {
  /** An Onset of a node, its time as ISO text and its figures rounded. */
  readonly onsets: readonly (Pick<Onset, 'kind' | 'confidence' | 'score' | 'before' | 'after'> & { readonly node: string; readonly type: string; readonly at: string })[];
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

export function correlateJson(correlation: Correlation): CorrelateJson {
  const nodes = new Map(correlation.series.graph.nodes.map((node) => [node.key, node]));
  return {
    onsets: correlation.onsets.map(({ onset, node }) => ({
      node: node.name,
      type: node.type,
      kind: onset.kind,
      at: iso(onset.at * 1000),
      confidence: onset.confidence,
      score: round(onset.score, 1),
      before: { requests: onset.before.requests, value: round(onset.before.value, 6) },
      after: { requests: onset.after.requests, value: round(onset.after.value, 6) },
    })),
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
    lane: correlation.lane.markers.map((marker) => ({ at: iso(marker.at), kind: marker.kind, eventName: marker.eventName, resource: marker.resource ?? null, count: marker.count, eventIds: marker.eventIds })),
    hidden: correlation.lane.hidden,
  };
}

import type { ChangeEvent } from '../../model/change-event.ts';
import type { ServiceGraph, ServiceNode } from '../../model/service-graph.ts';
import { isJsonObject } from '../../base/json.ts';
import { formatDuration } from '../../base/format.ts';
import { withoutVersionSuffix } from '../../dataset/index.ts';
import { eventJoins, hiddenReason, changedResource } from '../changes/index.ts';
import type { Onset } from './onsets.ts';

/**
 * Suspects: for each onset, the configuration changes before it, scored by three plain factors
 * multiplied — how long before the onset (TIME_SCALE halves the weight of a change that long
 * before), where the change is relative to the failing node (RELATION), and what kind of change it
 * is (FAMILY) — with the reasons in words. A change at or after the end of the onset's bucket is
 * never its suspect; one within the bucket is (the bucket is as precise as the onset is). An event
 * scored against several onsets keeps its best score and that onset's reasons.
 */
export type Relation = 'same' | 'downstream' | 'upstream' | 'offPath' | 'accountWide';

export interface Suspect {
  readonly event: ChangeEvent;
  /** 0 to 1. */
  readonly score: number;
  readonly onset: Onset;
  /** The failing node's key (the onset's node). */
  readonly failing: string;
  /** The node the change joined (the nearest to the failing one), with the join used. */
  readonly joined: { readonly node: string; readonly by: string } | undefined;
  readonly relation: Relation;
  readonly reasons: readonly string[];
}

/** Seconds before the onset at which a change's time weight is one half. */
export const TIME_SCALE = 600;
export const RELATION: Readonly<Record<Relation, number>> = { same: 1, downstream: 0.8, upstream: 0.3, offPath: 0.15, accountWide: 0.1 };
/** Changes that alter running code or its configuration weigh most; permissions and networks a little less. */
export const FAMILY: Readonly<Record<string, number>> = {
  lambda: 1, apigateway: 1, ecs: 1, states: 1, appconfig: 0.9, cloudformation: 0.9, dynamodb: 0.9, rds: 0.9, sqs: 0.8, sns: 0.8, iam: 0.8, ec2: 0.7,
};
const OTHER_FAMILY = 0.7;

/** A node onset: the onset and its node. */
export interface NodeOnset {
  readonly onset: Onset;
  readonly node: ServiceNode;
}

/** Node keys reachable from `start` along `next` (start excluded), with the fewest edges to each. */
function reachable(start: string, next: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const hops = new Map<string, number>();
  let frontier = [start];
  for (let distance = 1; frontier.length > 0; distance++) {
    const further: string[] = [];
    for (const from of frontier) {
      for (const key of next.get(from) ?? []) {
        if (key === start || hops.has(key)) continue;
        hops.set(key, distance);
        further.push(key);
      }
    }
    frontier = further;
  }
  return hops;
}


const KIND_WORDS: Readonly<Record<Onset['kind'], string>> = { fault: 'faults (5xx)', error: 'errors (4xx)', throttle: 'throttles (429)', latency: 'slowdown' };

function timeWords(seconds: number, node: string, kind: Onset['kind']): string {
  const what = `${node}'s ${KIND_WORDS[kind]}`;
  return seconds <= 0 ? `made in the minute ${what} began` : `made ${formatDuration(seconds)} before ${what} began`;
}

function relationWords(relation: Relation, joinedName: string | undefined, failing: string): string {
  switch (relation) {
    case 'same':
      return `it changed ${failing}, the failing node itself`;
    case 'downstream':
      return `it changed ${joinedName}, which ${failing} calls: downstream on the failing path`;
    case 'upstream':
      return `it changed ${joinedName}, which calls ${failing}: upstream of the failure`;
    case 'offPath':
      return `it changed ${joinedName}, which is not on ${failing}'s path`;
    case 'accountWide':
      return 'it joins no node of the map (account-wide)';
  }
}

/** The scalar request parameters of a change (at most three), e.g. `memorySize=128`: what it set. */
function whatItSet(event: ChangeEvent): string | undefined {
  const parameters = event.record['requestParameters'];
  if (!isJsonObject(parameters)) return undefined;
  const joined = new Set(event.change?.joinKeys.map((key) => key.value));
  const set: string[] = [];
  for (const [key, value] of Object.entries(parameters)) {
    if ((typeof value !== 'number' && typeof value !== 'boolean' && typeof value !== 'string') || joined.has(String(value))) continue;
    set.push(`${key}=${typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value) : value}`);
    if (set.length === 3) break;
  }
  return set.length > 0 ? `it set ${set.join(', ')}` : undefined;
}

/** Ranked suspects of `onsets`, best first (ties: the later change first, then by event id). */
export function rankSuspects(onsets: readonly NodeOnset[], graph: ServiceGraph, events: readonly ChangeEvent[], arns: ReadonlyMap<string, readonly string[]>): Suspect[] {
  if (onsets.length === 0) return [];
  const lane = events.filter((event) => hiddenReason(event) === undefined);
  const joins = eventJoins(graph.nodes, lane, arns);
  const nameOf = new Map(graph.nodes.map((node) => [node.key, node.name]));
  const down = new Map<string, string[]>();
  const up = new Map<string, string[]>();
  for (const edge of graph.edges) {
    (down.get(edge.source) ?? down.set(edge.source, []).get(edge.source)!).push(edge.target);
    (up.get(edge.target) ?? up.set(edge.target, []).get(edge.target)!).push(edge.source);
  }
  const paths = new Map<string, { downstream: Map<string, number>; upstream: Map<string, number> }>();
  const best = new Map<string, Suspect>();
  for (const { onset, node } of onsets) {
    let path = paths.get(node.key);
    if (path === undefined) paths.set(node.key, (path = { downstream: reachable(node.key, down), upstream: reachable(node.key, up) }));
    for (const event of lane) {
      if (event.time >= onset.until * 1000) continue;
      const found = joins.get(event.eventId) ?? [];
      const rank = (key: string): Relation => (key === node.key ? 'same' : path.downstream.has(key) ? 'downstream' : path.upstream.has(key) ? 'upstream' : 'offPath');
      const hops = (key: string): number => (key === node.key ? 0 : (path.downstream.get(key) ?? path.upstream.get(key) ?? Infinity));
      // The joined node nearest the failing one: the closest relation, then the fewest edges away.
      let relation: Relation = 'accountWide';
      let joined: Suspect['joined'];
      for (const join of found) {
        const candidate = rank(join.node);
        const closer = relation === 'accountWide' || RELATION[candidate] > RELATION[relation] || (candidate === relation && hops(join.node) < hops(joined!.node));
        if (closer) {
          relation = candidate;
          joined = join;
        }
      }
      const before = Math.max(0, onset.at - event.time / 1000);
      const family = event.change!.family;
      const score = (1 / (1 + before / TIME_SCALE)) * RELATION[relation] * (FAMILY[family] ?? OTHER_FAMILY);
      const known = best.get(event.eventId);
      if (known !== undefined && known.score >= score) continue;
      const set = whatItSet(event);
      const reasons = [
        `${withoutVersionSuffix(event.eventName)} on ${changedResource(event) ?? 'an unnamed resource'} (${family}), ${timeWords(before, node.name, onset.kind)}`,
        relationWords(relation, joined ? nameOf.get(joined.node) : undefined, node.name),
        ...(joined ? [`joined by ${joined.by}`] : []),
        ...(set !== undefined ? [set] : []),
      ];
      best.set(event.eventId, { event, score: Math.round(score * 1000) / 1000, onset, failing: node.key, joined, relation, reasons });
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || b.event.time - a.event.time || (a.event.eventId < b.event.eventId ? -1 : 1));
}

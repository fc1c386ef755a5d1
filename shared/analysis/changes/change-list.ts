import type { ChangeEvent } from '../../model/change-event.ts';
import type { Dataset } from '../../model/dataset.ts';
import { changedResource, hiddenReason, type HiddenReason } from './lane.ts';
import type { EventJoin } from './event-joins.ts';

/**
 * The Changes view's table: every CloudTrail event of the incident, filtered and a page at a time
 * (the worker keeps the events; the page asks for the rows it shows). Filters combine: the event
 * source, where it stands on the lane (on it, or which reason keeps it off), a time range, the
 * map node it joined, and text found in its name, user, resource, error code or id (case-insensitive).
 */
export type LaneFilter = 'all' | 'lane' | HiddenReason;

export interface ChangeListRequest {
  readonly source?: string;
  readonly lane?: LaneFilter;
  readonly text?: string;
  /** Events made in this range of epoch seconds (both ends included). */
  readonly window?: readonly [number, number];
  /** Events joined to this node of the map (its key). */
  readonly node?: string;
  /** An event whose position among the matching ones the answer should say (to scroll to it). */
  readonly find?: string;
  readonly offset: number;
  readonly limit: number;
}

export interface ChangeRow {
  readonly position: number;
  readonly eventId: string;
  /** ISO-8601. */
  readonly at: string;
  readonly eventName: string;
  readonly eventSource: string;
  readonly user: string | undefined;
  readonly resource: string | undefined;
  readonly errorCode: string | undefined;
  readonly family: string | undefined;
  readonly hidden: HiddenReason | undefined;
  /** The map's nodes it joined, with the join used (`orders-handler [AWS::Lambda] (functionName=orders-handler)`). */
  readonly joined: readonly string[];
}

export interface ChangeListPage {
  readonly total: number;
  readonly all: number;
  readonly offset: number;
  readonly rows: readonly ChangeRow[];
  /** The position of `find` among the matching events; undefined when it is not one of them. */
  readonly found: number | undefined;
  /** Every event source in the incident, with its count, most events first. */
  readonly sources: readonly { readonly source: string; readonly count: number }[];
  /** Every node some event joined, with how many joined it, most first. */
  readonly nodes: readonly { readonly key: string; readonly name: string; readonly type: string; readonly count: number }[];
}

/** How the incident's events join the map's nodes (analysis/map datasetJoins); none given: no event joins a node. */
export interface ChangeJoins {
  readonly joins: ReadonlyMap<string, readonly EventJoin[]>;
  readonly nodes: ReadonlyMap<string, { readonly name: string; readonly type: string }>;
}

const NO_JOINS: ChangeJoins = { joins: new Map(), nodes: new Map() };

export const MAX_CHANGE_ROWS = 500;

/** Whether `event` was made in `range` (epoch seconds, both ends included): the Changes window, and the map's range. */
export function madeIn(event: ChangeEvent, range: readonly [number, number]): boolean {
  return event.time >= range[0] * 1000 && event.time <= range[1] * 1000;
}

function matches(event: ChangeEvent, request: ChangeListRequest, needle: string, joins: ChangeJoins): boolean {
  if (request.source && event.eventSource !== request.source) return false;
  if (request.node && !joins.joins.get(event.eventId)?.some((join) => join.node === request.node)) return false;
  if (request.window && !madeIn(event, request.window)) return false;
  const lane = request.lane ?? 'all';
  if (lane !== 'all' && (hiddenReason(event) ?? 'lane') !== lane) return false;
  if (needle === '') return true;
  for (const text of [event.eventName, event.user, changedResource(event), event.errorCode, event.eventId, event.userArn]) if (text !== undefined && text.toLowerCase().includes(needle)) return true;
  return false;
}

export function changeList(dataset: Dataset, request: ChangeListRequest, joins: ChangeJoins = NO_JOINS): ChangeListPage {
  const needle = (request.text ?? '').trim().toLowerCase();
  const counts = new Map<string, number>();
  const byNode = new Map<string, number>();
  const kept: ChangeEvent[] = [];
  for (const event of dataset.events) {
    counts.set(event.eventSource, (counts.get(event.eventSource) ?? 0) + 1);
    for (const join of joins.joins.get(event.eventId) ?? []) byNode.set(join.node, (byNode.get(join.node) ?? 0) + 1);
    if (matches(event, request, needle, joins)) kept.push(event);
  }
  const nameOf = (key: string): string => joins.nodes.get(key)?.name ?? key;
  const offset = Math.max(0, Math.floor(request.offset));
  const end = Math.min(kept.length, offset + Math.min(MAX_CHANGE_ROWS, Math.max(0, Math.floor(request.limit))));
  const rows: ChangeRow[] = [];
  for (let i = offset; i < end; i++) {
    const event = kept[i]!;
    rows.push({
      position: i,
      eventId: event.eventId,
      at: new Date(event.time).toISOString(),
      eventName: event.eventName,
      eventSource: event.eventSource,
      user: event.user,
      resource: changedResource(event),
      errorCode: event.errorCode,
      family: event.change?.family,
      hidden: hiddenReason(event),
      joined: (joins.joins.get(event.eventId) ?? []).map((join) => `${nameOf(join.node)} [${joins.nodes.get(join.node)?.type ?? ''}] (${join.by})`),
    });
  }
  const sources = [...counts].map(([source, count]) => ({ source, count })).sort((a, b) => b.count - a.count || (a.source < b.source ? -1 : 1));
  const found = request.find === undefined ? -1 : kept.findIndex((event) => event.eventId === request.find);
  const nodes = [...byNode].map(([key, count]) => ({ key, name: nameOf(key), type: joins.nodes.get(key)?.type ?? '', count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  return { total: kept.length, all: dataset.events.length, offset, rows, found: found >= 0 ? found : undefined, sources, nodes };
}

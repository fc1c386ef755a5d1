import type { ChangeEvent } from '../../model/change-event.ts';
import { withoutVersionSuffix } from '../../dataset/index.ts';

/**
 * The timeline's default change lane: the configuration changes (aws-reference.md §6) that
 * succeeded, as markers a person reads at a glance. Every other event is kept off the lane and
 * counted once, by the first reason that applies: read-only, failed (errorCode set), not a
 * configuration change. A burst — the same change (event source and name, without Lambda's
 * API-version suffix) on the same resource, each within BURST_GAP of the previous — is one marker,
 * so a deploy script that updates a function ten times draws one mark, not ten; every event stays
 * reachable from its marker by id.
 */
export interface LaneMarker {
  /** Epoch milliseconds of the first and last event of the burst. */
  readonly at: number;
  readonly last: number;
  /** The change's family (`lambda`, `apigateway`, `iam`…), which colours it. */
  readonly kind: string;
  readonly eventSource: string;
  /** Without the API-version suffix. */
  readonly eventName: string;
  /** What was changed: the first join value (function, API id, table…), or the record's first resource. */
  readonly resource: string | undefined;
  readonly count: number;
  /** Oldest first. */
  readonly eventIds: readonly string[];
}

export type HiddenReason = 'readOnly' | 'failed' | 'notConfig';

export interface ChangeLane {
  /** By time of their first event. */
  readonly markers: readonly LaneMarker[];
  readonly hidden: Readonly<Record<HiddenReason, number>>;
}

/** Milliseconds between two events of one burst. */
export const BURST_GAP = 5 * 60_000;

/** Why an event is kept off the default lane, or undefined when it is on it. */
export function hiddenReason(event: ChangeEvent): HiddenReason | undefined {
  if (event.readOnly === true) return 'readOnly';
  if (event.errorCode !== undefined && event.errorCode !== '') return 'failed';
  if (event.change === undefined) return 'notConfig';
  return undefined;
}

/** What a change event changed, for grouping and for people. */
export function changedResource(event: ChangeEvent): string | undefined {
  const joinKey = event.change?.joinKeys.find((key) => key.kind !== 'stageName');
  return joinKey?.value ?? event.resources[0]?.name ?? event.resources[0]?.arn;
}

/** The default lane of `events` (a dataset's: distinct, by time). */
export function changeLane(events: readonly ChangeEvent[]): ChangeLane {
  const hidden: Record<HiddenReason, number> = { readOnly: 0, failed: 0, notConfig: 0 };
  const open = new Map<string, { marker: LaneMarker & { last: number; count: number; eventIds: string[] } }>();
  const markers: (LaneMarker & { last: number; count: number; eventIds: string[] })[] = [];
  const sorted = [...events].sort((a, b) => a.time - b.time || (a.eventId < b.eventId ? -1 : 1));
  for (const event of sorted) {
    const reason = hiddenReason(event);
    if (reason !== undefined) {
      hidden[reason]++;
      continue;
    }
    const eventName = withoutVersionSuffix(event.eventName);
    const resource = changedResource(event);
    const group = `${event.eventSource}\u0000${eventName}\u0000${resource ?? ''}`;
    const current = open.get(group)?.marker;
    if (current !== undefined && event.time - current.last <= BURST_GAP) {
      current.last = event.time;
      current.count++;
      current.eventIds.push(event.eventId);
      continue;
    }
    const marker = { at: event.time, last: event.time, kind: event.change!.family, eventSource: event.eventSource, eventName, resource, count: 1, eventIds: [event.eventId] };
    markers.push(marker);
    open.set(group, { marker });
  }
  return { markers, hidden };
}

import type { ChangeEvent } from '../../model/change-event.ts';
import { isJsonObject, type JsonObject } from '../../base/json.ts';
import { changedResource } from './lane.ts';

/**
 * What a configuration change changed, as far as CloudTrail tells: each request parameter of the
 * event (the join keys — the function's name, the API's id… — left out) against the same field in
 * the last earlier event's response elements for the same resource and service (Lambda's
 * UpdateFunctionConfiguration answers with the whole configuration, so the next update has its
 * "before"). Where no earlier event carries the field, it is "unknown before": CloudTrail logs
 * what was asked, not the state it replaced.
 */
export interface ConfigDiffEntry {
  readonly field: string;
  /** undefined when unknown before. */
  readonly before: unknown;
  readonly after: unknown;
  readonly known: boolean;
}

export interface ConfigDiff {
  readonly resource: string | undefined;
  /** The earlier event the "before" values come from. */
  readonly previousEventId: string | undefined;
  /** Fields whose value is new or unknown before; unchanged fields are left out. */
  readonly entries: readonly ConfigDiffEntry[];
  /** Request fields that were set to the value they already had. */
  readonly unchanged: readonly string[];
}

function objectField(record: Readonly<Record<string, unknown>>, name: string): JsonObject | undefined {
  const value = record[name];
  return isJsonObject(value) ? value : undefined;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The diff of `event` against the events before it in `events` (a dataset's, by time). */
export function configDiff(event: ChangeEvent, events: readonly ChangeEvent[]): ConfigDiff {
  const resource = changedResource(event);
  const request = objectField(event.record, 'requestParameters') ?? {};
  const joinValues = new Set(event.change?.joinKeys.map((key) => key.value));
  let previous: { event: ChangeEvent; state: JsonObject } | undefined;
  for (const other of events) {
    if (other.time >= event.time || other.eventId === event.eventId) continue;
    if (other.eventSource !== event.eventSource || changedResource(other) !== resource || (other.errorCode ?? '') !== '') continue;
    const state = objectField(other.record, 'responseElements');
    if (state !== undefined && (previous === undefined || other.time >= previous.event.time)) previous = { event: other, state };
  }
  const entries: ConfigDiffEntry[] = [];
  const unchanged: string[] = [];
  for (const [field, after] of Object.entries(request)) {
    if (typeof after === 'string' && joinValues.has(after)) continue;
    const known = previous !== undefined && Object.hasOwn(previous.state, field);
    const before = known ? previous!.state[field] : undefined;
    if (known && same(before, after)) unchanged.push(field);
    else entries.push({ field, before, after, known });
  }
  return { resource, previousEventId: previous?.event.eventId, entries, unchanged };
}

/**
 * One LookupEvents `Events[]` item (aws-reference.md §5, Appendix D): `EventId`, `EventName`,
 * `ReadOnly` ("true"/"false"), `EventTime`, `Resources` and `CloudTrailEvent`, the full record as
 * a JSON string. The importer keeps the item as it came; these helpers read the record inside.
 */
import { isJsonObject, isNonEmptyString, type JsonObject, ownValue } from '../../base/json.ts';
import { parseJsonText, quote } from './json.ts';
import { parseCloudTrailTime, recordApi, recordTimeField } from './record.ts';

/** Cheap check: an object carrying `CloudTrailEvent`, or `EventId` with `EventName`. */
export function looksLikeLookupEvent(value: unknown): value is JsonObject {
  if (!isJsonObject(value)) return false;
  return Object.hasOwn(value, 'CloudTrailEvent') || (Object.hasOwn(value, 'EventId') && Object.hasOwn(value, 'EventName'));
}

export type LookupRecord =
  | { readonly ok: true; readonly record: JsonObject }
  /** `at` is `CloudTrailEvent` when the string is at fault, '' when the item itself is. */
  | { readonly ok: false; readonly at: '' | 'CloudTrailEvent'; readonly message: string };

/**
 * Each item's answer, so that `CloudTrailEvent` is parsed once per import and open, not once by the
 * importer, again to de-duplicate and again to lift the event (the record is kept by the event
 * anyway). Weak: an item that is dropped takes its record with it.
 */
const recordOfItem = new WeakMap<object, LookupRecord>();

/**
 * The CloudTrail record inside a lookup item, checked: `CloudTrailEvent` must be a JSON string of
 * an object with an eventID, and the event must have a name, a source and a readable time (from
 * the record, or from the item's own `EventName`, `EventSource`, `EventTime`). Items are never
 * changed after they are read, so the answer for one item is computed once.
 */
export function lookupEventRecord(item: unknown): LookupRecord {
  if (!isJsonObject(item)) return { ok: false, at: '', message: `lookup event is ${quote(item)}, not an object` };
  const known = recordOfItem.get(item);
  if (known !== undefined) return known;
  const checked = checkLookupEvent(item);
  recordOfItem.set(item, checked);
  return checked;
}

function checkLookupEvent(item: JsonObject): LookupRecord {
  const text = ownValue(item, 'CloudTrailEvent');
  if (text === undefined || text === null) return { ok: false, at: '', message: 'lookup event without CloudTrailEvent' };
  if (typeof text !== 'string') {
    return { ok: false, at: 'CloudTrailEvent', message: `CloudTrailEvent is ${quote(text)}; expected the JSON string LookupEvents returns` };
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { ok: false, at: 'CloudTrailEvent', message: `CloudTrailEvent is not valid JSON: ${parsed.message}` };
  const record = parsed.value;
  if (!isJsonObject(record)) return { ok: false, at: 'CloudTrailEvent', message: `CloudTrailEvent holds ${quote(record)}, not a JSON object` };
  if (typeof ownValue(record, 'eventID') !== 'string' || ownValue(record, 'eventID') === '') {
    return { ok: false, at: 'CloudTrailEvent', message: 'CloudTrailEvent without eventID' };
  }
  const api = recordApi(record);
  if (api.eventName === undefined && !isNonEmptyString(ownValue(item, 'EventName'))) return { ok: false, at: 'CloudTrailEvent', message: 'lookup event without eventName' };
  if (api.eventSource === undefined && !isNonEmptyString(ownValue(item, 'EventSource'))) return { ok: false, at: 'CloudTrailEvent', message: 'lookup event without eventSource' };
  const time = lookupEventTime(item, record);
  if (time === undefined) return { ok: false, at: 'CloudTrailEvent', message: `lookup event with no readable time (eventTime ${quote(recordTimeField(record))}, EventTime ${quote(ownValue(item, 'EventTime'))})` };
  return { ok: true, record };
}

/** Epoch ms: the record's eventTime, else the item's EventTime (epoch seconds from the SDK, ISO text from the CLI). */
export function lookupEventTime(item: JsonObject, record: JsonObject): number | undefined {
  return parseCloudTrailTime(recordTimeField(record)) ?? parseCloudTrailTime(ownValue(item, 'EventTime'));
}

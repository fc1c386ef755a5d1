/**
 * What counts as a CloudTrail record (aws-reference.md §5), for the parsers that take records in
 * and for the analysis that lifts them into ChangeEvents. One place decides, so a record the
 * importer keeps is always one the analysis can read.
 */
import { isDateMillis } from '../../base/epoch-time.ts';
import { isJsonObject, type JsonObject, ownObject, ownString, ownValue } from '../../base/json.ts';
import { quote } from './json.ts';

/**
 * ISO-8601 as CloudTrail and the CLI write it, plus the variants met in real exports: a space
 * instead of `T`, any number of fraction digits, no zone (read as UTC: CloudTrail times are UTC).
 */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/** Numbers at or above this are epoch milliseconds; below, epoch seconds (the wire format). */
const EPOCH_MS_THRESHOLD = 1e11;

/**
 * Epoch milliseconds of a CloudTrail time: an ISO-8601 string (`eventTime`, the CLI's `EventTime`)
 * or an epoch-seconds number (the SDK's `EventTime` on the wire). Undefined when it is not one,
 * and when no date can hold it (`EventTime: 1e20`). Strict on purpose: `Date.parse` reads
 * zone-less text as local time and accepts nonsense.
 */
export function parseCloudTrailTime(value: unknown): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    const ms = value >= EPOCH_MS_THRESHOLD ? value : value * 1000;
    return isDateMillis(ms) ? ms : undefined;
  }
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const match = ISO_TIME.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(match[i]));
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const millis = match[7] === undefined ? 0 : Number(match[7].slice(0, 3).padEnd(3, '0'));
  if (year === undefined || month === undefined || day === undefined || hour === undefined || minute === undefined) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) return undefined;
  const offset = zoneOffsetMinutes(match[8]);
  if (offset === undefined) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

/**
 * The time field of a record: `eventTime`, or `@timestamp` where Logstash moved it there (the
 * OTRF Security-Datasets JSON lines carry `@timestamp` and no `eventTime`).
 */
export function recordTimeField(record: JsonObject): unknown {
  const eventTime = ownValue(record, 'eventTime');
  return eventTime === undefined || eventTime === null ? ownValue(record, '@timestamp') : eventTime;
}

/** Epoch milliseconds of a record's time, when it has a readable one. */
export function recordTime(record: JsonObject): number | undefined {
  return parseCloudTrailTime(recordTimeField(record));
}

/** An Insights event: no top-level eventName/eventSource; the API it is about is in `insightDetails`. */
export function isInsightRecord(record: JsonObject): boolean {
  return ownValue(record, 'eventType') === 'AwsCloudTrailInsight' && isJsonObject(ownValue(record, 'insightDetails'));
}

/** The API a record is about: its own eventSource/eventName, or for an Insights event the ones in insightDetails. */
export function recordApi(record: JsonObject): { readonly eventSource?: string; readonly eventName?: string } {
  const details = isInsightRecord(record) ? ownObject(record, 'insightDetails') : undefined;
  const from = details ?? record;
  const eventSource = ownString(from, 'eventSource');
  const eventName = ownString(from, 'eventName');
  return { ...(eventSource === undefined ? {} : { eventSource }), ...(eventName === undefined ? {} : { eventName }) };
}

/**
 * Cheap structural check: an object with `eventVersion` or `eventID` and at least one more
 * CloudTrail field. Lambda event-source records (`eventSource: "aws:s3"`, `"aws:dynamodb"`…) share
 * some names but are not CloudTrail, so they are left out.
 */
export function looksLikeCloudTrailRecord(value: unknown): value is JsonObject {
  if (!isJsonObject(value)) return false;
  const eventSource = ownValue(value, 'eventSource');
  if (typeof eventSource === 'string' && eventSource.startsWith('aws:')) return false;
  if (!Object.hasOwn(value, 'eventVersion') && !Object.hasOwn(value, 'eventID')) return false;
  return ['eventName', 'eventTime', 'userIdentity', 'eventType', 'eventSource'].some((key) => Object.hasOwn(value, key));
}

/**
 * Why a value cannot be kept as a CloudTrail record, or undefined when it can: an object with a
 * string eventID, eventName and eventSource (in insightDetails for an Insights event) and a
 * readable eventTime.
 */
export function recordProblem(value: unknown): string | undefined {
  if (!isJsonObject(value)) return `record is ${quote(value)}, not an object`;
  if (ownString(value, 'eventID') === undefined) return 'record without eventID';
  const api = recordApi(value);
  const where = isInsightRecord(value) ? 'Insights event without insightDetails.' : 'record without ';
  if (api.eventName === undefined) return `${where}eventName`;
  if (api.eventSource === undefined) return `${where}eventSource`;
  const time = recordTimeField(value);
  if (time === undefined || time === null) return 'record without eventTime';
  if (parseCloudTrailTime(time) === undefined) return `record with an unreadable eventTime ${quote(time)}`;
  return undefined;
}

/** EventBridge detail-types that carry a CloudTrail record: "AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail"… */
export function isCloudTrailDetailType(value: unknown): boolean {
  return typeof value === 'string' && /^AWS .+ via CloudTrail$/.test(value);
}

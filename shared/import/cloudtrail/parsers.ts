/**
 * CloudTrail input formats (aws-reference.md §5, product.md "Imports"). Each parser keeps the
 * documents as they came, checks each one, and reports a bad one with its path and skips it.
 * JSON lines reach these parsers one value at a time (the dispatcher splits lines), so the
 * single-record and single-envelope parsers cover JSON lines too.
 */
import type { ImportSink, FormatParser } from '../format/types.ts';
import { isJsonObject, joinPath, ownString, ownValue, problemAt } from '../../base/json.ts';
import { parseJsonText, quote } from './json.ts';
import { lookupEventRecord, looksLikeLookupEvent } from './lookup-event.ts';
import { isCloudTrailDetailType, looksLikeCloudTrailRecord, recordProblem } from './record.ts';

/** How many leading items `matches` looks at; `parse` checks them all. */
const SAMPLE = 16;

function someOfFirst(items: readonly unknown[], test: (item: unknown) => boolean): boolean {
  const end = Math.min(items.length, SAMPLE);
  for (let i = 0; i < end; i++) if (test(items[i])) return true;
  return false;
}

/** True when the object has no keys other than the allowed ones. */
function onlyKeys(value: object, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

function emitRecord(record: unknown, sink: ImportSink, at: string): void {
  const problem = recordProblem(record);
  if (problem === undefined) sink.add('cloudtrail.record', record, at);
  else sink.problem(problemAt(at), problem);
}

function emitRecords(records: readonly unknown[], sink: ImportSink, at: string): void {
  for (let i = 0; i < records.length; i++) emitRecord(records[i], sink, joinPath(at, `[${i}]`));
}

function emitLookupEvent(item: unknown, sink: ImportSink, at: string): void {
  const checked = lookupEventRecord(item);
  if (checked.ok) sink.add('cloudtrail.lookupEvent', item, at);
  else sink.problem(problemAt(checked.at === '' ? at : joinPath(at, checked.at)), checked.message);
}

/** LookupEvents output: the SDK response, `aws cloudtrail lookup-events` JSON, its `Events` array alone, or one item. */
export const lookupEventsParser: FormatParser = {
  format: 'cloudtrail.lookupEvents',
  label: 'CloudTrail LookupEvents output (aws cloudtrail lookup-events)',
  matches(value: unknown): boolean {
    if (Array.isArray(value)) return someOfFirst(value, looksLikeLookupEvent);
    if (!isJsonObject(value)) return false;
    const events = ownValue(value, 'Events');
    if (Array.isArray(events)) return events.length === 0 ? onlyKeys(value, ['Events', 'NextToken']) : someOfFirst(events, looksLikeLookupEvent);
    return looksLikeLookupEvent(value);
  },
  parse(value: unknown, sink: ImportSink, at: string): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) emitLookupEvent(value[i], sink, joinPath(at, `[${i}]`));
      return;
    }
    const events = isJsonObject(value) ? ownValue(value, 'Events') : undefined;
    if (events === undefined) return emitLookupEvent(value, sink, at);
    const eventsAt = joinPath(at, 'Events');
    if (!Array.isArray(events)) return sink.problem(eventsAt, `Events is ${quote(events)}, not an array`);
    for (let i = 0; i < events.length; i++) emitLookupEvent(events[i], sink, joinPath(eventsAt, `[${i}]`));
  },
};

/** A trail's S3 log file, `{"Records":[…]}` (the dispatcher has already gunzipped a .json.gz). */
export const logFileParser: FormatParser = {
  format: 'cloudtrail.logFile',
  label: 'CloudTrail log file ({"Records":[…]})',
  matches(value: unknown): boolean {
    if (!isJsonObject(value)) return false;
    const records = ownValue(value, 'Records');
    if (!Array.isArray(records)) return false;
    return records.length === 0 ? onlyKeys(value, ['Records']) : someOfFirst(records, looksLikeCloudTrailRecord);
  },
  parse(value: unknown, sink: ImportSink, at: string): void {
    const records = isJsonObject(value) ? ownValue(value, 'Records') : undefined;
    const recordsAt = joinPath(at, 'Records');
    if (!Array.isArray(records)) return sink.problem(problemAt(at), 'expected a CloudTrail log file {"Records":[…]}');
    emitRecords(records, sink, recordsAt);
  },
};

/** A JSON array of records (how Stratus Red Team and many tools save them). */
export const recordArrayParser: FormatParser = {
  format: 'cloudtrail.records',
  label: 'JSON array of CloudTrail records',
  matches(value: unknown): boolean {
    return Array.isArray(value) && someOfFirst(value, looksLikeCloudTrailRecord);
  },
  parse(value: unknown, sink: ImportSink, at: string): void {
    if (!Array.isArray(value)) return sink.problem(problemAt(at), 'expected a JSON array of CloudTrail records');
    emitRecords(value, sink, at);
  },
};

/** One bare record; also each line of JSON lines (extra fields such as Logstash's `@timestamp` are kept). */
export const singleRecordParser: FormatParser = {
  format: 'cloudtrail.record',
  label: 'CloudTrail record',
  matches: looksLikeCloudTrailRecord,
  parse(value: unknown, sink: ImportSink, at: string): void {
    emitRecord(value, sink, at);
  },
};

/** An EventBridge envelope whose detail is a CloudTrail record ("AWS API Call via CloudTrail" and its siblings). */
export const eventBridgeParser: FormatParser = {
  format: 'cloudtrail.eventBridge',
  label: 'EventBridge "AWS API Call via CloudTrail" event',
  matches(value: unknown): boolean {
    return isJsonObject(value) && isCloudTrailDetailType(ownValue(value, 'detail-type'));
  },
  parse(value: unknown, sink: ImportSink, at: string): void {
    const detail = isJsonObject(value) ? ownValue(value, 'detail') : undefined;
    if (detail === undefined) return sink.problem(problemAt(at), 'EventBridge envelope without detail');
    const problem = recordProblem(detail);
    if (problem === undefined) sink.add('cloudtrail.eventBridge', value, at);
    else sink.problem(joinPath(at, 'detail'), problem);
  },
};

function messageIsRecord(logEvent: unknown): boolean {
  const message = isJsonObject(logEvent) ? ownValue(logEvent, 'message') : undefined;
  if (typeof message !== 'string') return false;
  const parsed = parseJsonText(message);
  return parsed.ok && looksLikeCloudTrailRecord(parsed.value);
}

/**
 * What a CloudWatch Logs subscription delivers for a trail that sends to CloudWatch Logs:
 * `{"messageType":"DATA_MESSAGE","logGroup":…,"logEvents":[{"message":"<record as JSON>"}]}`.
 */
export const cloudWatchSubscriptionParser: FormatParser = {
  format: 'cloudwatchLogs.subscription',
  label: 'CloudWatch Logs subscription data of a CloudTrail log group',
  matches(value: unknown): boolean {
    if (!isJsonObject(value) || ownValue(value, 'messageType') !== 'DATA_MESSAGE') return false;
    const logEvents = ownValue(value, 'logEvents');
    if (!Array.isArray(logEvents)) return false;
    return someOfFirst(logEvents, messageIsRecord) || /cloudtrail/i.test(ownString(value, 'logGroup') ?? '');
  },
  parse(value: unknown, sink: ImportSink, at: string): void {
    const logEvents = isJsonObject(value) ? ownValue(value, 'logEvents') : undefined;
    const eventsAt = joinPath(at, 'logEvents');
    if (!Array.isArray(logEvents)) return sink.problem(problemAt(at), 'expected a CloudWatch Logs subscription message with logEvents');
    for (let i = 0; i < logEvents.length; i++) {
      const messageAt = joinPath(eventsAt, `[${i}].message`);
      const logEvent: unknown = logEvents[i];
      const message = isJsonObject(logEvent) ? ownValue(logEvent, 'message') : undefined;
      if (typeof message !== 'string') {
        sink.problem(messageAt, 'log event without a message string');
        continue;
      }
      const parsed = parseJsonText(message);
      if (!parsed.ok) sink.problem(messageAt, `message is not JSON: ${parsed.message}`);
      else emitRecord(parsed.value, sink, messageAt);
    }
  },
};

/** In the order the dispatcher should ask them (each shape is claimed by exactly one). */
export const CLOUDTRAIL_PARSERS: readonly FormatParser[] = [
  lookupEventsParser,
  logFileParser,
  recordArrayParser,
  eventBridgeParser,
  cloudWatchSubscriptionParser,
  singleRecordParser,
];

/**
 * Lifts the three raw CloudTrail kinds of a snapshot into the ChangeEvent model
 * (shared/model/change-event.ts): a bare record, a LookupEvents item (its CloudTrailEvent is the
 * record, as a JSON string) and an EventBridge envelope (its `detail` is the record). The checks
 * are the importer's own (shared/import/cloudtrail), so whatever the importer kept can be read
 * here; a snapshot from elsewhere is untrusted, so they run again and a bad document becomes a
 * string saying why.
 */
import type { ChangeEvent, ChangeEventResource, RawKind } from '../../model/index.ts';
import { isJsonObject, type JsonObject, nonEmptyString, ownObject, ownString, ownValue } from '../../base/json.ts';
import { lookupEventRecord, lookupEventTime } from '../../import/cloudtrail/lookup-event.ts';
import { parseCloudTrailTime, recordApi, recordProblem, recordTime } from '../../import/cloudtrail/record.ts';
import { classifyChange } from './config-changes.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Values a wrapper supplies where the record itself is silent. */
interface Fallbacks {
  readonly eventId?: unknown;
  readonly eventName?: unknown;
  readonly eventSource?: unknown;
  readonly time?: number | undefined;
  readonly readOnly?: boolean | undefined;
  readonly region?: unknown;
  readonly accountId?: unknown;
  readonly user?: unknown;
  readonly resources?: readonly ChangeEventResource[];
}

/** The ChangeEvent of one raw CloudTrail document, or why it cannot be read. */
export function toChangeEvent(kind: RawKind, doc: unknown): ChangeEvent | string {
  switch (kind) {
    case 'cloudtrail.record': {
      const problem = recordProblem(doc);
      return problem ?? lift(doc as JsonObject, {});
    }
    case 'cloudtrail.lookupEvent':
      return fromLookupEvent(doc);
    case 'cloudtrail.eventBridge': {
      if (!isJsonObject(doc)) return 'EventBridge event is not an object';
      const detail = ownValue(doc, 'detail');
      const problem = recordProblem(detail);
      if (problem !== undefined) return `EventBridge detail: ${problem}`;
      return lift(detail as JsonObject, {
        region: ownValue(doc, 'region'),
        accountId: ownValue(doc, 'account'),
        time: parseCloudTrailTime(ownValue(doc, 'time')),
      });
    }
    default:
      return `a ${kind} document is not a CloudTrail event`;
  }
}

function fromLookupEvent(doc: unknown): ChangeEvent | string {
  if (!isJsonObject(doc)) return 'lookup event is not an object';
  // Stored as LookupEvents returned it (a JSON string); a snapshot may also hold it parsed.
  const inner = ownValue(doc, 'CloudTrailEvent');
  let record: JsonObject;
  if (isJsonObject(inner)) {
    if (ownString(inner, 'eventID') === undefined) return 'CloudTrailEvent without eventID';
    record = inner;
  } else {
    const checked = lookupEventRecord(doc);
    if (!checked.ok) return checked.message;
    record = checked.record;
  }
  return lift(record, {
    eventId: ownValue(doc, 'EventId'),
    eventName: ownValue(doc, 'EventName'),
    eventSource: ownValue(doc, 'EventSource'),
    time: lookupEventTime(doc, record),
    readOnly: booleanOf(ownValue(doc, 'ReadOnly')),
    user: ownValue(doc, 'Username'),
    resources: lookupResources(ownValue(doc, 'Resources')),
  });
}

function lift(record: JsonObject, fallbacks: Fallbacks): ChangeEvent | string {
  const api = recordApi(record);
  const eventId = ownString(record, 'eventID') ?? nonEmptyString(fallbacks.eventId);
  const eventName = api.eventName ?? nonEmptyString(fallbacks.eventName);
  const eventSource = api.eventSource ?? nonEmptyString(fallbacks.eventSource);
  const time = recordTime(record) ?? fallbacks.time;
  if (eventId === undefined) return 'record without eventID';
  if (eventName === undefined) return 'record without eventName';
  if (eventSource === undefined) return 'record without eventSource';
  if (time === undefined) return 'record without a readable eventTime';

  const identity = ownObject(record, 'userIdentity');
  const event: Mutable<ChangeEvent> = {
    eventId,
    eventName,
    eventSource,
    time,
    readOnly: fallbacks.readOnly ?? booleanOf(ownValue(record, 'readOnly')),
    resources: mergeResources(fallbacks.resources ?? [], recordResources(ownValue(record, 'resources'))),
    record,
  };
  const optional: Partial<Mutable<ChangeEvent>> = {
    errorCode: ownString(record, 'errorCode'),
    errorMessage: ownString(record, 'errorMessage'),
    region: ownString(record, 'awsRegion') ?? nonEmptyString(fallbacks.region),
    accountId: ownString(record, 'recipientAccountId') ?? (identity && ownString(identity, 'accountId')) ?? nonEmptyString(fallbacks.accountId),
    user: userOf(identity) ?? nonEmptyString(fallbacks.user),
    userArn: identity && ownString(identity, 'arn'),
    sourceIp: ownString(record, 'sourceIPAddress'),
    userAgent: ownString(record, 'userAgent'),
    eventType: ownString(record, 'eventType'),
    change: classifyChange(record),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(event, { [key]: value });
  }
  return event;
}

/**
 * Who made the call: `userName` (IAM users); for an assumed role `Role/session` from the arn
 * (`arn:aws:sts::…:assumed-role/DeployRole/jane`), else the session issuer's userName; the name in
 * a `user/…` or `federated-user/…` arn (Identity Center users carry no userName); `root`; then
 * `principalId`, `userId`, and last the service that invoked it (`invokedBy`).
 */
export function userOf(identity: JsonObject | undefined): string | undefined {
  if (identity === undefined) return undefined;
  const userName = ownString(identity, 'userName');
  if (userName !== undefined) return userName;
  const arn = ownString(identity, 'arn') ?? '';
  const session = /:assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  if (session) return `${session[1]}/${session[2]}`;
  const sessionContext = ownObject(identity, 'sessionContext');
  const issuer = sessionContext && ownObject(sessionContext, 'sessionIssuer');
  const issuerName = issuer && ownString(issuer, 'userName');
  if (issuerName !== undefined) return issuerName;
  const named = /:(?:federated-user|user)\/(?:[^/]*\/)*([^/]+)$/.exec(arn);
  if (named) return named[1];
  if (ownValue(identity, 'type') === 'Root') return 'root';
  return ownString(identity, 'principalId') ?? ownString(identity, 'userId') ?? ownString(identity, 'invokedBy');
}

/** `true`/`false`, or LookupEvents' `"true"`/`"false"` strings. */
function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** A record's `resources[{ARN, accountId, type}]`. */
function recordResources(value: unknown): ChangeEventResource[] {
  if (!Array.isArray(value)) return [];
  const resources: ChangeEventResource[] = [];
  for (const item of value as readonly unknown[]) {
    if (!isJsonObject(item)) continue;
    const type = ownString(item, 'type');
    const arn = ownString(item, 'ARN');
    if (type === undefined && arn === undefined) continue;
    resources.push({ ...(type === undefined ? {} : { type }), ...(arn === undefined ? {} : { arn }) });
  }
  return resources;
}

/** LookupEvents' `Resources[{ResourceType, ResourceName}]`; a name that is an ARN is also the arn. */
function lookupResources(value: unknown): ChangeEventResource[] {
  if (!Array.isArray(value)) return [];
  const resources: ChangeEventResource[] = [];
  for (const item of value as readonly unknown[]) {
    if (!isJsonObject(item)) continue;
    const type = ownString(item, 'ResourceType');
    const name = ownString(item, 'ResourceName');
    if (type === undefined && name === undefined) continue;
    const arn = name?.startsWith('arn:') ? name : undefined;
    resources.push({ ...(type === undefined ? {} : { type }), ...(name === undefined ? {} : { name }), ...(arn === undefined ? {} : { arn }) });
  }
  return resources;
}

function mergeResources(first: readonly ChangeEventResource[], second: readonly ChangeEventResource[]): readonly ChangeEventResource[] {
  if (first.length === 0) return second;
  const seen = new Set(first.map(resourceKey));
  return [...first, ...second.filter((resource) => !seen.has(resourceKey(resource)))];
}

function resourceKey(resource: ChangeEventResource): string {
  return `${resource.type ?? ''}\u0000${resource.name ?? ''}\u0000${resource.arn ?? ''}`;
}

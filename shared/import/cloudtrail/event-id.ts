import type { RawKind } from '../../model/index.ts';
import { isJsonObject, ownObject, ownString, ownValue } from '../../base/json.ts';
import { parseJsonText } from './json.ts';

/** The eventID used to count one event once, whether it came from LookupEvents, an S3 file or EventBridge. */
export function cloudTrailEventId(kind: RawKind, doc: unknown): string | undefined {
  if (!isJsonObject(doc)) return undefined;
  switch (kind) {
    case 'cloudtrail.record':
      return ownString(doc, 'eventID');
    case 'cloudtrail.eventBridge': {
      const detail = ownObject(doc, 'detail');
      return detail && ownString(detail, 'eventID');
    }
    case 'cloudtrail.lookupEvent': {
      const inner = ownValue(doc, 'CloudTrailEvent');
      const parsed = typeof inner === 'string' ? parseJsonText(inner) : { ok: true as const, value: inner };
      const record = parsed.ok && isJsonObject(parsed.value) ? parsed.value : undefined;
      return (record && ownString(record, 'eventID')) ?? ownString(doc, 'EventId');
    }
    default:
      return undefined;
  }
}

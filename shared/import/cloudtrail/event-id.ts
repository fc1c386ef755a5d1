import type { RawKind } from '../../model/index.ts';
import { isJsonObject, own, ownObject, ownString } from './json.ts';
import { lookupEventRecord } from './lookup-event.ts';

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
      // Stored as LookupEvents returned it (a JSON string, parsed once: see lookupEventRecord); a snapshot may also hold it parsed.
      const inner = own(doc, 'CloudTrailEvent');
      const checked = typeof inner === 'string' ? lookupEventRecord(doc) : undefined;
      const record = checked === undefined ? (isJsonObject(inner) ? inner : undefined) : checked.ok ? checked.record : undefined;
      return (record && ownString(record, 'eventID')) ?? ownString(doc, 'EventId');
    }
    default:
      return undefined;
  }
}

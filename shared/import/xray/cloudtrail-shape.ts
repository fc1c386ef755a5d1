import { isJsonObject, ownValue } from '../../base/json.ts';

/**
 * True for the shapes the CloudTrail parsers own: S3 log files `{Records:[…]}`, LookupEvents
 * output `{Events:[…]}`, and bare records (they carry `eventVersion` / `eventID`). No X-Ray parser
 * claims a value that looks like one of these. (JSON guards and paths: shared/base/json.ts.)
 */
export function isCloudTrailShape(value: unknown): boolean {
  if (!isJsonObject(value)) return false;
  return (
    Array.isArray(ownValue(value, 'Records')) ||
    Array.isArray(ownValue(value, 'Events')) ||
    Object.hasOwn(value, 'eventVersion') ||
    Object.hasOwn(value, 'eventID')
  );
}

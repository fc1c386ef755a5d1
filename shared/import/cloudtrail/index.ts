/**
 * CloudTrail import: the formats we read (LookupEvents output, S3 log files, record arrays, bare
 * records and JSON lines, EventBridge envelopes, CloudWatch Logs subscription data) and the
 * look-alikes we refuse with a reason (digest files, GuardDuty / Security Hub findings, delivery
 * notices, Lambda event payloads).
 */
import type { FormatParser, KnownUnsupported } from '../format/types.ts';
import { CLOUDTRAIL_PARSERS } from './parsers.ts';
import { CLOUDTRAIL_REFUSALS } from './refusals.ts';

export const cloudTrailParsers: readonly FormatParser[] = CLOUDTRAIL_PARSERS;
export const cloudTrailRefusals: readonly KnownUnsupported[] = CLOUDTRAIL_REFUSALS;

export { lookupEventRecord, lookupEventTime, looksLikeLookupEvent } from './lookup-event.ts';
export {
  isCloudTrailDetailType,
  isInsightRecord,
  looksLikeCloudTrailRecord,
  parseCloudTrailTime,
  recordApi,
  recordProblem,
  recordTime,
} from './record.ts';

/**
 * Files that sit next to CloudTrail data and are easily mistaken for it. They are refused with a
 * message that says what the file is and what to give instead (the dispatcher prints
 * `this is <label>: <reason>`).
 */
import type { KnownUnsupported } from '../format/types.ts';
import { isJsonObject, type JsonObject, ownObject, ownString, ownValue } from '../../base/json.ts';

function envelopeFrom(value: unknown, source: string, detailType: RegExp): boolean {
  if (!isJsonObject(value)) return false;
  const detailTypeValue = ownString(value, 'detail-type');
  return ownString(value, 'source') === source || (detailTypeValue !== undefined && detailType.test(detailTypeValue));
}

/** The first item of `Findings` (GetFindings output of GuardDuty or Security Hub), if any. */
function firstFinding(value: unknown): JsonObject | undefined {
  if (!isJsonObject(value)) return undefined;
  const findings = ownValue(value, 'Findings');
  if (Array.isArray(findings)) {
    const first: unknown = findings[0];
    return isJsonObject(first) ? first : undefined;
  }
  return value;
}

function isGuardDutyFinding(finding: JsonObject | undefined): boolean {
  if (finding === undefined) return false;
  const service = ownObject(finding, 'Service') ?? ownObject(finding, 'service');
  const name = service === undefined ? undefined : (ownString(service, 'ServiceName') ?? ownString(service, 'serviceName'));
  return name === 'guardduty';
}

function isSecurityHubFinding(finding: JsonObject | undefined): boolean {
  if (finding === undefined) return false;
  return ownString(finding, 'SchemaVersion') !== undefined && ownString(finding, 'ProductArn') !== undefined;
}

const CLOUDTRAIL_INSTEAD =
  'import the CloudTrail events of the same time window instead (aws cloudtrail lookup-events output, or the trail\'s log files from S3).';

export const cloudTrailDigestRefusal: KnownUnsupported = {
  label: 'a CloudTrail digest file',
  reason:
    'digest files (log file integrity validation, stored under CloudTrail-Digest/ in the bucket) hold hashes and signatures of ' +
    'log files, not events. Import the log files themselves (AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz) ' +
    'or aws cloudtrail lookup-events output.',
  matches(value: unknown): boolean {
    return isJsonObject(value) && Object.hasOwn(value, 'digestStartTime') && (Object.hasOwn(value, 'logFiles') || Object.hasOwn(value, 'digestSignatureAlgorithm'));
  },
};

export const guardDutyRefusal: KnownUnsupported = {
  label: 'a GuardDuty finding',
  reason: `a finding is GuardDuty's conclusion about activity, not a record of the API calls themselves. To see those calls, ${CLOUDTRAIL_INSTEAD}`,
  matches(value: unknown): boolean {
    return envelopeFrom(value, 'aws.guardduty', /^GuardDuty /) || isGuardDutyFinding(firstFinding(value));
  },
};

export const securityHubRefusal: KnownUnsupported = {
  label: 'a Security Hub finding',
  reason: `findings (ASFF) summarise checks and alerts; they are not CloudTrail events. To see the API calls behind them, ${CLOUDTRAIL_INSTEAD}`,
  matches(value: unknown): boolean {
    return envelopeFrom(value, 'aws.securityhub', /^Security Hub /) || (!isGuardDutyFinding(firstFinding(value)) && isSecurityHubFinding(firstFinding(value)));
  },
};

function isDeliveryNotice(value: unknown): boolean {
  return isJsonObject(value) && ownString(value, 's3Bucket') !== undefined && Array.isArray(ownValue(value, 's3ObjectKey'));
}

export const deliveryNoticeRefusal: KnownUnsupported = {
  label: "CloudTrail's notice of a log file delivery (SNS/SQS message)",
  reason:
    'it only names the log files CloudTrail wrote to S3 (s3Bucket, s3ObjectKey); it holds no events. ' +
    'Download the .json.gz files it lists and import those.',
  matches(value: unknown): boolean {
    if (isDeliveryNotice(value)) return true;
    if (!isJsonObject(value) || ownValue(value, 'Type') !== 'Notification') return false;
    const message = ownString(value, 'Message');
    return message !== undefined && message.includes('"s3ObjectKey"') && message.includes('"s3Bucket"');
  },
};

/** Lambda event payloads (`Records` with `eventSource: "aws:s3"`, `"aws:sqs"`, `"aws:sns"`, `"aws:dynamodb"`…). */
export const eventSourceRecordsRefusal: KnownUnsupported = {
  label: 'an AWS event notification (Records delivered by S3, SQS, SNS, DynamoDB or Kinesis)',
  reason:
    'these records describe objects, messages or stream changes, not API calls recorded by CloudTrail. If it announces a ' +
    'CloudTrail log file in S3, download the object it names (…/CloudTrail/…/*.json.gz) and import that.',
  matches(value: unknown): boolean {
    if (!isJsonObject(value)) return false;
    const records = ownValue(value, 'Records');
    if (!Array.isArray(records)) return false;
    const first: unknown = records[0];
    if (!isJsonObject(first)) return false;
    const source = ownString(first, 'eventSource') ?? ownString(first, 'EventSource');
    return source !== undefined && source.startsWith('aws:');
  },
};

export const CLOUDTRAIL_REFUSALS: readonly KnownUnsupported[] = [
  cloudTrailDigestRefusal,
  guardDutyRefusal,
  securityHubRefusal,
  deliveryNoticeRefusal,
  eventSourceRecordsRefusal,
];

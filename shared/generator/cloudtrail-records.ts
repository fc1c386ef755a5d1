import type { Random } from './random.ts';
import type { LookupEventItem } from './types.ts';

/**
 * CloudTrail management-event records (aws-reference.md §5, Appendix D) and the LookupEvents item
 * that wraps each one: the record travels as a JSON string in `CloudTrailEvent`.
 */

export interface Identity {
  /** The LookupEvents `Username`: the session name of a role, the IAM user's name. */
  readonly username: string;
  readonly accessKeyId: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly userIdentity: Readonly<Record<string, unknown>>;
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function assumedRoleIdentity(random: Random, accountId: string, roleName: string, sessionName: string, sourceIp: string, userAgent: string, sessionStart: number): Identity {
  const roleId = `AROA${random.chars(17, UPPER_ALNUM)}`;
  const accessKeyId = `ASIA${random.chars(16, UPPER_ALNUM)}`;
  return {
    username: sessionName,
    accessKeyId,
    sourceIp,
    userAgent,
    userIdentity: {
      type: 'AssumedRole',
      principalId: `${roleId}:${sessionName}`,
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      accountId,
      accessKeyId,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: roleId, arn: `arn:aws:iam::${accountId}:role/${roleName}`, accountId, userName: roleName },
        attributes: { creationDate: isoSeconds(sessionStart), mfaAuthenticated: 'false' },
      },
    },
  };
}

export function iamUserIdentity(random: Random, accountId: string, userName: string, sourceIp: string, userAgent: string): Identity {
  const accessKeyId = `AKIA${random.chars(16, UPPER_ALNUM)}`;
  return {
    username: userName,
    accessKeyId,
    sourceIp,
    userAgent,
    userIdentity: { type: 'IAMUser', principalId: `AIDA${random.chars(17, UPPER_ALNUM)}`, arn: `arn:aws:iam::${accountId}:user/${userName}`, accountId, accessKeyId, userName },
  };
}

/** `2024-05-24T14:15:03Z`: CloudTrail's eventTime has no fraction. */
export function isoSeconds(epochSeconds: number): string {
  return new Date(Math.floor(epochSeconds) * 1000).toISOString().replace('.000Z', 'Z');
}

export interface ApiCall {
  readonly time: number;
  readonly identity: Identity;
  readonly eventSource: string;
  readonly eventName: string;
  readonly region: string;
  readonly readOnly: boolean;
  readonly requestParameters: unknown;
  readonly responseElements?: unknown;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  /** LookupEvents `Resources`. */
  readonly resources?: readonly { readonly ResourceType?: string; readonly ResourceName?: string }[];
  readonly apiVersion?: string;
}

export function lookupEventItem(random: Random, accountId: string, call: ApiCall): LookupEventItem {
  const eventId = random.uuid();
  const host = call.eventSource === 'iam.amazonaws.com' ? 'iam.amazonaws.com' : `${call.eventSource.replace('.amazonaws.com', '')}.${call.region}.amazonaws.com`;
  const record: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity: call.identity.userIdentity,
    eventTime: isoSeconds(call.time),
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: call.region,
    sourceIPAddress: call.identity.sourceIp,
    userAgent: call.identity.userAgent,
  };
  if (call.errorCode !== undefined) {
    record.errorCode = call.errorCode;
    record.errorMessage = call.errorMessage ?? '';
  }
  record.requestParameters = call.requestParameters;
  record.responseElements = call.errorCode !== undefined ? null : (call.responseElements ?? null);
  record.requestID = random.uuid();
  record.eventID = eventId;
  record.readOnly = call.readOnly;
  if (call.apiVersion !== undefined) record.apiVersion = call.apiVersion;
  record.eventType = 'AwsApiCall';
  record.managementEvent = true;
  record.recipientAccountId = accountId;
  record.eventCategory = 'Management';
  record.tlsDetails = { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: host };
  return {
    EventId: eventId,
    EventName: call.eventName,
    ReadOnly: call.readOnly ? 'true' : 'false',
    AccessKeyId: call.identity.accessKeyId,
    EventTime: Math.floor(call.time),
    EventSource: call.eventSource,
    Username: call.identity.username,
    Resources: call.resources ?? [],
    CloudTrailEvent: JSON.stringify(record),
  };
}

export interface FunctionConfiguration {
  readonly functionName: string;
  readonly functionArn: string;
  readonly roleArn: string;
  readonly memorySize: number;
  readonly timeout: number;
  readonly codeSha256: string;
}

/** The `responseElements` of UpdateFunctionConfiguration: the whole configuration after the change. */
export function functionConfigurationResponse(random: Random, config: FunctionConfiguration, time: number): Record<string, unknown> {
  return {
    functionName: config.functionName,
    functionArn: config.functionArn,
    runtime: 'nodejs20.x',
    role: config.roleArn,
    handler: 'src/handler.handler',
    codeSize: 48211,
    description: 'Orders API handler',
    timeout: config.timeout,
    memorySize: config.memorySize,
    lastModified: `${isoSeconds(time).replace('Z', '')}.000+0000`,
    codeSha256: config.codeSha256,
    version: '$LATEST',
    tracingConfig: { mode: 'Active' },
    revisionId: random.uuid(),
    state: 'Active',
    lastUpdateStatus: 'InProgress',
    packageType: 'Zip',
    architectures: ['x86_64'],
    ephemeralStorage: { size: 512 },
    snapStart: { applyOn: 'None', optimizationStatus: 'Off' },
    loggingConfig: { logFormat: 'Text', logGroup: `/aws/lambda/${config.functionName}` },
  };
}

/**
 * Which CloudTrail events are configuration changes, and the values that join them to X-Ray
 * nodes: the table of aws-reference.md §6, as data. An event is a change when its eventSource is
 * in the table, its eventName starts with one of the listed names, and it has no errorCode.
 *
 * The names are written as the table writes them. Lambda's carry an API-version suffix
 * (`UpdateFunctionConfiguration20150331v2`) that changes between API versions, so the prefix
 * matched is the name without that suffix, and `UpdateFunctionConfiguration20150331` (older
 * events) matches too.
 *
 * Join keys are read from `requestParameters` (lowerCamelCase), then from objects directly inside
 * it (`createStageInput.stageName`, EC2's `ModifySecurityGroupRulesRequest.GroupId`), then from
 * `responseElements` (a Create call learns its id there); key names compare case-insensitively.
 */
import type { ChangeInfo } from '../../model/index.ts';
import { isJsonObject, type JsonObject, ownString, ownValue } from '../../base/json.ts';

interface ChangeRule {
  readonly family: string;
  readonly eventSource: string;
  readonly eventNames: readonly string[];
  readonly keys: readonly JoinKeyRule[];
}

const RULES: readonly ChangeRule[] = [
  {
    family: 'apigateway',
    eventSource: 'apigateway.amazonaws.com',
    eventNames: [
      'CreateDeployment', 'UpdateStage', 'CreateStage', 'DeleteStage', 'PutIntegration', 'UpdateIntegration',
      'PutIntegrationResponse', 'PutMethod', 'UpdateMethod', 'PutMethodResponse', 'UpdateRestApi', 'PutRestApi',
      'ImportRestApi', 'CreateAuthorizer', 'UpdateAuthorizer', 'FlushStageCache', 'UpdateDeployment', 'CreateResource',
      'UpdateResource', 'DeleteResource', 'UpdateUsagePlan', 'UpdateAccount',
      // API Gateway v2 (HTTP and WebSocket APIs) shares the event source.
      'UpdateApi', 'UpdateRoute', 'ReimportApi',
    ],
    keys: [{ kind: 'restApiId', names: ['restApiId'] }, { kind: 'apiId', names: ['apiId'] }, { kind: 'stageName', names: ['stageName'] }],
  },
  {
    family: 'lambda',
    eventSource: 'lambda.amazonaws.com',
    eventNames: [
      'UpdateFunctionConfiguration20150331v2', 'UpdateFunctionCode20150331v2', 'PublishVersion20150331', 'UpdateAlias20150331',
      'CreateAlias20150331', 'PutFunctionConcurrency20171031', 'DeleteFunctionConcurrency20171031', 'PutProvisionedConcurrencyConfig',
      'UpdateEventSourceMapping20150331', 'AddPermission20150331v2', 'PutFunctionEventInvokeConfig', 'PublishLayerVersion20181031',
    ],
    keys: [{ kind: 'functionName', names: ['functionName'], lambda: true }],
  },
  {
    family: 'dynamodb',
    eventSource: 'dynamodb.amazonaws.com',
    eventNames: ['UpdateTable', 'UpdateTimeToLive', 'UpdateContinuousBackups', 'UpdateGlobalTable', 'UpdateTableReplicaAutoScaling', 'CreateTable', 'DeleteTable'],
    keys: [{ kind: 'tableName', names: ['tableName', 'globalTableName'] }],
  },
  {
    family: 'sqs',
    eventSource: 'sqs.amazonaws.com',
    eventNames: ['SetQueueAttributes', 'CreateQueue', 'DeleteQueue', 'PurgeQueue', 'AddPermission', 'RemovePermission'],
    keys: [{ kind: 'queueUrl', names: ['queueUrl'] }],
  },
  {
    family: 'sns',
    eventSource: 'sns.amazonaws.com',
    eventNames: ['SetTopicAttributes', 'Subscribe', 'Unsubscribe', 'SetSubscriptionAttributes', 'CreateTopic', 'DeleteTopic'],
    keys: [{ kind: 'topicArn', names: ['topicArn'] }, { kind: 'topicArn', names: ['subscriptionArn'], normalise: topicOfSubscription }],
  },
  {
    family: 'states',
    eventSource: 'states.amazonaws.com',
    eventNames: ['UpdateStateMachine', 'PublishStateMachineVersion', 'UpdateStateMachineAlias', 'CreateStateMachine', 'DeleteStateMachine'],
    keys: [{ kind: 'stateMachineArn', names: ['stateMachineArn'] }],
  },
  {
    family: 'ecs',
    eventSource: 'ecs.amazonaws.com',
    eventNames: ['UpdateService', 'RegisterTaskDefinition', 'CreateService', 'DeleteService', 'UpdateCluster', 'UpdateServicePrimaryTaskSet'],
    keys: [
      { kind: 'cluster', names: ['cluster', 'clusterName'], normalise: lastArnSegment },
      { kind: 'service', names: ['service', 'serviceName'], normalise: lastArnSegment },
    ],
  },
  {
    family: 'iam',
    eventSource: 'iam.amazonaws.com',
    eventNames: [
      'PutRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy', 'DeleteRolePolicy', 'CreatePolicyVersion', 'SetDefaultPolicyVersion',
      'UpdateAssumeRolePolicy', 'PutRolePermissionsBoundary',
    ],
    keys: [{ kind: 'roleName', names: ['roleName'] }],
  },
  {
    family: 'ec2',
    eventSource: 'ec2.amazonaws.com',
    eventNames: [
      'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress',
      'ModifySecurityGroupRules', 'CreateSecurityGroup', 'DeleteSecurityGroup',
    ],
    keys: [{ kind: 'groupId', names: ['groupId'] }],
  },
  {
    family: 'rds',
    eventSource: 'rds.amazonaws.com',
    eventNames: ['ModifyDBInstance', 'ModifyDBCluster', 'RebootDBInstance', 'ModifyDBParameterGroup', 'ModifyDBClusterParameterGroup', 'FailoverDBCluster'],
    // The cluster calls name no instance; their cluster id is the nearest join value.
    keys: [{ kind: 'dBInstanceIdentifier', names: ['dBInstanceIdentifier'] }, { kind: 'dBClusterIdentifier', names: ['dBClusterIdentifier'] }],
  },
  {
    family: 'cloudformation',
    eventSource: 'cloudformation.amazonaws.com',
    eventNames: ['UpdateStack', 'ExecuteChangeSet', 'CreateChangeSet', 'CreateStack', 'DeleteStack', 'RollbackStack', 'ContinueUpdateRollback'],
    keys: [{ kind: 'stackName', names: ['stackName'], normalise: stackNameOf }],
  },
  {
    family: 'appconfig',
    eventSource: 'appconfig.amazonaws.com',
    eventNames: ['StartDeployment', 'StopDeployment', 'CreateHostedConfigurationVersion', 'UpdateConfigurationProfile', 'UpdateEnvironment'],
    keys: [{ kind: 'applicationId', names: ['applicationId'] }, { kind: 'environmentId', names: ['environmentId'] }],
  },
];

/** `UpdateFunctionCode20150331v2` → `UpdateFunctionCode`: the API-version suffix of Lambda's event names. */
export function withoutVersionSuffix(eventName: string): string {
  return eventName.replace(/\d{8}(?:v\d+)?$/, '');
}

const RULE_BY_SOURCE: ReadonlyMap<string, { readonly rule: ChangeRule; readonly prefixes: readonly string[] }> = new Map(
  RULES.map((rule) => [rule.eventSource, { rule, prefixes: [...new Set(rule.eventNames.map(withoutVersionSuffix))] }]),
);

/** The eventSources the table covers, for filters and documentation. */
export const CHANGE_EVENT_SOURCES: readonly string[] = RULES.map((rule) => rule.eventSource);

/** Whether errorCode is set: a non-empty value (the processing library's samples carry `"errorCode": null`). */
function hasErrorCode(record: JsonObject): boolean {
  const errorCode = ownValue(record, 'errorCode');
  return errorCode !== undefined && errorCode !== null && errorCode !== '';
}

/**
 * The §6 classification of one CloudTrail record, or undefined when it is not a configuration
 * change (not in the table, or failed with an errorCode). `record` is the record itself (the
 * `detail` of an EventBridge envelope, the parsed CloudTrailEvent of a lookup item).
 */
export function classifyChange(record: unknown): ChangeInfo | undefined {
  if (!isJsonObject(record) || hasErrorCode(record)) return undefined;
  const eventSource = ownString(record, 'eventSource');
  const eventName = ownString(record, 'eventName');
  if (eventSource === undefined || eventName === undefined) return undefined;
  const entry = RULE_BY_SOURCE.get(eventSource);
  if (entry === undefined || !entry.prefixes.some((prefix) => eventName.startsWith(prefix))) return undefined;
  return { family: entry.rule.family, joinKeys: joinKeysOf(record, entry.rule.keys) };
}

function joinKeysOf(record: JsonObject, rules: readonly JoinKeyRule[]): readonly JoinKey[] {
  const keys: JoinKey[] = [];
  const seen = new Set<string>();
  const add = (kind: string, value: string) => {
    const id = `${kind}\u0000${value}`;
    if (seen.has(id)) return;
    seen.add(id);
    keys.push({ kind, value });
  };
  for (const rule of rules) {
    const raw = findParameter(record, rule.names);
    if (raw === undefined) continue;
    if (rule.lambda) {
      const fn = parseFunctionName(raw);
      if (fn === undefined) continue;
      add('functionName', fn.name);
      const region = fn.region ?? ownString(record, 'awsRegion');
      const account = fn.account ?? ownString(record, 'recipientAccountId');
      if (region !== undefined && account !== undefined) add('functionArn', `arn:${fn.partition ?? 'aws'}:lambda:${region}:${account}:function:${fn.name}`);
      continue;
    }
    const value = rule.normalise ? rule.normalise(raw) : raw;
    if (value !== undefined && value !== '') add(rule.kind, value);
  }
  return keys;
}

/** A CloudFormation stack id (`arn:aws:cloudformation:…:stack/<name>/<guid>`) or name → the name. */
function stackNameOf(value: string): string {
  const match = /^arn:[^:]+:cloudformation:[^:]*:[^:]*:stack\/([^/]+)\//.exec(value);
  return match?.[1] ?? value;
}

/**
 * The first string value under one of `names`: in requestParameters, then in the objects directly
 * inside it, then in responseElements. Bounded to those two levels; never walks deeper.
 */
function findParameter(record: JsonObject, names: readonly string[]): string | undefined {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  const request = ownValue(record, 'requestParameters');
  const response = ownValue(record, 'responseElements');
  const direct = isJsonObject(request) ? stringUnder(request, wanted) : undefined;
  if (direct !== undefined) return direct;
  if (isJsonObject(request)) {
    for (const key of Object.keys(request)) {
      const child = ownValue(request, key);
      const nested = isJsonObject(child) ? stringUnder(child, wanted) : undefined;
      if (nested !== undefined) return nested;
    }
  }
  return isJsonObject(response) ? stringUnder(response, wanted) : undefined;
}

function stringUnder(object: JsonObject, wanted: ReadonlySet<string>): string | undefined {
  for (const key of Object.keys(object)) {
    if (!wanted.has(key.toLowerCase())) continue;
    const value = ownValue(object, key);
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}

// ——— Join keys: how each is read and normalised ———

export interface JoinKey {
  readonly kind: string;
  readonly value: string;
}

/** How one join key is read from a record's parameters. */
export interface JoinKeyRule {
  /** The kind written into ChangeInfo.joinKeys. */
  readonly kind: string;
  /** Parameter names to look for (compared case-insensitively). */
  readonly names: readonly string[];
  /** Turns the raw value into the join value; undefined drops it. */
  readonly normalise?: (value: string) => string | undefined;
  /** A Lambda function reference: emits `functionName` (bare) and `functionArn` (unqualified). */
  readonly lambda?: boolean;
}

export interface FunctionRef {
  readonly name: string;
  readonly qualifier?: string;
  readonly partition?: string;
  readonly region?: string;
  readonly account?: string;
}

/**
 * Lambda's `FunctionName` parameter in any of its documented forms, reduced to the bare name:
 * `my-function`, `my-function:v1`, `123456789012:function:my-function[:v1]`,
 * `arn:aws:lambda:us-west-2:123456789012:function:my-function[:v1]`. Undefined when it is none.
 */
export function parseFunctionName(value: string): FunctionRef | undefined {
  const parts = value.split(':');
  if (parts[0] === 'arn') {
    // arn:partition:lambda:region:account:function:name[:qualifier]
    if (parts.length < 7 || parts.length > 8 || parts[2] !== 'lambda' || parts[5] !== 'function') return undefined;
    return functionRef(parts[6], parts[7], { partition: parts[1], region: parts[3], account: parts[4] });
  }
  if (parts.length >= 3 && parts[1] === 'function') {
    // account:function:name[:qualifier]
    if (parts.length > 4) return undefined;
    return functionRef(parts[2], parts[3], { account: parts[0] });
  }
  if (parts.length > 2) return undefined;
  return functionRef(parts[0], parts[1], {});
}

function functionRef(
  name: string | undefined,
  qualifier: string | undefined,
  where: { readonly partition?: string | undefined; readonly region?: string | undefined; readonly account?: string | undefined },
): FunctionRef | undefined {
  if (name === undefined || name === '') return undefined;
  const ref: { -readonly [K in keyof FunctionRef]: FunctionRef[K] } = { name };
  if (qualifier !== undefined && qualifier !== '') ref.qualifier = qualifier;
  if (where.partition) ref.partition = where.partition;
  if (where.region) ref.region = where.region;
  if (where.account) ref.account = where.account;
  return ref;
}

/** `arn:aws:ecs:us-east-1:123:service/cluster/name` → `name`; a plain name stays as it is. */
export function lastArnSegment(value: string): string {
  if (!value.startsWith('arn:')) return value;
  const resource = value.split(':').slice(5).join(':');
  const segments = resource.split('/');
  return segments[segments.length - 1] || value;
}

/** `arn:aws:sns:us-east-1:123:orders:7f0c…` (a subscription) → `arn:aws:sns:us-east-1:123:orders` (its topic). */
export function topicOfSubscription(value: string): string | undefined {
  const parts = value.split(':');
  if (parts.length !== 7 || parts[0] !== 'arn' || parts[2] !== 'sns') return undefined;
  return parts.slice(0, 6).join(':');
}

import { assumedRoleIdentity, functionConfigurationResponse, iamUserIdentity, isoSeconds, lookupEventItem } from './cloudtrail-records.ts';
import type { ApiCall, Identity } from './cloudtrail-records.ts';
import type { Random } from './random.ts';
import { restApiIdFrom } from './topology.ts';
import type { Topology } from './topology.ts';
import type { LookupEventItem } from './types.ts';

/**
 * The CloudTrail side of the incident: the memory change on the orders function, unrelated writes
 * around it (another role's policy, a security group elsewhere, another API's deployment, a
 * harmless earlier timeout change, a refused call) and read-only Describe/Get/List noise.
 */

export interface ChangeStory {
  readonly windowStart: number;
  readonly minutes: number;
  readonly changeTime: number;
  readonly memoryBefore: number;
  readonly memoryAfter: number;
}

export interface GeneratedEvents {
  /** Newest first, as LookupEvents returns them. */
  readonly events: readonly LookupEventItem[];
  readonly changeEventId: string;
  readonly unrelatedChangeEventIds: readonly string[];
}

const CLI = 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64';
const CONSOLE = 'AWS Internal';
const SDK = 'aws-sdk-js/3.569.0 ua/2.0 os/linux#6.5.0 lang/js md/nodejs#20.12.2 api/api-gateway#3.569.0';
const GRAFANA = 'aws-sdk-go/1.51.21 (go1.22.2; linux; amd64) grafana/10.4.2';

export function generateEvents(random: Random, topology: Topology, story: ChangeStory): GeneratedEvents {
  const { accountId, region } = topology;
  const t0 = story.windowStart;
  const minute = (fraction: number, second: number): number => t0 + Math.min(story.minutes - 1, Math.max(0, Math.round(story.minutes * fraction))) * 60 + second;
  const jane = assumedRoleIdentity(random, accountId, 'DeployRole', 'jane', '203.0.113.10', CLI, t0 - 1800);
  const priya = assumedRoleIdentity(random, accountId, 'data-platform-admin', 'priya', '198.51.100.23', CONSOLE, t0 - 900);
  const ci = assumedRoleIdentity(random, accountId, 'github-actions-deploy', 'GitHubActions', '192.0.2.77', SDK, t0 + 1200);
  const sam = iamUserIdentity(random, accountId, 'sam.ops', '203.0.113.54', CONSOLE);
  const monitor = assumedRoleIdentity(random, accountId, 'observability-readonly', 'grafana', '198.51.100.200', GRAFANA, t0 - 3600);
  const codeSha256 = `${random.chars(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}=`;
  const fnConfig = { functionName: topology.functionName, functionArn: topology.functionArn, roleArn: topology.roleArn, codeSha256 };
  const fnResources = [{ ResourceType: 'AWS::Lambda::Function', ResourceName: topology.functionName }];
  const otherApiId = restApiIdFrom(random);
  const calls: ApiCall[] = [];
  const unrelated: ApiCall[] = [];

  // A harmless change on the same function long before the incident: timeout 3 → 6 s.
  const timeoutChange = minute(0.05, 41);
  unrelated.push({
    time: timeoutChange, identity: jane, eventSource: 'lambda.amazonaws.com', eventName: 'UpdateFunctionConfiguration20150331v2', region, readOnly: false,
    requestParameters: { functionName: topology.functionName, timeout: 6 },
    responseElements: functionConfigurationResponse(random, { ...fnConfig, memorySize: story.memoryBefore, timeout: 6 }, timeoutChange),
    resources: fnResources,
  });
  unrelated.push({
    time: minute(0.18, 8), identity: priya, eventSource: 'iam.amazonaws.com', eventName: 'PutRolePolicy', region: 'us-east-1', readOnly: false,
    requestParameters: {
      roleName: 'reporting-etl-role',
      policyName: 'athena-results-write',
      policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: `arn:aws:s3:::reporting-athena-results-${accountId}/*` }] }),
    },
    resources: [{ ResourceType: 'AWS::IAM::Policy', ResourceName: 'athena-results-write' }, { ResourceType: 'AWS::IAM::Role', ResourceName: 'reporting-etl-role' }],
  });
  const groupId = `sg-0${random.hex(16)}`;
  unrelated.push({
    time: minute(0.35, 55), identity: sam, eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', region, readOnly: false,
    requestParameters: { groupId, ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, groups: {}, ipRanges: { items: [{ cidrIp: '198.51.100.0/24', description: 'office VPN' }] }, ipv6Ranges: {}, prefixListIds: {} }] } },
    responseElements: {
      requestId: random.uuid(),
      _return: true,
      securityGroupRuleSet: { items: [{ groupOwnerId: accountId, groupId, securityGroupRuleId: `sgr-0${random.hex(16)}`, isEgress: false, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '198.51.100.0/24', description: 'office VPN' }] },
    },
    resources: [{ ResourceType: 'AWS::EC2::SecurityGroup', ResourceName: groupId }],
  });
  const deploymentId = random.chars(6, 'abcdefghijklmnopqrstuvwxyz0123456789');
  const deployTime = minute(0.44, 30);
  unrelated.push({
    time: deployTime, identity: ci, eventSource: 'apigateway.amazonaws.com', eventName: 'CreateDeployment', region, readOnly: false,
    requestParameters: { restApiId: otherApiId, createDeploymentInput: { stageName: 'prod', description: 'inventory-api build 2817' }, template: false },
    responseElements: { id: deploymentId, description: 'inventory-api build 2817', createdDate: isoSeconds(deployTime), self: { restApiId: otherApiId, deploymentId } },
    resources: [{ ResourceType: 'AWS::ApiGateway::RestApi', ResourceName: otherApiId }],
  });
  unrelated.push({
    time: minute(0.8, 14), identity: ci, eventSource: 'iam.amazonaws.com', eventName: 'AttachRolePolicy', region: 'us-east-1', readOnly: false,
    requestParameters: { roleName: topology.roleName, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    errorCode: 'AccessDenied',
    errorMessage: `User: arn:aws:sts::${accountId}:assumed-role/github-actions-deploy/GitHubActions is not authorized to perform: iam:AttachRolePolicy on resource: role ${topology.roleName} because no identity-based policy allows the iam:AttachRolePolicy action`,
    resources: [{ ResourceType: 'AWS::IAM::Role', ResourceName: topology.roleName }],
  });

  const change: ApiCall = {
    time: story.changeTime, identity: jane, eventSource: 'lambda.amazonaws.com', eventName: 'UpdateFunctionConfiguration20150331v2', region, readOnly: false,
    requestParameters: { functionName: topology.functionName, memorySize: story.memoryAfter },
    responseElements: functionConfigurationResponse(random, { ...fnConfig, memorySize: story.memoryAfter, timeout: 6 }, story.changeTime),
    resources: fnResources,
  };
  calls.push(...readOnlyNoise(random, topology, story, [jane, monitor, sam]));

  const changeItem = lookupEventItem(random, accountId, change);
  const unrelatedItems = unrelated.map((call) => lookupEventItem(random, accountId, call));
  const noiseItems = calls.map((call) => lookupEventItem(random, accountId, call));
  const events = [changeItem, ...unrelatedItems, ...noiseItems].sort((a, b) => b.EventTime - a.EventTime || (a.EventId < b.EventId ? -1 : 1));
  return { events, changeEventId: changeItem.EventId, unrelatedChangeEventIds: unrelatedItems.map((item) => item.EventId) };
}

/** Describe/Get/List calls from people and dashboards, about one every 90 seconds. */
function readOnlyNoise(random: Random, topology: Topology, story: ChangeStory, who: readonly Identity[]): ApiCall[] {
  const { region } = topology;
  const fn = [{ ResourceType: 'AWS::Lambda::Function', ResourceName: topology.functionName }];
  const catalog: readonly (Omit<ApiCall, 'time' | 'identity' | 'readOnly' | 'region'> & { region?: string })[] = [
    { eventSource: 'lambda.amazonaws.com', eventName: 'GetFunction20150331v2', requestParameters: { functionName: topology.functionName }, resources: fn },
    { eventSource: 'lambda.amazonaws.com', eventName: 'GetFunctionConfiguration20150331v2', requestParameters: { functionName: topology.functionName }, resources: fn },
    { eventSource: 'lambda.amazonaws.com', eventName: 'ListFunctions20150331', requestParameters: null },
    { eventSource: 'dynamodb.amazonaws.com', eventName: 'DescribeTable', requestParameters: { tableName: topology.tableName }, resources: [{ ResourceType: 'AWS::DynamoDB::Table', ResourceName: topology.tableName }] },
    { eventSource: 'dynamodb.amazonaws.com', eventName: 'ListTables', requestParameters: null },
    { eventSource: 'apigateway.amazonaws.com', eventName: 'GetRestApis', requestParameters: { limit: 500 } },
    { eventSource: 'apigateway.amazonaws.com', eventName: 'GetStage', requestParameters: { restApiId: topology.restApiId, stageName: topology.stage } },
    { eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', requestParameters: { instancesSet: {}, filterSet: {} } },
    { eventSource: 'ec2.amazonaws.com', eventName: 'DescribeSecurityGroups', requestParameters: { securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} } },
    { eventSource: 'sqs.amazonaws.com', eventName: 'GetQueueAttributes', requestParameters: { queueUrl: topology.queueUrl, attributeNames: ['All'] } },
    { eventSource: 'sns.amazonaws.com', eventName: 'GetTopicAttributes', requestParameters: { topicArn: topology.topicArn } },
    { eventSource: 'iam.amazonaws.com', eventName: 'GetRole', region: 'us-east-1', requestParameters: { roleName: topology.roleName } },
    { eventSource: 'iam.amazonaws.com', eventName: 'ListRolePolicies', region: 'us-east-1', requestParameters: { roleName: topology.roleName } },
    { eventSource: 'monitoring.amazonaws.com', eventName: 'DescribeAlarms', requestParameters: { alarmNamePrefix: 'orders-' } },
    { eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', requestParameters: null },
  ];
  const calls: ApiCall[] = [];
  const end = story.windowStart + story.minutes * 60;
  for (let time = story.windowStart + random.int(5, 90); time < end; time += random.int(30, 150)) {
    const entry = random.pick(catalog);
    calls.push({ ...entry, time, identity: random.pick(who), region: entry.region ?? region, readOnly: true, responseElements: null });
  }
  return calls;
}

import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixturePath, fixtureText } from '../../../test/support/fixtures.ts';
import { classifyChange, parseFunctionName } from './config-changes.ts';

type Json = Record<string, unknown>;

function stratusRecords(): Json[] {
  const dir = fixturePath('stratus-red-team');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => JSON.parse(fixtureText(`stratus-red-team/${name}`)) as Json[]);
}

const pantherRecords = (): Json[] => (JSON.parse(fixtureText('panther-analysis/cloudtrail_rule_test_records.json')) as { Records: Json[] }).Records;

describe('classifyChange on real events', () => {
  const stratus = stratusRecords();

  it('stratus-red-team: Lambda changes join on the bare function name, whatever form the request used', () => {
    const lambda = stratus.filter((r) => r.eventSource === 'lambda.amazonaws.com' && /^(UpdateFunctionConfiguration|UpdateFunctionCode|AddPermission)/.test(String(r.eventName)));
    expect(lambda.length).toBeGreaterThanOrEqual(3);
    for (const record of lambda) {
      const change = classifyChange(record);
      const requested = String((record.requestParameters as Json).functionName);
      const bare = requested.split(':function:').pop()?.split(':')[0];
      expect(change?.family).toBe('lambda');
      expect(change?.joinKeys).toContainEqual({ kind: 'functionName', value: bare });
      expect(change?.joinKeys.find((key) => key.kind === 'functionArn')?.value).toMatch(new RegExp(`^arn:aws:lambda:[^:]+:\\d{12}:function:${bare}$`));
    }
  });

  it('stratus-red-team: AuthorizeSecurityGroupIngress is an ec2 change on its groupId', () => {
    const ingress = stratus.filter((r) => r.eventName === 'AuthorizeSecurityGroupIngress');
    expect(ingress.length).toBeGreaterThan(0);
    for (const record of ingress) {
      expect(classifyChange(record)).toEqual({ family: 'ec2', joinKeys: [{ kind: 'groupId', value: (record.requestParameters as Json).groupId }] });
    }
  });

  it('stratus-red-team: reads and failed calls are never changes', () => {
    const failed = stratus.filter((r) => typeof r.errorCode === 'string');
    expect(failed.some((r) => r.errorCode === 'AccessDenied')).toBe(true);
    for (const record of failed) expect(classifyChange(record), String(record.eventName)).toBeUndefined();
    for (const record of stratus.filter((r) => /^(Get|List|Describe)/.test(String(r.eventName)))) expect(classifyChange(record)).toBeUndefined();
  });

  it('any change becomes a non-change once it carries an errorCode', () => {
    const changes = [...stratus, ...pantherRecords()].filter((record) => classifyChange(record) !== undefined);
    expect(changes.length).toBeGreaterThan(20);
    for (const record of changes) {
      expect(classifyChange({ ...record, errorCode: 'AccessDenied' })).toBeUndefined();
      expect(classifyChange({ ...record, errorCode: null })).toEqual(classifyChange(record));
    }
  });

  it('panther-analysis: failed table calls (AccessDenied, NoSuchEntity…) are not changes, their successful twins are', () => {
    const records = pantherRecords();
    const failedInTable = records.filter((r) => typeof r.errorCode === 'string' && classifyChange({ ...r, errorCode: undefined }) !== undefined);
    expect(failedInTable.map((r) => r.errorCode)).toContain('AccessDenied');
    for (const record of failedInTable) expect(classifyChange(record)).toBeUndefined();
    const rds = records.filter((r) => r.eventName === 'ModifyDBInstance' && r.errorCode === undefined);
    expect(rds.length).toBeGreaterThan(0);
    for (const record of rds) {
      expect(classifyChange(record)?.joinKeys).toEqual([{ kind: 'dBInstanceIdentifier', value: (record.requestParameters as Json).dBInstanceIdentifier }]);
    }
  });

  it('cloud-custodian-cwe: CreateStage is an apigateway change with restApiId and the nested stageName', () => {
    const record = JSON.parse(fixtureText('cloud-custodian-cwe/event-cloud-trail-create-rest-stage.json')) as Json;
    expect(classifyChange(record)).toEqual({
      family: 'apigateway',
      joinKeys: [
        { kind: 'restApiId', value: 'abcdef74gh' },
        { kind: 'stageName', value: 'latest' },
      ],
    });
  });

  it('cloud-custodian-cwe: tagging a stage, CloudFront and S3 calls are not in the table', () => {
    for (const file of ['event-cloud-trail-tag-rest-stage.json', 'event-cloud-trail-update-distribution.json', 'event-cloud-trail-create-bucket.json']) {
      const value = JSON.parse(fixtureText(`cloud-custodian-cwe/${file}`)) as Json;
      expect(classifyChange(value.detail ?? value), file).toBeUndefined();
    }
  });
});

describe('classifyChange: the §6 table', () => {
  const event = (eventSource: string, eventName: string, requestParameters: Json, responseElements: Json | null = null) => ({
    eventSource,
    eventName,
    requestParameters,
    responseElements,
    awsRegion: 'us-east-1',
    recipientAccountId: '123456789012',
  });

  it.each([
    ['apigateway.amazonaws.com', 'CreateDeployment', { restApiId: 'a1b2c3', stageName: 'prod' }, 'apigateway', [['restApiId', 'a1b2c3'], ['stageName', 'prod']]],
    ['apigateway.amazonaws.com', 'UpdateRoute', { apiId: 'h7t8p9', routeId: 'r1' }, 'apigateway', [['apiId', 'h7t8p9']]],
    ['dynamodb.amazonaws.com', 'UpdateTimeToLive', { tableName: 'orders' }, 'dynamodb', [['tableName', 'orders']]],
    ['sqs.amazonaws.com', 'SetQueueAttributes', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q' }, 'sqs', [['queueUrl', 'https://sqs.us-east-1.amazonaws.com/123456789012/q']]],
    ['sns.amazonaws.com', 'Unsubscribe', { subscriptionArn: 'arn:aws:sns:us-east-1:123456789012:orders:7f0c2b1a' }, 'sns', [['topicArn', 'arn:aws:sns:us-east-1:123456789012:orders']]],
    ['states.amazonaws.com', 'UpdateStateMachine', { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:flow' }, 'states', [['stateMachineArn', 'arn:aws:states:us-east-1:123456789012:stateMachine:flow']]],
    ['ecs.amazonaws.com', 'UpdateService', { cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/main', service: 'web' }, 'ecs', [['cluster', 'main'], ['service', 'web']]],
    ['iam.amazonaws.com', 'PutRolePolicy', { roleName: 'orders-handler-role', policyName: 'p' }, 'iam', [['roleName', 'orders-handler-role']]],
    ['ec2.amazonaws.com', 'ModifySecurityGroupRules', { ModifySecurityGroupRulesRequest: { GroupId: 'sg-0abc' } }, 'ec2', [['groupId', 'sg-0abc']]],
    ['rds.amazonaws.com', 'RebootDBInstance', { dBInstanceIdentifier: 'orders-db' }, 'rds', [['dBInstanceIdentifier', 'orders-db']]],
    ['cloudformation.amazonaws.com', 'UpdateStack', { stackName: 'arn:aws:cloudformation:us-east-1:123456789012:stack/orders/0f1e2d3c' }, 'cloudformation', [['stackName', 'orders']]],
    ['appconfig.amazonaws.com', 'StartDeployment', { applicationId: 'app1', environmentId: 'env1' }, 'appconfig', [['applicationId', 'app1'], ['environmentId', 'env1']]],
  ] as const)('%s %s', (source, name, params, family, keys) => {
    expect(classifyChange(event(source, name, params))).toEqual({ family, joinKeys: keys.map(([kind, value]) => ({ kind, value })) });
  });

  it('takes ids a Create call only learns from its responseElements', () => {
    const created = event('ec2.amazonaws.com', 'CreateSecurityGroup', { groupName: 'web' }, { _return: true, groupId: 'sg-0new' });
    expect(classifyChange(created)?.joinKeys).toEqual([{ kind: 'groupId', value: 'sg-0new' }]);
  });

  it('matches Lambda names by prefix, so every API-version suffix counts', () => {
    for (const name of ['UpdateFunctionConfiguration20150331v2', 'UpdateFunctionConfiguration20150331', 'PutProvisionedConcurrencyConfig20190930', 'PublishLayerVersion20181031']) {
      expect(classifyChange(event('lambda.amazonaws.com', name, { functionName: 'f' }))?.family, name).toBe('lambda');
    }
    expect(classifyChange(event('lambda.amazonaws.com', 'GetFunction20150331v2', { functionName: 'f' }))).toBeUndefined();
    expect(classifyChange(event('lambda.amazonaws.com', 'Invoke', { functionName: 'f' }))).toBeUndefined();
  });

  it('needs both the source and the name: SQS AddPermission is not Lambda AddPermission', () => {
    expect(classifyChange(event('sqs.amazonaws.com', 'AddPermission', { queueUrl: 'q' }))?.family).toBe('sqs');
    expect(classifyChange(event('sns.amazonaws.com', 'AddPermission', { topicArn: 't' }))).toBeUndefined();
    expect(classifyChange(event('s3.amazonaws.com', 'UpdateStage', {}))).toBeUndefined();
  });

  it('ignores non-objects and hostile keys', () => {
    expect(classifyChange(null)).toBeUndefined();
    expect(classifyChange('UpdateStage')).toBeUndefined();
    const hostile = JSON.parse('{"eventSource":"iam.amazonaws.com","eventName":"PutRolePolicy","requestParameters":{"__proto__":{"polluted":1},"constructor":"y","roleName":"r"}}') as unknown;
    expect(classifyChange(hostile)).toEqual({ family: 'iam', joinKeys: [{ kind: 'roleName', value: 'r' }] });
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
    const inherited = JSON.parse('{"eventSource":"iam.amazonaws.com","eventName":"PutRolePolicy","requestParameters":{"constructor":{"roleName":"x"}}}') as unknown;
    // A key named like a prototype member is plain data: read as one nested object, nothing more.
    expect(classifyChange(inherited)).toEqual({ family: 'iam', joinKeys: [{ kind: 'roleName', value: 'x' }] });
  });
});

describe('parseFunctionName', () => {
  it('reduces every documented form to the bare name', () => {
    expect(parseFunctionName('my-function')).toEqual({ name: 'my-function' });
    expect(parseFunctionName('my-function:v1')).toEqual({ name: 'my-function', qualifier: 'v1' });
    expect(parseFunctionName('123456789012:function:my-function')).toEqual({ name: 'my-function', account: '123456789012' });
    expect(parseFunctionName('arn:aws:lambda:us-west-2:123456789012:function:my-function:$LATEST')).toEqual({
      name: 'my-function', qualifier: '$LATEST', partition: 'aws', region: 'us-west-2', account: '123456789012',
    });
    expect(parseFunctionName('arn:aws:s3:::bucket')).toBeUndefined();
    expect(parseFunctionName('')).toBeUndefined();
  });

  it('gives the same name for a name, a partial ARN and a full ARN, with or without a qualifier', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    const qualifier = fc.option(fc.stringMatching(/^(\$LATEST|[A-Za-z0-9_-]{1,20})$/), { nil: undefined });
    fc.assert(
      fc.property(name, qualifier, (fn, q) => {
        const suffix = q === undefined ? '' : `:${q}`;
        for (const form of [fn + suffix, `123456789012:function:${fn}${suffix}`, `arn:aws-cn:lambda:cn-north-1:123456789012:function:${fn}${suffix}`]) {
          expect(parseFunctionName(form)?.name).toBe(fn);
          expect(parseFunctionName(form)?.qualifier).toBe(q);
        }
      }),
    );
  });
});

describe('classifyChange: every event name of aws-reference.md §6', () => {
  // Copied from the table of §6, with its short forms spelled out (`Create/UpdateAuthorizer` is
  // CreateAuthorizer and UpdateAuthorizer, `ModifyDB(Cluster)ParameterGroup` both names…).
  const TABLE: Record<string, readonly [string, readonly string[]]> = {
    'apigateway.amazonaws.com': ['apigateway', ['CreateDeployment', 'UpdateStage', 'CreateStage', 'DeleteStage', 'PutIntegration', 'UpdateIntegration', 'PutIntegrationResponse', 'PutMethod', 'UpdateMethod', 'PutMethodResponse', 'UpdateRestApi', 'PutRestApi', 'ImportRestApi', 'CreateAuthorizer', 'UpdateAuthorizer', 'FlushStageCache', 'UpdateDeployment', 'CreateResource', 'UpdateResource', 'DeleteResource', 'UpdateUsagePlan', 'UpdateAccount', 'UpdateApi', 'UpdateRoute', 'ReimportApi']],
    'lambda.amazonaws.com': ['lambda', ['UpdateFunctionConfiguration20150331v2', 'UpdateFunctionCode20150331v2', 'PublishVersion20150331', 'UpdateAlias20150331', 'CreateAlias20150331', 'PutFunctionConcurrency20171031', 'DeleteFunctionConcurrency20171031', 'PutProvisionedConcurrencyConfig', 'UpdateEventSourceMapping20150331', 'AddPermission20150331v2', 'PutFunctionEventInvokeConfig', 'PublishLayerVersion20181031']],
    'dynamodb.amazonaws.com': ['dynamodb', ['UpdateTable', 'UpdateTimeToLive', 'UpdateContinuousBackups', 'UpdateGlobalTable', 'UpdateTableReplicaAutoScaling', 'CreateTable', 'DeleteTable']],
    'sqs.amazonaws.com': ['sqs', ['SetQueueAttributes', 'CreateQueue', 'DeleteQueue', 'PurgeQueue', 'AddPermission', 'RemovePermission']],
    'sns.amazonaws.com': ['sns', ['SetTopicAttributes', 'Subscribe', 'Unsubscribe', 'SetSubscriptionAttributes', 'CreateTopic', 'DeleteTopic']],
    'states.amazonaws.com': ['states', ['UpdateStateMachine', 'PublishStateMachineVersion', 'UpdateStateMachineAlias', 'CreateStateMachine', 'DeleteStateMachine']],
    'ecs.amazonaws.com': ['ecs', ['UpdateService', 'RegisterTaskDefinition', 'CreateService', 'DeleteService', 'UpdateCluster', 'UpdateServicePrimaryTaskSet']],
    'iam.amazonaws.com': ['iam', ['PutRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy', 'DeleteRolePolicy', 'CreatePolicyVersion', 'SetDefaultPolicyVersion', 'UpdateAssumeRolePolicy', 'PutRolePermissionsBoundary']],
    'ec2.amazonaws.com': ['ec2', ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'ModifySecurityGroupRules', 'CreateSecurityGroup', 'DeleteSecurityGroup']],
    'rds.amazonaws.com': ['rds', ['ModifyDBInstance', 'ModifyDBCluster', 'RebootDBInstance', 'ModifyDBParameterGroup', 'ModifyDBClusterParameterGroup', 'FailoverDBCluster']],
    'cloudformation.amazonaws.com': ['cloudformation', ['UpdateStack', 'ExecuteChangeSet', 'CreateChangeSet', 'CreateStack', 'DeleteStack', 'RollbackStack', 'ContinueUpdateRollback']],
    'appconfig.amazonaws.com': ['appconfig', ['StartDeployment', 'StopDeployment', 'CreateHostedConfigurationVersion', 'UpdateConfigurationProfile', 'UpdateEnvironment']],
  };
  // Reads (and writes the table leaves out) of each source: never changes.
  const NOT_CHANGES: Record<string, readonly string[]> = {
    'apigateway.amazonaws.com': ['GetRestApis', 'TagResource', 'GetStage'],
    'lambda.amazonaws.com': ['GetFunction20150331v2', 'Invoke', 'ListFunctions20150331'],
    'dynamodb.amazonaws.com': ['DescribeTable', 'PutItem', 'ListTables'],
    'sqs.amazonaws.com': ['GetQueueAttributes', 'SendMessage'],
    'sns.amazonaws.com': ['Publish', 'GetTopicAttributes'],
    'states.amazonaws.com': ['StartExecution', 'DescribeStateMachine'],
    'ecs.amazonaws.com': ['DescribeServices', 'RunTask'],
    'iam.amazonaws.com': ['GetRole', 'CreateUser', 'CreateAccessKey'],
    'ec2.amazonaws.com': ['DescribeInstances', 'StartInstances', 'RunInstances'],
    'rds.amazonaws.com': ['DescribeDBInstances', 'ModifyDBSnapshotAttribute'],
    'cloudformation.amazonaws.com': ['DescribeStacks', 'ValidateTemplate'],
    'appconfig.amazonaws.com': ['GetConfiguration', 'ListApplications'],
  };

  it('classifies each listed name as a change of its family, and nothing else of the source', () => {
    for (const [eventSource, [family, names]] of Object.entries(TABLE)) {
      for (const eventName of names) expect(classifyChange({ eventSource, eventName, requestParameters: {} })?.family, `${eventSource} ${eventName}`).toBe(family);
      for (const eventName of NOT_CHANGES[eventSource]!) expect(classifyChange({ eventSource, eventName, requestParameters: {} }), `${eventSource} ${eventName}`).toBeUndefined();
    }
    // A source outside the table, and a listed name from the wrong source.
    expect(classifyChange({ eventSource: 'kms.amazonaws.com', eventName: 'UpdateTable', requestParameters: {} })).toBeUndefined();
    expect(classifyChange({ eventSource: 's3.amazonaws.com', eventName: 'CreateStack', requestParameters: {} })).toBeUndefined();
  });
});

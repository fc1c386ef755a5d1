import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixturePath, fixtureText } from '../../../test/support/fixtures.ts';
import type { ChangeEvent, RawKind } from '../../model/index.ts';
import type { ImportSink } from '../../import/format/types.ts';
import { cloudTrailParsers } from '../../import/cloudtrail/index.ts';
import { toChangeEvent, userOf } from './change-event.ts';

type Json = Record<string, unknown>;

/** aws-reference.md Appendix D, verbatim. */
const APPENDIX_D = String.raw`{"Events": [{
  "EventId": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
  "EventName": "UpdateFunctionConfiguration20150331v2",
  "ReadOnly": "false",
  "AccessKeyId": "ASIAEXAMPLEKEY",
  "EventTime": 1716560103.0,
  "EventSource": "lambda.amazonaws.com",
  "Username": "jane",
  "Resources": [{"ResourceType": "AWS::Lambda::Function", "ResourceName": "orders-handler"}],
  "CloudTrailEvent": "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLEID:jane\",\"arn\":\"arn:aws:sts::123456789012:assumed-role/DeployRole/jane\",\"accountId\":\"123456789012\",\"accessKeyId\":\"ASIAEXAMPLEKEY\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLEID\",\"arn\":\"arn:aws:iam::123456789012:role/DeployRole\",\"accountId\":\"123456789012\",\"userName\":\"DeployRole\"},\"attributes\":{\"creationDate\":\"2024-05-24T14:02:11Z\",\"mfaAuthenticated\":\"false\"}}},\"eventTime\":\"2024-05-24T14:15:03Z\",\"eventSource\":\"lambda.amazonaws.com\",\"eventName\":\"UpdateFunctionConfiguration20150331v2\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.10\",\"userAgent\":\"aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64\",\"requestParameters\":{\"functionName\":\"orders-handler\",\"memorySize\":512,\"timeout\":3},\"responseElements\":{\"functionName\":\"orders-handler\",\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:orders-handler\",\"runtime\":\"nodejs20.x\",\"role\":\"arn:aws:iam::123456789012:role/orders-handler-role\",\"handler\":\"index.handler\",\"codeSize\":48211,\"timeout\":3,\"memorySize\":512,\"lastModified\":\"2024-05-24T14:15:03.000+0000\",\"version\":\"$LATEST\",\"tracingConfig\":{\"mode\":\"Active\"},\"revisionId\":\"8e1f6a2b-3c4d-4e5f-9a0b-1c2d3e4f5a6b\",\"state\":\"Active\",\"lastUpdateStatus\":\"InProgress\",\"packageType\":\"Zip\",\"architectures\":[\"x86_64\"]},\"requestID\":\"4f2a9c1e-7b3d-4e8f-a1c2-d3e4f5a6b7c8\",\"eventID\":\"9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"123456789012\",\"eventCategory\":\"Management\",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"lambda.us-east-1.amazonaws.com\"}}"
}],
 "NextToken": "kbOt5LlZe++mErCebpy2TgaMgmDvF1kYGFcH64JSjIbZFjsuvrSqg66b5YGssKutDYIyII4lrP4IDbeQdiObkp9YAlju3oXd12juy3CIZW8="}`;

/** Imports a value the way the dispatcher does and lifts every document. */
function importAndLift(value: unknown): { readonly kind: RawKind; readonly doc: unknown; readonly event: ChangeEvent | string }[] {
  const parser = cloudTrailParsers.find((candidate) => candidate.matches(value));
  if (parser === undefined) throw new Error('no CloudTrail parser matches');
  const out: { kind: RawKind; doc: unknown; event: ChangeEvent | string }[] = [];
  const sink: ImportSink = { file: 'test', add: (kind, doc) => out.push({ kind, doc, event: toChangeEvent(kind, doc) }), problem: () => undefined };
  parser.parse(value, sink, '');
  return out;
}

function lifted(value: unknown): ChangeEvent[] {
  return importAndLift(value).map(({ event }) => {
    if (typeof event === 'string') throw new Error(event);
    return event;
  });
}

describe('toChangeEvent: LookupEvents items', () => {
  it('Appendix D: every field lifted, the change classified', () => {
    const [event, ...rest] = lifted(JSON.parse(APPENDIX_D));
    expect(rest).toEqual([]);
    const record = JSON.parse((JSON.parse(APPENDIX_D) as { Events: Json[] }).Events[0]?.CloudTrailEvent as string) as Json;
    expect(event).toEqual({
      eventId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
      eventName: 'UpdateFunctionConfiguration20150331v2',
      eventSource: 'lambda.amazonaws.com',
      time: Date.UTC(2024, 4, 24, 14, 15, 3),
      readOnly: false,
      region: 'us-east-1',
      accountId: '123456789012',
      user: 'DeployRole/jane',
      userArn: 'arn:aws:sts::123456789012:assumed-role/DeployRole/jane',
      sourceIp: '203.0.113.10',
      userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64',
      eventType: 'AwsApiCall',
      resources: [{ type: 'AWS::Lambda::Function', name: 'orders-handler' }],
      change: {
        family: 'lambda',
        joinKeys: [
          { kind: 'functionName', value: 'orders-handler' },
          { kind: 'functionArn', value: 'arn:aws:lambda:us-east-1:123456789012:function:orders-handler' },
        ],
      },
      record,
    });
  });

  it('aws-cli-examples: the CLI shape (EventTime as text, no ReadOnly) reads too', () => {
    const [event] = lifted(JSON.parse(fixtureText('aws-cli-examples/lookup-events_output.json')));
    expect(event?.eventName).toBe('ConsoleLogin');
    expect(event?.time).toBe(Date.UTC(2016, 0, 26, 21, 42, 12));
    expect(event?.readOnly).toBeUndefined();
    expect(event?.user).toBe('my-role/my-session-name');
    expect(event?.resources).toEqual([]);
    expect(event?.change).toBeUndefined();
  });

  it('ReadOnly "true" is a boolean, the item fills what the record leaves out', () => {
    const item = { EventId: 'e1', EventName: 'GetFunction', EventSource: 'lambda.amazonaws.com', ReadOnly: 'true', EventTime: 1716560103, Username: 'sam', CloudTrailEvent: '{"eventID":"e1"}' };
    expect(toChangeEvent('cloudtrail.lookupEvent', item)).toMatchObject({ eventId: 'e1', eventName: 'GetFunction', readOnly: true, time: 1716560103000, user: 'sam' });
    expect(toChangeEvent('cloudtrail.lookupEvent', { ...item, CloudTrailEvent: '{"eventID":' })).toMatch(/^CloudTrailEvent is not valid JSON/);
  });
});

describe('the same event from a lookup, an S3 file and EventBridge', () => {
  const lookup = (JSON.parse(APPENDIX_D) as { Events: Json[] }).Events[0] as Json;
  const record = JSON.parse(lookup.CloudTrailEvent as string) as Json;
  const envelope = { version: '0', id: 'f1', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.lambda', account: '123456789012', time: '2024-05-24T14:15:03Z', region: 'us-east-1', resources: [], detail: record };

  it('has one eventId, the one the dataset counts it by (event-set.ts)', () => {
    const ids = [toChangeEvent('cloudtrail.lookupEvent', lookup), toChangeEvent('cloudtrail.record', record), toChangeEvent('cloudtrail.eventBridge', envelope)].map((event) => (event as ChangeEvent).eventId);
    expect(ids).toEqual(['9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d']);
    expect(toChangeEvent('xray.segment', record)).toMatch(/is not a CloudTrail event/);
  });

  it('lifts to the same event (the lookup adds its Resources)', () => {
    const [fromLookup, fromRecord, fromBridge] = [
      toChangeEvent('cloudtrail.lookupEvent', lookup),
      toChangeEvent('cloudtrail.record', record),
      toChangeEvent('cloudtrail.eventBridge', envelope),
    ] as ChangeEvent[];
    expect(fromRecord).toEqual(fromBridge);
    expect({ ...fromLookup, resources: [] }).toEqual(fromRecord);
  });
});

describe('toChangeEvent on the real fixtures', () => {
  it('stratus-red-team: all 310 records lift, with distinct ids; exactly the six §6 changes, with their join keys', () => {
    const dir = fixturePath('stratus-red-team');
    const records = readdirSync(dir).filter((f) => f.endsWith('.json')).flatMap((f) => JSON.parse(fixtureText(`stratus-red-team/${f}`)) as Json[]);
    const events = lifted(records);
    expect(events).toHaveLength(records.length);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(records.length);
    events.forEach((event, i) => {
      expect(event.record).toBe(records[i]);
      expect(event.user).toBeDefined();
    });
    // Listed by hand: the records whose eventSource and eventName prefix are in the table of
    // aws-reference.md §6 and that have no errorCode (jq over the files), with the join key the
    // table names read from requestParameters. Lambda's functionName is reduced to the bare name,
    // and the ARN rebuilt from the ARN given or from awsRegion and recipientAccountId.
    const lambdaArn = (region: string, account: string, name: string): string => `arn:aws:lambda:${region}:${account}:function:${name}`;
    const changes = events.filter((e) => e.change !== undefined).map((e) => [e.eventId, e.eventName, e.change]);
    expect(changes).toEqual(
      expect.arrayContaining([
        ['9fd68588-ecbf-4528-a345-199fa6bb0821', 'AuthorizeSecurityGroupIngress', { family: 'ec2', joinKeys: [{ kind: 'groupId', value: 'sg-003dc7f1f1c686164' }] }],
        ['62e290e2-ee95-4a7c-a9f8-db4ef462b12d', 'UpdateAssumeRolePolicy', { family: 'iam', joinKeys: [{ kind: 'roleName', value: 'stratus-red-team-backdoor-r-role' }] }],
        ['39480357-0a1d-4531-a3f2-71be4c041c25', 'AttachRolePolicy', { family: 'iam', joinKeys: [{ kind: 'roleName', value: 'stratus-red-team-malicious-iam-role' }] }],
        [
          'b67a9bba-d9da-4980-bf74-baed881b117d',
          'AddPermission20150331v2',
          {
            family: 'lambda',
            joinKeys: [
              { kind: 'functionName', value: 'stratus-red-team-backdoor-f-func' },
              { kind: 'functionArn', value: lambdaArn('ca-centralnorth-1r', '880896431042', 'stratus-red-team-backdoor-f-func') },
            ],
          },
        ],
        [
          'da929d96-8e20-475c-a810-973addd64769',
          'UpdateFunctionConfiguration20150331v2',
          {
            family: 'lambda',
            joinKeys: [
              { kind: 'functionName', value: 'stratus-red-team-lambda-layer-simpleLambda' },
              { kind: 'functionArn', value: lambdaArn('eugov-eastcentral-1r', '712967571683', 'stratus-red-team-lambda-layer-simpleLambda') },
            ],
          },
        ],
        [
          '4672b74f-2466-4784-b3fb-5b4db904a995',
          'UpdateFunctionCode20150331v2',
          {
            family: 'lambda',
            joinKeys: [
              { kind: 'functionName', value: 'stratus-red-team-olc-func-vayhjqkdav' },
              { kind: 'functionArn', value: lambdaArn('ap-westeast-2r', '266106314375', 'stratus-red-team-olc-func-vayhjqkdav') },
            ],
          },
        ],
      ]),
    );
    expect(changes).toHaveLength(6);
    const denied = events.filter((e) => e.errorCode === 'AccessDenied');
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((e) => e.change === undefined)).toBe(true);
  });

  it('cloud-custodian-cwe: envelopes and bare records; CreateStage is an apigateway change', () => {
    const files = readdirSync(fixturePath('cloud-custodian-cwe')).filter((f) => f.startsWith('event-cloud-trail-') && !f.includes('bedrock'));
    for (const file of files) {
      const [event] = lifted(JSON.parse(fixtureText(`cloud-custodian-cwe/${file}`)));
      expect(Number.isFinite(event?.time), file).toBe(true);
      expect(event?.region, file).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    }
    const [stage] = lifted(JSON.parse(fixtureText('cloud-custodian-cwe/event-cloud-trail-create-rest-stage.json')));
    expect(stage?.change?.family).toBe('apigateway');
    expect(stage?.change?.joinKeys).toContainEqual({ kind: 'restApiId', value: 'abcdef74gh' });
    const [tag] = lifted(JSON.parse(fixtureText('cloud-custodian-cwe/event-cloud-trail-tag-rest-stage.json')));
    expect(tag).toMatchObject({ eventSource: 'apigateway.amazonaws.com', eventName: 'TagResource' });
    expect(tag?.change).toBeUndefined();
  });

  it('otel-contrib: the log file, the Insights event and the CloudWatch envelope', () => {
    const events = lifted(JSON.parse(fixtureText('otel-contrib-awslogs-cloudtrail/cloudtrail_log.json')));
    expect(events).toHaveLength(7);
    const insight = events.find((e) => e.eventType === 'AwsCloudTrailInsight');
    expect(insight).toMatchObject({ eventName: 'UpdateInstanceInformation', eventSource: 'ssm.amazonaws.com', readOnly: undefined });
    expect(insight?.change).toBeUndefined();
    expect(events.find((e) => e.eventName === 'UpdateTrail')?.errorCode).toBe('TrailNotFoundException');
    expect(events.find((e) => e.eventName === 'ConsoleLogin')?.user).toBe('identity-center-user');
    const [putObject] = lifted(JSON.parse(fixtureText('otel-contrib-awslogs-cloudtrail/cloudtrail_log_cw.json')));
    expect(putObject).toMatchObject({ eventName: 'PutObject', user: 's3.amazonaws.com', accountId: '627286350134', readOnly: false });
    expect(putObject?.resources).toEqual([
      { type: 'AWS::S3::Bucket', arn: 'arn:aws:s3:::elastic-sar-bucket-fe44ff52c91b2efa4bccb8e07c85a202' },
      { type: 'AWS::S3::Object', arn: 'arn:aws:s3:::elastic-sar-bucket-fe44ff52c91b2efa4bccb8e07c85a202/AWSLogs/627286350134/s3/2026-01-28-09-26-59-AB82D7306CDE5EF8' },
    ]);
  });

  it('otrf-security-datasets: the time comes from Logstash @timestamp', () => {
    const line = fixtureText('otrf-security-datasets/ec2_proxy_s3_exfiltration_2020-09-14011940.json').split('\n')[0] as string;
    const record = JSON.parse(line) as Json;
    const event = toChangeEvent('cloudtrail.record', record) as ChangeEvent;
    expect(event.time).toBe(Date.parse(record['@timestamp'] as string));
    expect(event.user).toBe('pedro');
  });
});

describe('what cannot be read', () => {
  it('says why', () => {
    expect(toChangeEvent('xray.segment', {})).toBe('a xray.segment document is not a CloudTrail event');
    expect(toChangeEvent('cloudtrail.record', { eventName: 'x' })).toBe('record without eventID');
    expect(toChangeEvent('cloudtrail.eventBridge', { detail: null })).toMatch(/^EventBridge detail: record is null/);
    expect(toChangeEvent('cloudtrail.lookupEvent', [])).toBe('lookup event is not an object');
  });

  it('never throws, whatever the document', () => {
    const kinds: RawKind[] = ['cloudtrail.record', 'cloudtrail.lookupEvent', 'cloudtrail.eventBridge'];
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.jsonValue(), (kind, doc) => {
        const result = toChangeEvent(kind, doc);
        expect(typeof result === 'string' || Number.isFinite(result.time)).toBe(true);
      }),
    );
  });
});

describe('userOf', () => {
  it('prefers the user name, then role/session, then issuer, arn name, root, principal, invoker', () => {
    expect(userOf({ type: 'IAMUser', userName: 'alice', principalId: 'AIDA' })).toBe('alice');
    expect(userOf({ type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/Deploy/bob', sessionContext: { sessionIssuer: { userName: 'Deploy' } } })).toBe('Deploy/bob');
    expect(userOf({ type: 'AssumedRole', principalId: 'AROA:x', sessionContext: { sessionIssuer: { userName: 'Deploy' } } })).toBe('Deploy');
    expect(userOf({ type: 'FederatedUser', arn: 'arn:aws:sts::1:federated-user/carol', principalId: '1:carol' })).toBe('carol');
    expect(userOf({ type: 'Root', arn: 'arn:aws:iam::1:root', principalId: '1' })).toBe('root');
    expect(userOf({ type: 'AWSAccount', principalId: 'AIDAX' })).toBe('AIDAX');
    expect(userOf({ type: 'AWSService', invokedBy: 'lambda.amazonaws.com' })).toBe('lambda.amazonaws.com');
    expect(userOf(undefined)).toBeUndefined();
  });
});

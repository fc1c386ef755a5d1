import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../model/change-event.ts';
import { changesByNode, type JoinableNode } from './node-changes.ts';

const node = (type: string, name: string, names: string[] = [name]): JoinableNode => ({ key: `${type}|${name}`, name, type, names });

function change(eventId: string, family: string, joinKeys: [string, string][], time = 1000): ChangeEvent {
  return {
    eventId,
    eventName: `Update-${eventId}`,
    eventSource: `${family}.amazonaws.com`,
    time,
    readOnly: false,
    resources: [],
    change: { family, joinKeys: joinKeys.map(([kind, value]) => ({ kind, value })) },
    record: {},
  };
}

const NODES = [
  node('client', 'orders-api/prod'),
  node('AWS::ApiGateway::Stage', 'orders-api/prod'),
  node('AWS::Lambda', 'orders-handler'),
  node('AWS::Lambda::Function', 'orders-handler'),
  node('AWS::DynamoDB::Table', 'Orders'),
  node('AWS::SQS::Queue', 'order-events'),
  node('AWS::ECS::Container', 'pricing-service'),
];
const ARNS = new Map([
  ['AWS::ApiGateway::Stage|orders-api/prod', ['arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod']],
  ['AWS::Lambda|orders-handler', ['arn:aws:lambda:us-east-1:123456789012:function:orders-handler']],
]);

describe('changesByNode', () => {
  it('joins on names, ARNs, ARN parts and the last part of URLs; never on clients or stage names alone', () => {
    const events = [
      change('fn', 'lambda', [['functionName', 'orders-handler']], 3000),
      change('fn-arn', 'lambda', [['functionArn', 'arn:aws:lambda:us-east-1:123456789012:function:orders-handler:7']], 2000),
      change('api', 'apigateway', [['restApiId', 'a1b2c3d4e5'], ['stageName', 'prod']]),
      change('other-api', 'apigateway', [['restApiId', 'zzzzzzzzzz'], ['stageName', 'prod']]),
      change('queue', 'sqs', [['queueUrl', 'https://sqs.us-east-1.amazonaws.com/123456789012/order-events']]),
      change('table', 'dynamodb', [['tableName', 'Orders']]),
      change('role', 'iam', [['roleName', 'orders-handler-role']]),
      change('stage-only', 'apigateway', [['stageName', 'orders-api/prod']]),
    ];
    const joined = changesByNode(NODES, events, ARNS);
    const ids = (key: string) => (joined.get(key) ?? []).map((item) => item.eventId);
    expect(ids('AWS::Lambda|orders-handler')).toEqual(['fn-arn', 'fn']);
    expect(ids('AWS::Lambda::Function|orders-handler')).toEqual(['fn-arn', 'fn']);
    expect(ids('AWS::ApiGateway::Stage|orders-api/prod')).toEqual(['api']);
    expect(ids('AWS::SQS::Queue|order-events')).toEqual(['queue']);
    expect(ids('AWS::DynamoDB::Table|Orders')).toEqual(['table']);
    expect(ids('client|orders-api/prod')).toEqual([]);
    expect(ids('AWS::ECS::Container|pricing-service')).toEqual([]);
    expect(joined.get('AWS::ApiGateway::Stage|orders-api/prod')![0]!.matchedBy).toBe('restApiId=a1b2c3d4e5');
  });

  it('treats data-chosen names as plain strings', () => {
    const nodes = [node('', '__proto__'), node('', 'constructor')];
    const joined = changesByNode(nodes, [change('p', 'lambda', [['functionName', '__proto__']]), change('c', 'lambda', [['functionName', 'toString']])], new Map());
    expect([...joined.keys()]).toEqual(['|__proto__']);
  });

  it('never joins a client node, even one named like a function', () => {
    const joined = changesByNode([node('client', 'orders-handler'), node('AWS::Lambda', 'orders-handler')], [change('fn', 'lambda', [['functionName', 'orders-handler']])], new Map());
    expect([...joined.keys()]).toEqual(['AWS::Lambda|orders-handler']);
  });

  it('skips events that are no change and join keys that are not text', () => {
    const read: ChangeEvent = { ...change('read', 'lambda', []), change: undefined, readOnly: true };
    const odd = change('odd', 'lambda', []);
    const hostile: ChangeEvent = { ...odd, change: { family: 'lambda', joinKeys: [{ kind: 'functionName', value: 42 as unknown as string }, { kind: 'functionName', value: 'orders-handler' }] } };
    const joined = changesByNode(NODES, [read, hostile], ARNS);
    expect((joined.get('AWS::Lambda|orders-handler') ?? []).map((item) => item.eventId)).toEqual(['odd']);
  });

  it('says which key matched first when several match one node', () => {
    const both = change('both', 'lambda', [['functionName', 'orders-handler'], ['functionArn', 'arn:aws:lambda:us-east-1:123456789012:function:orders-handler']]);
    const joined = changesByNode(NODES, [both], ARNS);
    expect(joined.get('AWS::Lambda|orders-handler')![0]!.matchedBy).toBe('functionName=orders-handler');
  });

  it('joins a topic ARN on its last part, and a queue URL with a trailing slash on its queue', () => {
    const nodes = [node('AWS::SNS', 'order-notices'), node('AWS::SQS::Queue', 'order-events')];
    const events = [
      change('topic', 'sns', [['topicArn', 'arn:aws:sns:us-east-1:123456789012:order-notices']]),
      change('queue', 'sqs', [['queueUrl', 'https://sqs.us-east-1.amazonaws.com/123456789012/order-events/']]),
    ];
    const joined = changesByNode(nodes, events, new Map());
    expect([...joined].map(([key, list]) => [key, list.map((item) => item.eventId)])).toEqual([
      ['AWS::SNS|order-notices', ['topic']],
      ['AWS::SQS::Queue|order-events', ['queue']],
    ]);
  });

  it('lists the changes of one second by eventID, whatever order they came in', () => {
    const events = (ids: string[]) => ids.map((id) => change(id, 'dynamodb', [['tableName', 'Orders']], 5000));
    for (const order of [['b', 'a', 'c'], ['a', 'b', 'c'], ['c', 'b', 'a']]) {
      expect(changesByNode(NODES, events(order), ARNS).get('AWS::DynamoDB::Table|Orders')!.map((item) => item.eventId)).toEqual(['a', 'b', 'c']);
    }
  });

  it('joins on the parts of an ARN\'s resource only, and only of a real ARN', () => {
    // A Lambda node named by its code ("checkout"), whose segments give the function's ARN.
    const nodes = [node('AWS::Lambda', 'checkout'), node('AWS::EC2::Instance', 'web')];
    const arns = new Map([
      ['AWS::Lambda|checkout', ['arn:aws:lambda:us-east-1:123456789012:function:orders-handler']],
      // Six ':' fields like an ARN, but not one: joined on its whole text only.
      ['AWS::EC2::Instance|web', ['urn:example:ec2:us-east-1:123456789012:instance/i-0abc']],
    ]);
    const events = [
      change('fn', 'lambda', [['functionName', 'orders-handler']]),
      // "lambda" and "us-east-1" are fields of the ARN, not parts of its resource.
      change('table', 'dynamodb', [['tableName', 'lambda']]),
      change('group', 'ec2', [['groupId', 'i-0abc']]),
    ];
    const joined = changesByNode(nodes, events, arns);
    expect([...joined].map(([key, list]) => [key, list.map((item) => item.eventId)])).toEqual([['AWS::Lambda|checkout', ['fn']]]);
  });

  it('ignores any number of separators at the end of a value', () => {
    const joined = changesByNode(NODES, [change('queue', 'sqs', [['queueUrl', 'https://sqs.us-east-1.amazonaws.com/123456789012/order-events//']])], ARNS);
    expect(joined.get('AWS::SQS::Queue|order-events')!.map((item) => item.eventId)).toEqual(['queue']);
  });
});


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
});

import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import { classifyChange, lastArnSegment, parseFunctionName, topicOfSubscription } from './config-changes.ts';

type Json = Record<string, unknown>;

// The real UpdateFunctionCode record of stratus-red-team (function stratus-red-team-olc-func-vayhjqkdav,
// awsRegion ap-westeast-2r, account 266106314375); the other records here are it with other parameters.
const real = (JSON.parse(fixtureText('stratus-red-team/aws.persistence.lambda-overwrite-code.json')) as Json[])[0]!;
const FN = 'stratus-red-team-olc-func-vayhjqkdav';
const ARN = `arn:aws:lambda:ap-westeast-2r:266106314375:function:${FN}`;
const withParameters = (requestParameters: unknown, extra: Json = {}): Json => ({ ...real, requestParameters, responseElements: null, ...extra });

describe('parseFunctionName refuses what is not one of the documented forms', () => {
  it('an ARN of more than eight fields, of another service, or of a Lambda layer', () => {
    expect(parseFunctionName(`${ARN}:1:extra`)).toBeUndefined();
    expect(parseFunctionName(`arn:aws:states:us-east-1:123456789012:function:${FN}`)).toBeUndefined();
    expect(parseFunctionName('arn:aws:lambda:us-east-1:123456789012:layer:my-layer:3')).toBeUndefined();
  });

  it('a partial ARN with more than a qualifier after the name, a name with more than one qualifier', () => {
    expect(parseFunctionName('123456789012:function:my-function:v1:extra')).toBeUndefined();
    expect(parseFunctionName('my-function:v1:extra')).toBeUndefined();
  });

  it('keeps only the parts the form has: no empty qualifier, no empty Region', () => {
    expect(parseFunctionName('my-function')).toStrictEqual({ name: 'my-function' });
    expect(parseFunctionName('my-function:')).toStrictEqual({ name: 'my-function' });
    // An alias may be called "function": two parts are a name and its qualifier, not a partial ARN.
    expect(parseFunctionName('my-function:function')).toStrictEqual({ name: 'my-function', qualifier: 'function' });
    expect(parseFunctionName('123456789012:function:my-function')).toStrictEqual({ name: 'my-function', account: '123456789012' });
    expect(parseFunctionName('arn:aws:lambda::123456789012:function:my-function')).toStrictEqual({ name: 'my-function', partition: 'aws', account: '123456789012' });
  });
});

describe('lastArnSegment and topicOfSubscription', () => {
  it('an ARN gives the last part of its resource, a name stays as it is', () => {
    expect(lastArnSegment('arn:aws:ecs:us-east-1:123456789012:service/orders-cluster/orders-service')).toBe('orders-service');
    expect(lastArnSegment('arn:aws:ecs:us-east-1:123456789012:task-definition/orders:3')).toBe('orders:3');
    expect(lastArnSegment('arn:aws:sns:us-east-1:123456789012:orders')).toBe('orders');
    expect(lastArnSegment('orders-cluster')).toBe('orders-cluster');
    // Not an ARN, though it has as many ':' fields as one.
    expect(lastArnSegment('urn:x:ecs:us-east-1:123456789012:service/orders')).toBe('urn:x:ecs:us-east-1:123456789012:service/orders');
  });

  it('a subscription ARN gives its topic; anything else gives none', () => {
    expect(topicOfSubscription('arn:aws:sns:us-east-1:123456789012:orders:7f0c6b1e-2a3d-4c5e-8f90-123456789abc')).toBe('arn:aws:sns:us-east-1:123456789012:orders');
    expect(topicOfSubscription('arn:aws:sns:us-east-1:123456789012:orders')).toBeUndefined();
    expect(topicOfSubscription('arn:aws:sqs:us-east-1:123456789012:orders:7f0c6b1e')).toBeUndefined();
    expect(topicOfSubscription('urn:aws:sns:us-east-1:123456789012:orders:7f0c6b1e')).toBeUndefined();
  });
});

describe('classifyChange reads its join keys carefully', () => {
  it('an empty errorCode is no error: the call is still a change', () => {
    expect(classifyChange({ ...real, errorCode: '' })?.family).toBe('lambda');
  });

  it('a record without an eventName is no change', () => {
    const { eventName: _name, ...unnamed } = real;
    expect(classifyChange(unnamed)).toBeUndefined();
  });

  it('a Lambda change whose FunctionName is none of its forms has no function key', () => {
    expect(classifyChange(withParameters({ functionName: 'arn:aws:s3:::my-bucket' }))?.joinKeys).toEqual([]);
  });

  it('names the function\'s ARN only when the record tells both Region and account', () => {
    const { awsRegion: _region, ...noRegion } = withParameters({ functionName: FN });
    expect(classifyChange(noRegion)?.joinKeys).toEqual([{ kind: 'functionName', value: FN }]);
    const { recipientAccountId: _account, ...noAccount } = withParameters({ functionName: FN });
    expect(classifyChange(noAccount)?.joinKeys).toEqual([{ kind: 'functionName', value: FN }]);
    expect(classifyChange(withParameters({ functionName: FN }))?.joinKeys).toEqual([
      { kind: 'functionName', value: FN },
      { kind: 'functionArn', value: ARN },
    ]);
  });

  it('lists a key once when two parameters give it (a subscription of the topic named beside it)', () => {
    const topic = 'arn:aws:sns:us-east-1:123456789012:orders';
    const record = { ...real, eventSource: 'sns.amazonaws.com', eventName: 'SetSubscriptionAttributes', requestParameters: { topicArn: topic, subscriptionArn: `${topic}:7f0c6b1e-2a3d-4c5e-8f90-123456789abc` } };
    expect(classifyChange(record)?.joinKeys).toEqual([{ kind: 'topicArn', value: topic }]);
    // A subscription ARN that names no topic gives no key.
    expect(classifyChange({ ...record, requestParameters: { subscriptionArn: 'not-an-arn' } })?.joinKeys).toEqual([]);
  });

  it('a stack given by name keeps its name', () => {
    const record = { ...real, eventSource: 'cloudformation.amazonaws.com', eventName: 'UpdateStack', requestParameters: { stackName: 'orders-stack' } };
    expect(classifyChange(record)?.joinKeys).toEqual([{ kind: 'stackName', value: 'orders-stack' }]);
  });

  it('skips parameters that are not text or empty, and reads responseElements when requestParameters is null', () => {
    expect(classifyChange(withParameters({ functionName: 42 }))?.joinKeys).toEqual([]);
    expect(classifyChange(withParameters({ functionName: [FN] }))?.joinKeys).toEqual([]);
    expect(classifyChange(withParameters({ functionName: '' }, { responseElements: { functionName: FN } }))?.joinKeys).toEqual([
      { kind: 'functionName', value: FN },
      { kind: 'functionArn', value: ARN },
    ]);
    expect(classifyChange(withParameters(null, { responseElements: { functionName: FN } }))?.joinKeys).toEqual([
      { kind: 'functionName', value: FN },
      { kind: 'functionArn', value: ARN },
    ]);
  });
});

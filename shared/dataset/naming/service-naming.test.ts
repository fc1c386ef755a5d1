import { describe, expect, it } from 'vitest';
import type { Span } from '../../model/trace.ts';
import { canonicalType, functionName, nodeKey, serviceIdentity, urlHost } from './service-naming.ts';

function span(fields: Omit<Partial<Span>, 'doc'> & { doc?: Record<string, unknown> }): Span {
  return {
    id: 'a',
    traceId: 't',
    kind: 'segment',
    name: 'n',
    start: 0,
    end: 1,
    inProgress: false,
    parentId: undefined,
    segmentId: 'a',
    origin: undefined,
    namespace: undefined,
    error: false,
    throttle: false,
    fault: false,
    inferred: false,
    ...fields,
    doc: { id: 'a', name: fields.name ?? 'n', start_time: 0, ...fields.doc },
  } as Span;
}

describe('nodeKey', () => {
  it('is type|name with the type in its canonical spelling', () => {
    expect(nodeKey('AWS::Lambda::Function', 'orders-handler')).toBe('AWS::Lambda::Function|orders-handler');
    expect(nodeKey('AWS::APIGateway::Stage', 'orders-api/prod')).toBe(nodeKey('AWS::ApiGateway::Stage', 'orders-api/prod'));
    expect(nodeKey('CLIENT', 'x')).toBe('client|x');
    expect(nodeKey('Custom::Thing', 'x')).toBe('Custom::Thing|x');
    expect(nodeKey('', 'my-app')).toBe('|my-app');
    expect(canonicalType('aws::dynamodb::table')).toBe('AWS::DynamoDB::Table');
  });
});

describe('serviceIdentity', () => {
  it('names emitted segments by name and origin, an origin-less one with no type', () => {
    expect(serviceIdentity(span({ name: 'orders-api/prod', origin: 'AWS::ApiGateway::Stage' }))).toEqual({ name: 'orders-api/prod', type: 'AWS::ApiGateway::Stage' });
    expect(serviceIdentity(span({ name: 'SampleServer' }))).toEqual({ name: 'SampleServer', type: '' });
  });

  it('names inferred segments after the resource they reached', () => {
    const inferred = (origin: string | undefined, aws: Record<string, unknown>, name = 'svc') => serviceIdentity(span({ kind: 'inferred', inferred: true, name, origin, doc: { aws } }));
    expect(inferred('AWS::DynamoDB::Table', { table_name: 'Orders' }, 'DynamoDB')).toEqual({ name: 'Orders', type: 'AWS::DynamoDB::Table' });
    expect(inferred('AWS::SQS::Queue', { queue_url: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs?x=1' })).toEqual({ name: 'jobs', type: 'AWS::SQS::Queue' });
    expect(inferred('AWS::S3::Bucket', { bucket_name: 'uploads' })).toEqual({ name: 'uploads', type: 'AWS::S3::Bucket' });
    expect(inferred('AWS::Lambda', { function_name: 'arn:aws:lambda:us-east-1:123456789012:function:worker:live' })).toEqual({ name: 'worker', type: 'AWS::Lambda' });
    expect(inferred('AWS::SNS', { topic_arn: 'arn:aws:sns:us-east-1:123456789012:t' }, 'SNS')).toEqual({ name: 'SNS', type: 'AWS::SNS' });
    expect(inferred(undefined, {}, 'api.example.com')).toEqual({ name: 'api.example.com', type: 'remote' });
    expect(inferred('AWS::DynamoDB::Table', {}, 'DynamoDB')).toEqual({ name: 'DynamoDB', type: 'AWS::DynamoDB::Table' });
  });
});

describe('urlHost and functionName', () => {
  it('take the host of absolute URLs only', () => {
    expect(urlHost('https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/orders')).toBe('a1b2c3d4e5.execute-api.us-east-1.amazonaws.com');
    expect(urlHost('http://user:pw@Example.COM:8080/x')).toBe('example.com');
    expect(urlHost('http://[::1]:8000/')).toBe('[::1]');
    expect(urlHost('//aawijb5u25wdoy.cpamxznpdoq8.us-west-2.rds.amazonaws.com:5432/ebdb')).toBeUndefined();
    expect(urlHost(42)).toBeUndefined();
  });

  it('read the scheme and authority as RFC 3986 spells them (the scan that replaced a regular expression)', () => {
    // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ); authority ends at "/", "?" or "#".
    expect(urlHost('svn+ssh.v2-x://Host.Example?q=1')).toBe('host.example');
    expect(urlHost('HTTPS://h.example#frag')).toBe('h.example');
    expect(urlHost('https://h.example')).toBe('h.example');
    expect(urlHost('1http://h.example/')).toBeUndefined();
    expect(urlHost('ht_tp://h.example/')).toBeUndefined();
    expect(urlHost('https:/h.example/')).toBeUndefined();
    expect(urlHost('://h.example/')).toBeUndefined();
    expect(urlHost('')).toBeUndefined();
    expect(urlHost('https:///path')).toBeUndefined();
    // The port is digits after the last colon; anything else after it stays part of the host.
    expect(urlHost('http://h.example:/')).toBe('h.example');
    expect(urlHost('http://h.example:80a/')).toBe('h.example:80a');
    expect(urlHost('http://a:b@h.example:1:2/')).toBe('h.example:1');
    expect(urlHost('http://user@:8080/')).toBeUndefined();
  });

  it('take the function name out of a Lambda ARN', () => {
    expect(functionName('arn:aws:lambda:us-east-1:123456789012:function:orders-handler')).toBe('orders-handler');
    expect(functionName('123456789012:function:orders-handler:prod')).toBe('orders-handler');
    expect(functionName('orders-handler')).toBe('orders-handler');
  });
});

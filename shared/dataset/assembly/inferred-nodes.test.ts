import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import { inferredSegmentFor, infersDownstream } from './inferred-nodes.ts';

const TRACE = '1-5f29ab21-d4ebf299219a65bd5c31d6da';

/** Every subsegment object of a document, at any depth. */
function subsegmentsOf(document: Record<string, unknown>): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const pending = [document];
  while (pending.length > 0) {
    const next = pending.pop()!;
    for (const sub of (next['subsegments'] as Record<string, unknown>[] | undefined) ?? []) {
      found.push(sub);
      pending.push(sub);
    }
  }
  return found;
}

describe('inferredSegmentFor', () => {
  it.each([
    ['the reference example (aws-reference.md Appendix B)', 'aws-reference-appendices/batch-get-traces.json', 'bf6c5b8d4e7a92a6'],
    ["the AWS CLI's Scorekeep trace", 'aws-cli-examples/batch-get-traces_output.json', '2d6900034ccfe558'],
  ])('compiles the same inferred DynamoDB segment as X-Ray did in %s', (_, path, callId) => {
    const output = JSON.parse(fixtureText(path)) as { Traces: { Segments: { Document: string }[] }[] };
    const documents = output.Traces[0]!.Segments.map((segment) => JSON.parse(segment.Document) as Record<string, unknown>);
    const call = documents.flatMap(subsegmentsOf).find((sub) => sub['id'] === callId)!;
    const compiledByXRay = documents.find((document) => document['inferred'] === true)!;
    const ours = inferredSegmentFor(call, compiledByXRay['trace_id'] as string) as unknown as Record<string, unknown>;
    // Everything but the id (X-Ray's is random) matches what X-Ray compiled.
    const { id: ourId, ...oursRest } = ours;
    const { id: theirId, ...theirsRest } = compiledByXRay;
    expect(oursRest).toEqual(theirsRest);
    expect([ourId, typeof theirId]).toEqual([`${callId}:inferred`, 'string']);
  });

  it("names ddbSample's Go SDK calls (`dynamodb`) as DynamoDB table nodes", () => {
    const document = JSON.parse(fixtureText('otel-contrib-awsxray/ddbSample.txt')) as Record<string, unknown>;
    const calls = subsegmentsOf(document).filter((sub) => infersDownstream(sub['namespace']));
    expect(calls.map((sub) => inferredSegmentFor(sub, TRACE)).map((doc) => [doc.name, doc.origin, doc.aws?.['table_name'], doc.fault ?? false])).toEqual([
      ['DynamoDB', 'AWS::DynamoDB::Table', 'xray_sample_table', false],
      ['DynamoDB', 'AWS::DynamoDB::Table', 'does_not_exist', true],
    ]);
  });

  it('names AWS calls by service and resource, as the X-Ray developer guide describes', () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['DynamoDB', { operation: 'ListTables' }, 'DynamoDB', 'AWS::DynamoDB'],
      ['SQS', { queue_url: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders' }, 'SQS', 'AWS::SQS::Queue'],
      ['SQS', { operation: 'ListQueues' }, 'SQS', 'AWS::SQS'],
      ['SNS', { topic_arn: 'arn:aws:sns:us-west-2:123456789012:topic' }, 'SNS', 'AWS::SNS'],
      ['S3', { bucket_name: 'uploads', key_name: 'a.txt' }, 'S3', 'AWS::S3::Bucket'],
      ['Lambda', { function_name: 'orders-handler', operation: 'Invoke' }, 'Lambda', 'AWS::Lambda'],
      ['events', { operation: 'PutEvents' }, 'Events', 'AWS::Events'],
      ['SecretsManager', { operation: 'GetSecretValue' }, 'SecretsManager', 'AWS::SecretsManager'],
    ];
    for (const [name, aws, segmentName, origin] of cases) {
      const doc = inferredSegmentFor({ id: 'c', name, namespace: 'aws', start_time: 1, end_time: 2, aws }, TRACE);
      expect([doc.name, doc.origin]).toEqual([segmentName, origin]);
    }
  });

  it('names a remote call after its URL host, with no origin, keeping the request', () => {
    const indep = JSON.parse(fixtureText('otel-contrib-awsxray/indepSubsegment.txt')) as Record<string, unknown>;
    const doc = inferredSegmentFor(indep, indep['trace_id'] as string);
    expect(doc).toMatchObject({ name: 'api.example.com', parent_id: '53995c3f42cd8ad8', inferred: true, start_time: 1478293361.271, end_time: 1478293361.449 });
    expect(doc.origin).toBeUndefined();
    expect(doc.http).toEqual(indep['http']);
    const named = inferredSegmentFor({ id: 'c', name: 'Orders API', namespace: 'remote', start_time: 1, end_time: 2, http: { request: { url: 'https://USER@Api.Example.com:8443/v1?q=1' } } }, TRACE);
    expect(named.name).toBe('api.example.com');
  });

  it("names a remote call without a URL (SQL) after the subsegment", () => {
    const sql = JSON.parse(fixtureText('otel-contrib-awsxray/indepSubsegmentWithSql.txt')) as Record<string, unknown>;
    expect(inferredSegmentFor(sql, TRACE).name).toBe('ebdb@aawijb5u25wdoy.cpamxznpdoq8.us-west-2.rds.amazonaws.com');
  });

  it('only infers from aws and remote calls', () => {
    expect(['aws', 'remote', 'local', undefined, 'AWS'].map(infersDownstream)).toEqual([true, true, false, false, false]);
  });
});

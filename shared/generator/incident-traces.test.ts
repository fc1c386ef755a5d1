import { describe, expect, it } from 'vitest';
import type { XRaySegmentDocument } from '../model/index.ts';
import { generateIncident } from './incident.ts';
import { invocationOf, parseTraces, spansOf } from '../../test/support/incident-ground-truth.ts';

const incident = generateIncident();
const { facts } = incident;
const traces = parseTraces(incident);

describe('generated traces are shaped as BatchGetTraces returns them (aws-reference.md Appendix B)', () => {
  it('gives every trace X-Ray ids, parseable documents and a Duration from first start to last end', () => {
    expect(traces.length).toBeGreaterThan(2000);
    for (const [index, trace] of traces.entries()) {
      const raw = incident.traces[index];
      expect(trace.id).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
      expect(parseInt(trace.id.slice(2, 10), 16)).toBe(Math.floor(trace.stage.start_time));
      expect(raw?.LimitExceeded).toBe(false);
      let first = Infinity;
      let last = -Infinity;
      for (const [i, doc] of trace.documents.entries()) {
        expect(raw?.Segments[i]?.Id).toBe(doc.id);
        expect(doc.trace_id).toBe(trace.id);
        for (const span of spansOf(doc)) {
          expect(span.id).toMatch(/^[0-9a-f]{16}$/);
          expect(span.end_time).toBeGreaterThanOrEqual(span.start_time);
          first = Math.min(first, span.start_time);
          last = Math.max(last, span.end_time ?? -Infinity);
        }
      }
      expect(trace.duration).toBeCloseTo(last - first, 6);
    }
  });

  it('resolves every parent_id inside its own trace, and only the stage segment has none', () => {
    for (const trace of traces) {
      const ids = new Set(trace.documents.flatMap((doc) => spansOf(doc).map((span) => span.id)));
      expect(ids.size).toBe(trace.documents.reduce((n, doc) => n + spansOf(doc).length, 0));
      for (const doc of trace.documents) {
        if (doc === trace.stage) expect(doc.parent_id).toBeUndefined();
        else expect(ids.has(doc.parent_id as string)).toBe(true);
      }
    }
  });

  it('links stage → Lambda integration subsegment → AWS::Lambda → AWS::Lambda::Function', () => {
    for (const trace of traces) {
      expect(trace.stage.name).toBe(`${facts.apiName}/${facts.stage}`);
      expect(trace.stage.resource_arn).toBe(`arn:aws:apigateway:${facts.region}::/restapis/${facts.restApiId}/stages/${facts.stage}`);
      expect(trace.stage.aws?.api_gateway).toMatchObject({ account_id: facts.accountId, rest_api_id: facts.restApiId, stage: facts.stage });
      expect(trace.stage.annotations).toEqual({ 'aws:api_id': facts.restApiId, 'aws:api_stage': facts.stage });
      const integration = trace.stage.subsegments?.[0];
      expect(trace.stage.subsegments).toHaveLength(1);
      expect(integration).toMatchObject({ name: 'Lambda', namespace: 'aws', aws: { function_name: facts.functionName, operation: 'Invoke', resource_names: [facts.functionName] } });
      expect(integration?.http?.request?.url).toBe(`https://lambda.${facts.region}.amazonaws.com/2015-03-31/functions/${facts.functionArn}/invocations`);
      expect(trace.lambda).toMatchObject({ name: facts.functionName, parent_id: integration?.id, resource_arn: facts.functionArn });
      expect(trace.fn).toMatchObject({ name: facts.functionName, parent_id: trace.lambda.id, aws: { function_arn: facts.functionArn, resource_names: [facts.functionName], account_id: facts.accountId } });
      // The integration call holds the Lambda service segment, which holds the function's work.
      expect(integration?.start_time).toBeLessThanOrEqual(trace.lambda.start_time);
      expect(integration?.end_time).toBeGreaterThanOrEqual(trace.lambda.end_time as number);
      expect(trace.lambda.end_time).toBeGreaterThanOrEqual(trace.fn.end_time as number);
    }
  });

  it('gives the function Invocation and Overhead always and Initialization on cold starts only, before the invocation', () => {
    let cold = 0;
    for (const trace of traces) {
      const names = (trace.fn.subsegments ?? []).map((sub) => sub.name);
      const invocation = invocationOf(trace);
      const isCold = invocation.annotations?.cold_start === true;
      expect(names).toEqual(isCold ? ['Initialization', 'Invocation', 'Overhead'] : ['Invocation', 'Overhead']);
      if (isCold) {
        cold++;
        const init = trace.fn.subsegments?.[0];
        expect(init?.start_time).toBeGreaterThanOrEqual(trace.lambda.start_time);
        expect(init?.end_time).toBeLessThanOrEqual(invocation.start_time);
      }
      const overhead = trace.fn.subsegments?.[names.length - 1];
      expect(overhead?.start_time).toBe(invocation.end_time);
      expect(overhead?.end_time).toBe(trace.fn.end_time);
    }
    expect(cold).toBe(facts.counts.coldStarts);
    expect(cold).toBeGreaterThan(10);
  });

  it('puts one client subsegment under Invocation per inferred segment, which mirrors it', () => {
    const origins = new Map<string, number>();
    for (const trace of traces) {
      const calls = invocationOf(trace).subsegments ?? [];
      expect(calls.length).toBe(trace.inferred.length);
      for (const inferred of trace.inferred) {
        const client = calls.find((call) => call.id === inferred.parent_id);
        expect(client, `inferred ${inferred.id} of ${trace.id}`).toBeDefined();
        expect(client?.namespace).toBe(inferred.origin === undefined ? 'remote' : 'aws');
        expect([inferred.name, inferred.start_time, inferred.end_time, inferred.error, inferred.throttle]).toEqual([
          client?.name, client?.start_time, client?.end_time, client?.error, client?.throttle,
        ]);
        expect(inferred.http?.response).toEqual(client?.http?.response);
        origins.set(inferred.origin ?? 'remote', (origins.get(inferred.origin ?? 'remote') ?? 0) + 1);
        checkInferred(inferred, client?.aws);
      }
    }
    expect([...origins.keys()].sort()).toEqual(['AWS::DynamoDB::Table', 'AWS::SNS', 'AWS::SQS::Queue', 'remote']);
  });

  it('marks throttled DynamoDB calls with error, throttle and a ProvisionedThroughputExceededException cause', () => {
    let throttled = 0;
    for (const trace of traces) {
      for (const call of invocationOf(trace).subsegments ?? []) {
        if (call.throttle !== true) continue;
        throttled++;
        expect(call).toMatchObject({ name: 'DynamoDB', error: true, http: { response: { status: 400 } }, aws: { retries: 2, table_name: facts.tableName } });
        const cause = call.cause as unknown as { exceptions: { type: string; remote: boolean }[] };
        expect(cause.exceptions[0]).toMatchObject({ type: 'ProvisionedThroughputExceededException', remote: true });
        expect(trace.inferred.find((doc) => doc.parent_id === call.id)).toMatchObject({ error: true, throttle: true });
      }
    }
    expect(throttled).toBe(facts.counts.throttledBeforeChange + facts.counts.throttledAfterChange);
  });

  it('answers 5xx only with a fault on the stage: 502 with the cause on the function, 503 when the function handled it', () => {
    const statuses = new Set<number>();
    for (const trace of traces) {
      const status = trace.stage.http?.response?.status as number;
      expect(trace.stage.fault === true).toBe(status >= 500);
      expect(trace.stage.error === true).toBe(status >= 400 && status < 500);
      if (status < 500) continue;
      statuses.add(status);
      expect(invocationOf(trace).subsegments?.some((call) => call.throttle === true)).toBe(true);
      if (status === 502) {
        expect(trace.fn.fault).toBe(true);
        expect(trace.lambda.fault).toBe(true);
        const cause = trace.fn.cause as unknown as { exceptions: { type: string; stack: unknown[] }[] };
        expect(cause.exceptions[0]?.type).toBe('ProvisionedThroughputExceededException');
        expect(cause.exceptions[0]?.stack.length).toBeGreaterThan(0);
      } else {
        expect(status).toBe(503);
        expect(trace.fn.fault).toBeUndefined();
      }
    }
    expect([...statuses].sort()).toEqual([502, 503]);
  });
});

function checkInferred(inferred: XRaySegmentDocument, clientAws: Readonly<Record<string, unknown>> | undefined): void {
  if (inferred.origin === undefined) {
    expect(inferred.name).toBe(facts.externalHost);
    expect(inferred.http?.request?.url).toBe(`https://${facts.externalHost}/v1/charges`);
    return;
  }
  expect(inferred.aws).toEqual(clientAws);
  const expected: Record<string, [string, string, unknown]> = {
    'AWS::DynamoDB::Table': ['DynamoDB', 'table_name', facts.tableName],
    'AWS::SQS::Queue': ['SQS', 'queue_url', facts.queueUrl],
    'AWS::SNS': ['SNS', 'topic_arn', facts.topicArn],
  };
  const [name, key, value] = expected[inferred.origin] ?? ['?', '?', '?'];
  expect(inferred.name).toBe(name);
  expect(inferred.aws?.[key]).toBe(value);
}

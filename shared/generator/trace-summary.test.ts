import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../test/support/fixtures.ts';
import type { XRaySegmentDocument } from '../model/index.ts';
import { generateIncident } from './incident.ts';
import { durationMs, invocationOf, parseTraces, spansOf } from '../../test/support/incident-ground-truth.ts';
import { generateScaleSegments } from './scale.ts';
import { summarizeTrace } from './trace-summary.ts';

interface CliTrace {
  Id: string;
  Duration: number;
  Segments: { Id: string; Document: string }[];
}
const cliTraces = (path: string): CliTrace[] => (JSON.parse(fixtureText(path)) as { Traces: CliTrace[] }).Traces;
const documentsOf = (trace: CliTrace): XRaySegmentDocument[] => trace.Segments.map((s) => JSON.parse(s.Document) as XRaySegmentDocument);

describe('summarizeTrace on real X-Ray documents', () => {
  it('reproduces the Duration AWS returned for the CLI example trace and names its services as X-Ray does', () => {
    const [trace] = cliTraces('aws-cli-examples/batch-get-traces_output.json');
    const summary = summarizeTrace(trace!.Id, documentsOf(trace!), '123456789012');
    expect(summary.Duration).toBe(trace!.Duration);
    expect(summary.ResponseTime).toBe(0.232);
    expect(summary).toMatchObject({ HasFault: false, HasError: false, HasThrottle: false, IsPartial: false });
    expect(summary.Http).toEqual({ HttpURL: 'http://scorekeep-env-1.m4fg2pfzpv.us-east-2.elasticbeanstalk.com/api/user', HttpStatus: 200, HttpMethod: 'POST', UserAgent: 'curl/7.59.0', ClientIp: '52.95.4.28' });
    expect(summary.ServiceIds?.map((id) => [id.Name, id.Type])).toEqual([
      ['Scorekeep', 'AWS::ElasticBeanstalk::Environment'],
      ['scorekeep-user', 'AWS::DynamoDB::Table'],
    ]);
    expect(summary.EntryPoint?.Name).toBe('Scorekeep');
    expect(summary.FaultRootCauses).toEqual([]);
  });

  it('finds the fault root cause with its exception in the otel DynamoDB fault sample', () => {
    const doc = JSON.parse(fixtureText('otel-contrib-awsxray/ddbSample.txt')) as XRaySegmentDocument;
    const summary = summarizeTrace(doc.trace_id, [doc], '123456789012');
    expect(summary.HasFault).toBe(true);
    const [cause] = summary.FaultRootCauses as { Services: { Name: string; EntityPath: { Name: string; Exceptions: { Name: string }[] }[] }[]; ClientImpacting: boolean }[];
    expect(cause?.ClientImpacting).toBe(true);
    expect(cause?.Services[0]?.Name).toBe('DDB');
    expect(cause?.Services[0]?.EntityPath[0]?.Exceptions[0]?.Name).toBe('dynamodb.ResourceNotFoundException');
  });

  it('takes the function as entry point when its Lambda service segment is missing (aws-iatk sample)', () => {
    const trace = cliTraces('aws-iatk/go_test_documents_as_BatchGetTraces.json').find((t) => t.Id === '1-64de5a99-5d09aa705e56bbd0152548cb');
    const summary = summarizeTrace(trace!.Id, documentsOf(trace!), '012345678901');
    expect(summary.EntryPoint).toMatchObject({ Name: 'sam-ts-app-z-NewOrderConsumerFunction-Qqv4wKsAxhOi', Type: 'AWS::Lambda::Function' });
    expect(summary.ServiceIds?.map((id) => id.Type).sort()).toEqual(['AWS::Events', 'AWS::Lambda::Function']);
  });
});

describe('summarizeTrace on hostile documents', () => {
  it('keeps odd annotation keys as plain data and skips malformed causes', () => {
    const doc = JSON.parse(
      '{"id":"a1b2c3d4e5f60718","name":"svc","trace_id":"1-5f000000-000000000000000000000001","start_time":10,"end_time":11,"fault":true,' +
        '"annotations":{"__proto__":"x","constructor":1},"cause":{"exceptions":[null,{"type":5},{"type":"Boom","message":"m"}]}}',
    ) as XRaySegmentDocument;
    const summary = summarizeTrace(doc.trace_id, [doc], '123456789012');
    expect(Object.getPrototypeOf(summary.Annotations)).toBe(Object.prototype);
    expect(Object.hasOwn(summary.Annotations ?? {}, '__proto__')).toBe(true);
    expect(Object.keys(summary.Annotations ?? {})).toEqual(['__proto__', 'constructor']);
    const [cause] = summary.FaultRootCauses as { Services: { EntityPath: { Exceptions: unknown[] }[] }[] }[];
    expect(cause?.Services[0]?.EntityPath[0]?.Exceptions).toEqual([
      { Name: '', Message: '' },
      { Name: 'Boom', Message: 'm' },
    ]);
  });
});

describe('summaries of the generated incident agree with its documents', () => {
  const incident = generateIncident();
  const { facts } = incident;
  const traces = parseTraces(incident);
  const byId = new Map(incident.summaries.map((s) => [s.Id, s]));

  it('has one summary per trace, newest first', () => {
    expect(incident.summaries.map((s) => s.Id)).toEqual(traces.map((t) => t.id).reverse());
  });

  it('computes the fields from the documents', () => {
    for (const trace of traces) {
      const s = byId.get(trace.id)!;
      const spans = trace.documents.flatMap(spansOf);
      expect(s.StartTime).toBe(trace.stage.start_time);
      expect(s.Duration).toBe(trace.duration);
      expect(s.ResponseTime).toBe(durationMs(trace.stage) / 1000);
      expect(s.HasFault).toBe(trace.stage.fault === true);
      expect(s.HasError).toBe(trace.stage.error === true);
      expect(s.HasThrottle).toBe(spans.some((span) => span.throttle === true));
      expect(s.Http).toMatchObject({ HttpURL: trace.stage.http?.request?.url, HttpStatus: trace.stage.http?.response?.status, HttpMethod: trace.stage.http?.request?.method });
      expect(s.EntryPoint).toEqual({ Name: facts.stageNodeName, Names: [facts.stageNodeName], AccountId: facts.accountId, Type: 'AWS::ApiGateway::Stage' });
      const names = new Set(s.ServiceIds?.map((id) => `${id.Type}|${id.Name}`));
      expect(names.has(`AWS::Lambda|${facts.functionName}`) && names.has(`AWS::Lambda::Function|${facts.functionName}`)).toBe(true);
      expect(names.has(`AWS::DynamoDB::Table|${facts.tableName}`)).toBe(trace.inferred.some((d) => d.origin === 'AWS::DynamoDB::Table'));
      expect(names.has(`AWS::SQS::Queue|${facts.queueName}`)).toBe(trace.inferred.some((d) => d.origin === 'AWS::SQS::Queue'));
      expect(names.has(`remote|${facts.externalHost}`)).toBe(trace.inferred.some((d) => d.origin === undefined));
      expect((s.Annotations?.tenant?.[0] as { AnnotationValue: unknown }).AnnotationValue).toEqual({ StringValue: invocationOf(trace).annotations?.tenant });
    }
  });

  it('names the function as fault root cause of a 502, the stage for a 503, the table as error root cause of a throttle', () => {
    type Causes = { Services: { Name: string; Type: string; Inferred: boolean; EntityPath: { Exceptions?: { Name: string }[] }[] }[] }[];
    for (const trace of traces) {
      const s = byId.get(trace.id)!;
      const fault = (s.FaultRootCauses as Causes).map((c) => c.Services[0]);
      const status = trace.stage.http?.response?.status;
      if (status === 502) expect(fault).toMatchObject([{ Name: facts.functionName, Type: 'AWS::Lambda::Function', EntityPath: [{ Exceptions: [{ Name: 'ProvisionedThroughputExceededException' }] }] }]);
      else if (status === 503) expect(fault).toMatchObject([{ Name: facts.stageNodeName, Type: 'AWS::ApiGateway::Stage' }]);
      else expect(fault).toEqual([]);
      const errors = (s.ErrorRootCauses as Causes).map((c) => c.Services[0]);
      if (trace.inferred.some((d) => d.throttle === true)) expect(errors).toContainEqual(expect.objectContaining({ Name: facts.tableName, Inferred: true }));
    }
  });
});

describe('summaries of scale traces', () => {
  it('agree with the documents on Duration, IsPartial, HasThrottle and the entry point', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 400 }), (seed, spans) => {
        const documents = [...generateScaleSegments({ seed, traces: 1, spansPerTrace: spans })];
        const all = documents.flatMap(spansOf);
        const summary = summarizeTrace(documents[0]!.trace_id, documents, '123456789012');
        const start = Math.min(...all.map((s) => s.start_time));
        const end = Math.max(...all.map((s) => s.end_time ?? -Infinity));
        expect(summary.Duration).toBe(Math.round((end - start) * 1000) / 1000);
        expect(summary.IsPartial).toBe(all.some((s) => s.in_progress === true));
        expect(summary.HasThrottle).toBe(all.some((s) => s.throttle === true));
        expect(summary.EntryPoint?.Name).toBe('scale-api/bench');
        expect(summary.HasFault).toBe(documents[0]!.fault === true);
      }),
      { numRuns: 60 },
    );
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import type { Trace } from '../../model/trace.ts';
import { SpanFlag } from '../../model/trace.ts';
import { assembleTraces, type AssembledTraces } from './assemble.ts';
import { traceViolations } from './check.ts';

/** The documents of a BatchGetTraces output, each `Document` string parsed. */
function batchGetTracesDocuments(path: string): unknown[] {
  const output = JSON.parse(fixtureText(path)) as { Traces: { Segments: { Document: string }[] }[] };
  return output.Traces.flatMap((trace) => trace.Segments.map((segment) => JSON.parse(segment.Document) as unknown));
}

function otelDocument(name: string): unknown {
  return JSON.parse(fixtureText(`otel-contrib-awsxray/${name}`));
}

/** The tree as indented `kind name [origin]` lines. */
function shape(trace: Trace): string[] {
  return trace.spans.map((span, i) => `${'  '.repeat(trace.depth[i]!)}${span.kind} ${span.name}${span.origin ? ` [${span.origin}]` : ''}`);
}

function flagged(trace: Trace, flag: number): string[] {
  return trace.spans.filter((_, i) => (trace.flags[i]! & flag) !== 0).map((span) => span.id);
}

describe('assembleTraces on the reference BatchGetTraces example (aws-reference.md Appendix B)', () => {
  const documents = batchGetTracesDocuments('aws-reference-appendices/batch-get-traces.json');
  // Assembled in each test, not while the file is collected: mutation testing (docs/mutation-testing.md)
  // attributes what runs to the test that runs it.
  let result: AssembledTraces;
  let trace: Trace;
  beforeEach(() => {
    result = assembleTraces(documents);
    trace = result.traces[0]!;
  });

  it('builds API Gateway stage → Lambda → Lambda::Function → DynamoDB as one tree', () => {
    expect(result.problems).toEqual([]);
    expect(result.traces).toHaveLength(1);
    expect(traceViolations(trace)).toEqual([]);
    expect(shape(trace)).toEqual([
      'segment orders-api/prod [AWS::ApiGateway::Stage]',
      '  subsegment Lambda',
      '    segment orders-handler [AWS::Lambda]',
      '      segment orders-handler [AWS::Lambda::Function]',
      '        subsegment Invocation',
      '          subsegment DynamoDB',
      '            inferred DynamoDB [AWS::DynamoDB::Table]',
      '        subsegment Overhead',
    ]);
  });

  it('adds nothing where the input holds the callee (AWS::Lambda segment, inferred DynamoDB segment)', () => {
    expect(result.inferredAdded).toBe(0);
    expect(flagged(trace, SpanFlag.addedInferred)).toEqual([]);
    expect(trace.spans.filter((span) => span.inferred).map((span) => span.id)).toEqual(['e29f8ebfb1acd5d9']);
  });

  it('counts segment documents, subsegments and outcomes over the whole trace', () => {
    expect(trace.id).toBe('1-6650a1b2-5f1e2d3c4b5a69788796a5b4');
    expect(trace.segmentCount).toBe(4);
    expect(trace.subsegmentCount).toBe(4);
    expect(trace.inProgressCount).toBe(0);
    expect([trace.hasFault, trace.hasError, trace.hasThrottle]).toEqual([true, true, true]);
    expect(trace.start).toBe(1716560306.41);
    expect(trace.end).toBe(1716560306.671);
    expect(Array.from(trace.size)).toEqual([8, 7, 6, 5, 3, 2, 1, 1]);
    expect(Array.from(trace.flags)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('keeps parent ids as the data names them and the segment each span was read from', () => {
    const byName = (name: string, kind: string) => trace.spans.find((span) => span.name === name && span.kind === kind)!;
    expect(byName('Lambda', 'subsegment').parentId).toBe('6a1f0c3e9b2d4e51');
    expect(byName('Lambda', 'subsegment').segmentId).toBe('6a1f0c3e9b2d4e51');
    expect(byName('DynamoDB', 'subsegment').segmentId).toBe('9d4a3f6b2c5e7084');
    expect(byName('DynamoDB', 'inferred').parentId).toBe('bf6c5b8d4e7a92a6');
    expect(byName('DynamoDB', 'subsegment')).toMatchObject({ namespace: 'aws', error: true, throttle: true, fault: false, origin: undefined });
  });
});

describe('assembleTraces on the aws-iatk documents (API Gateway, async Lambda, EventBridge)', () => {
  const documents = batchGetTracesDocuments('aws-iatk/go_test_documents_as_BatchGetTraces.json');
  let result: AssembledTraces;
  let gateway: Trace, events: Trace, copy: Trace;
  beforeEach(() => {
    result = assembleTraces(documents);
    [gateway, events, copy] = result.traces as [Trace, Trace, Trace];
  });

  it('builds three well-formed traces in order of first appearance', () => {
    expect(result.problems).toEqual([]);
    expect(result.traces.map((trace) => trace.id)).toEqual([
      '1-64de5070-34ff53fe0d2e1fbe64b28bef',
      '1-64de5a99-5d09aa705e56bbd0152548cb',
      '1-12de5a99-5d09hh705e56aad0152548cb',
    ]);
    for (const trace of result.traces) expect(traceViolations(trace)).toEqual([]);
  });

  it("infers the stage's Lambda integration callee when no AWS::Lambda segment answers it", () => {
    expect(shape(gateway)).toEqual([
      'segment some-app/Prod [AWS::ApiGateway::Stage]',
      '  subsegment Lambda',
      '    inferred Lambda [AWS::Lambda]',
      'segment my-function [AWS::Lambda]',
      '  subsegment Dwell Time',
      '  subsegment Attempt #1',
    ]);
    // The async Lambda segment names a parent (28793e67ea7098e3) that is not in the trace.
    expect(flagged(gateway, SpanFlag.orphan)).toEqual(['4174aefb49d05470']);
    expect(flagged(gateway, SpanFlag.addedInferred)).toEqual(['23a449852a482e1d:inferred']);
    expect(gateway.segmentCount).toBe(2);
    expect(gateway.subsegmentCount).toBe(3);
  });

  it("keeps the input's inferred EventBridge segment and adds one where it is missing", () => {
    expect(shape(events)).toEqual([
      'segment sam-ts-app-z-NewOrderConsumerFunction-Qqv4wKsAxhOi [AWS::Lambda::Function]',
      '  subsegment Initialization',
      '  subsegment Invocation',
      '    subsegment Events',
      '      inferred Events [AWS::Events]',
      '  subsegment Overhead',
    ]);
    expect(flagged(events, SpanFlag.addedInferred)).toEqual([]);
    expect(events.segmentCount).toBe(2);
    expect(flagged(copy, SpanFlag.addedInferred)).toEqual(['aabeb336dc5bce90:inferred']);
    expect(copy.segmentCount).toBe(1);
    expect(result.inferredAdded).toBe(2);
  });

  it('flags the cold-start Initialization that starts before its function segment as skewed', () => {
    expect(flagged(events, SpanFlag.skewed)).toEqual(['d42ac4bfc7906b53']);
  });

  it('keeps the same subsegment ids in two traces apart', () => {
    const ids = (trace: Trace) => trace.spans.filter((span) => span.kind === 'subsegment').map((span) => span.id);
    expect(ids(events)).toEqual(ids(copy));
    expect(events.spans.every((span) => span.traceId === events.id)).toBe(true);
    expect(copy.spans.every((span) => span.traceId === copy.id)).toBe(true);
  });
});

describe('assembleTraces on the AWS CLI batch-get-traces example (Scorekeep)', () => {
  it('nests the inferred DynamoDB segment under the client subsegment', () => {
    const result = assembleTraces(batchGetTracesDocuments('aws-cli-examples/batch-get-traces_output.json'));
    const trace = result.traces[0]!;
    expect(traceViolations(trace)).toEqual([]);
    expect(shape(trace)).toEqual([
      'segment Scorekeep [AWS::ElasticBeanstalk::Environment]',
      '  subsegment DynamoDB',
      '    inferred DynamoDB [AWS::DynamoDB::Table]',
    ]);
    expect(result.inferredAdded).toBe(0);
    expect([trace.segmentCount, trace.subsegmentCount]).toEqual([2, 1]);
    expect(trace.end - trace.start).toBeCloseTo(0.232, 6);
  });
});

describe('assembleTraces on raw segment documents (OpenTelemetry collector test data)', () => {
  it("adds an inferred DynamoDB table node below each of ddbSample's aws subsegments", () => {
    const result = assembleTraces([otelDocument('ddbSample.txt')]);
    const trace = result.traces[0]!;
    expect(traceViolations(trace)).toEqual([]);
    expect(result.inferredAdded).toBe(2);
    const added = trace.spans.filter((_, i) => (trace.flags[i]! & SpanFlag.addedInferred) !== 0);
    expect(added.map((span) => [span.kind, span.name, span.origin, span.parentId, span.doc.aws?.['table_name']])).toEqual([
      ['inferred', 'DynamoDB', 'AWS::DynamoDB::Table', '7318c46a385557f5', 'xray_sample_table'],
      ['inferred', 'DynamoDB', 'AWS::DynamoDB::Table', '71631df3f58bdfc5', 'does_not_exist'],
    ]);
    // Each carries its call's times and outcome: the PutItem to the missing table failed.
    for (const span of added) {
      const call = trace.spans[trace.parent[trace.spans.indexOf(span)]!]!;
      expect(call.namespace).toBe('aws');
      expect([span.start, span.end, span.fault, span.error]).toEqual([call.start, call.end, call.fault, call.error]);
    }
    expect(added.map((span) => span.fault)).toEqual([false, true]);
    expect(trace.segmentCount).toBe(1);
    expect(trace.subsegmentCount).toBe(trace.spans.length - 1 - 2);
  });

  it('keeps an independent remote subsegment whose parent is missing as an orphan, with its inferred host', () => {
    const result = assembleTraces([otelDocument('indepSubsegment.txt')]);
    const trace = result.traces[0]!;
    expect(shape(trace)).toEqual(['subsegment api.example.com', '  inferred api.example.com']);
    expect(Array.from(trace.flags)).toEqual([SpanFlag.orphan, SpanFlag.addedInferred]);
    expect(trace.spans[0]!.parentId).toBe('defdfd9912dc5a56');
    expect(trace.spans[1]!.doc).toMatchObject({ inferred: true, parent_id: '53995c3f42cd8ad8', http: { request: { url: 'https://api.example.com/health' } } });
    expect(trace.spans[1]!.origin).toBeUndefined();
    expect([trace.segmentCount, trace.subsegmentCount]).toEqual([0, 1]);
  });

  it('counts an in-progress segment and ends the trace at its start', () => {
    const trace = assembleTraces([otelDocument('minInProgress.txt')]).traces[0]!;
    expect(trace.spans[0]).toMatchObject({ inProgress: true, end: undefined });
    expect(trace.inProgressCount).toBe(1);
    expect(trace.end).toBe(trace.start);
  });

  it('reports a document without start_time and skips it', () => {
    const result = assembleTraces([otelDocument('segmentValidationFailed.txt'), otelDocument('serverSample.txt')]);
    expect(result.problems).toEqual([{ file: '', at: 'bda182a644eee9b3', message: 'segment document without a valid start_time; skipped' }]);
    expect(result.traces.map((trace) => trace.spans.length)).toEqual([1]);
  });

  it('treats a document typed "subsegment" as a subsegment even when it carries an origin', () => {
    const trace = assembleTraces([otelDocument('minOtherFields.txt')]).traces[0]!;
    expect(trace.spans[0]).toMatchObject({ kind: 'subsegment', origin: undefined, throttle: true, error: false });
    expect(trace.hasThrottle).toBe(true);
  });
});

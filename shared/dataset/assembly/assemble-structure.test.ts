import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import type { Trace } from '../../model/trace.ts';
import { SpanFlag } from '../../model/trace.ts';
import { assembleTraces } from './assemble.ts';
import { toSpanObject } from './assembled-span.ts';
import { traceViolations } from './check.ts';

/**
 * The tree's shape where the input is unusual: roots out of order, parents in cycles, ids that
 * share a hash, sibling lists at the size where working memory grows, the documents of added
 * inferred nodes, and what a span says when its document's fields have the wrong type. Every
 * expected value follows from the rules in assemble.ts's comment and model/trace.ts.
 */
const TRACE = '1-6650a1b2-000000000000000000000002';
type Doc = Record<string, unknown>;

function segment(id: string, start: number, end: number | undefined, extra: Doc = {}): Doc {
  return { id, trace_id: TRACE, name: id, start_time: start, ...(end === undefined ? { in_progress: true } : { end_time: end }), ...extra };
}

function only(documents: unknown[], options?: { skewToleranceSeconds?: number }): Trace {
  const result = assembleTraces(documents, options);
  expect(result.traces).toHaveLength(1);
  const trace = result.traces[0]!;
  expect(traceViolations(trace)).toEqual([]);
  return trace;
}

const ids = (trace: Trace): string[] => trace.spans.map((span) => span.id);
const roots = (trace: Trace): [string, number][] => trace.spans.flatMap((span, i) => (trace.parent[i] === -1 ? [[span.id, trace.flags[i]!] as [string, number]] : []));

describe('assembleTraces: roots', () => {
  it('puts entry roots in start order whatever the input order', () => {
    const trace = only([segment('late', 3, 4), segment('early', 1, 2), segment('middle', 2, 3)]);
    expect(roots(trace)).toEqual([['early', 0], ['middle', 0], ['late', 0]]);
  });

  it('puts orphan roots after the entry roots, in start order', () => {
    const trace = only([segment('b', 3, 4, { parent_id: 'gone-1' }), segment('a', 2, 3, { parent_id: 'gone-2' }), segment('entry', 5, 6)]);
    expect(roots(trace)).toEqual([['entry', 0], ['a', SpanFlag.orphan], ['b', SpanFlag.orphan]]);
  });

  it('keeps a child that starts before its orphan parent under it, flagged skewed', () => {
    const trace = only([segment('entry', 0, 10), segment('orphan', 5, 6, { parent_id: 'gone' }), segment('early-child', 4, 5, { parent_id: 'orphan' })]);
    expect(ids(trace)).toEqual(['entry', 'orphan', 'early-child']);
    expect([Array.from(trace.parent), Array.from(trace.flags)]).toEqual([[-1, -1, 1], [0, SpanFlag.orphan, SpanFlag.skewed]]);
  });

  it('flags a child exactly the tolerance before its parent as not skewed', () => {
    // 0.25 and 1.25 are exact in binary: the child starts exactly `tolerance` before the parent.
    const trace = only([segment('parent', 1.5, 3), segment('child', 1.25, 2, { parent_id: 'parent' })], { skewToleranceSeconds: 0.25 });
    expect(Array.from(trace.flags)).toEqual([0, 0]);
  });
});

describe('assembleTraces: cycles and self-links', () => {
  it('breaks a cycle where it closes, not at a span hanging off it', () => {
    // 'hanging' (first in the input) names 'a'; 'a' and 'b' name each other.
    const result = assembleTraces([segment('hanging', 2, 3, { parent_id: 'a' }), segment('a', 1, 4, { parent_id: 'b' }), segment('b', 0, 5, { parent_id: 'a' })]);
    const trace = result.traces[0]!;
    expect(traceViolations(trace)).toEqual([]);
    expect(result.problems).toEqual([{ file: '', at: 'a', message: `parent links form a cycle in trace ${TRACE}; span a kept as a root` }]);
    expect(roots(trace)).toEqual([['a', SpanFlag.orphan]]);
    // Both name 'a' now; siblings by start time: 'b' (0) before 'hanging' (2).
    expect(ids(trace)).toEqual(['a', 'b', 'hanging']);
  });

  it('reports a span that names itself with the file left empty for the caller to fill', () => {
    const result = assembleTraces([segment('self', 0, 1, { parent_id: 'self' })]);
    expect(result.problems).toEqual([{ file: '', at: 'self', message: `span names itself as its parent in trace ${TRACE}; kept as a root` }]);
    expect(roots(result.traces[0]!)).toEqual([['self', SpanFlag.orphan]]);
  });
});

describe('assembleTraces: ids, versions and working memory', () => {
  it('keeps two ids whose hashes are equal apart', () => {
    // The assembler's id hash (FNV-1a with a final mix) gives both 425318238; found by search.
    const trace = only([segment('87f4a34e546cc6d5', 0, 4), segment('db8c5762040a252e', 1, 2, { parent_id: '87f4a34e546cc6d5' }), segment('child', 1.5, 1.8, { parent_id: 'db8c5762040a252e' })]);
    expect(ids(trace)).toEqual(['87f4a34e546cc6d5', 'db8c5762040a252e', 'child']);
    expect(Array.from(trace.parent)).toEqual([-1, 0, 1]);
    expect(trace.segmentCount).toBe(3);
  });

  it('keeps the first of two in-progress versions', () => {
    const trace = only([segment('s', 0, undefined, { name: 'first' }), segment('s', 0, undefined, { name: 'second' })]);
    expect(trace.spans.map((span) => [span.name, span.inProgress])).toEqual([['first', true]]);
    expect(trace.inProgressCount).toBe(1);
  });

  it('names the segment an independent subsegment belongs to, its own id when its parent is missing', () => {
    const trace = only([
      segment('root', 0, 5),
      { id: 'attached', trace_id: TRACE, type: 'subsegment', parent_id: 'root', name: 'attached', start_time: 1, end_time: 2 },
      { id: 'loose', trace_id: TRACE, type: 'subsegment', parent_id: 'gone', name: 'loose', start_time: 3, end_time: 4 },
    ]);
    expect(trace.spans.map((span) => [span.id, span.kind, span.segmentId])).toEqual([
      ['root', 'segment', 'root'],
      ['attached', 'subsegment', 'root'],
      ['loose', 'subsegment', 'loose'],
    ]);
  });

  it.each([127, 255])('adds an inferred node below each of %i AWS calls of one segment (the tree buffers at their size limit)', (calls) => {
    // 1 + calls spans read, one inferred node added per call: 1 + 2 × calls spans in all, which
    // fills the buffers sized for twice the spans read to their last element.
    const subsegments = Array.from({ length: calls }, (_, i) => ({ id: `call-${i}`, name: 'DynamoDB', namespace: 'aws', start_time: 1 + i / 1024, end_time: 2, aws: { table_name: `t${i}` } }));
    const trace = only([segment('root', 0, 3, { subsegments })]);
    expect(trace.spans).toHaveLength(1 + 2 * calls);
    expect(trace.size[0]).toBe(1 + 2 * calls);
    expect(trace.spans.filter((span, i) => span.kind === 'inferred' && trace.flags[i] === SpanFlag.addedInferred)).toHaveLength(calls);
    const last = trace.spans.length - 1;
    expect([trace.spans[last]!.id, trace.spans[trace.parent[last]!]!.id]).toEqual([`call-${calls - 1}:inferred`, `call-${calls - 1}`]);
  });
});

describe('assembleTraces: inferred nodes, where they go and what their documents say', () => {
  it('adds none below a segment, whatever its namespace', () => {
    expect(assembleTraces([segment('root', 0, 3, { namespace: 'aws' }), segment('remote', 1, 2, { namespace: 'remote', parent_id: 'root' })]).inferredAdded).toBe(0);
  });

  it('adds none below an independent call subsegment read first whose callee segment follows', () => {
    const result = assembleTraces([
      { id: 'call', trace_id: TRACE, type: 'subsegment', parent_id: 'root', name: 'orders', namespace: 'remote', start_time: 1, end_time: 2 },
      segment('callee', 1.1, 1.9, { parent_id: 'call' }),
      segment('root', 0, 3),
    ]);
    expect(result.inferredAdded).toBe(0);
    expect(ids(result.traces[0]!)).toEqual(['root', 'call', 'callee']);
  });

  it('gives the added node the call\'s times, outcome, http, aws and the callee\'s origin, and nothing else', () => {
    const aws = { operation: 'SendMessage', queue_url: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders' };
    const http = { response: { status: 500 } };
    const trace = only([segment('root', 0, 3, { subsegments: [{ id: 'call', name: 'SQS', namespace: 'aws', start_time: 1, end_time: 2, fault: true, error: false, throttle: true, http, aws, sql: { url: 'x' } }] })]);
    expect(trace.spans[2]!.doc).toEqual({ id: 'call:inferred', name: 'SQS', start_time: 1, end_time: 2, parent_id: 'call', inferred: true, http, aws, fault: true, throttle: true, trace_id: TRACE, origin: 'AWS::SQS::Queue' });
  });

  it('marks the added node in progress when the call is, or has no end_time a date holds, and leaves out http and aws that are not objects', () => {
    const docOf = (change: Doc): Doc => {
      const trace = only([segment('root', 0, 3, { subsegments: [{ id: 'call', name: 'orders.example.com', namespace: 'remote', start_time: 1, http: 'GET', aws: [1], ...change }] })]);
      return trace.spans[2]!.doc as unknown as Doc;
    };
    // No origin for a remote call (X-Ray gives its node none): not even an `origin: undefined`.
    const done = { id: 'call:inferred', name: 'orders.example.com', start_time: 1, parent_id: 'call', inferred: true, trace_id: TRACE };
    const inProgress = { ...done, in_progress: true };
    expect(docOf({ end_time: 2, in_progress: true })).toStrictEqual(inProgress);
    expect(docOf({ end_time: 'soon' })).toStrictEqual(inProgress);
    expect(docOf({})).toStrictEqual(inProgress);
    expect(docOf({ end_time: 2 })).toStrictEqual({ ...done, end_time: 2 });
  });

  it('names the node after a remote call\'s URL host, or the call\'s name, or nothing when the name is not a string', () => {
    const nameOf = (call: Doc): unknown => only([segment('root', 0, 3, { subsegments: [{ id: 'call', namespace: 'remote', start_time: 1, end_time: 2, ...call }] })]).spans[2]!.doc.name;
    expect(nameOf({ name: 'payments', http: { request: { url: 'https://api.example.com:8443/pay' } } })).toBe('api.example.com');
    expect(nameOf({ name: 'payments' })).toBe('payments');
    expect(nameOf({ name: 7 })).toBe('');
  });
});

describe('AssembledSpan: fields of the wrong type in the document', () => {
  it('reads a name or namespace that is not a string as none, and an origin only on a segment', () => {
    const trace = only([
      segment('root', 0, 3, { name: 42, namespace: 7, origin: 'AWS::EC2::Instance', subsegments: [{ id: 'sub', name: 'work', namespace: 'local', origin: 'AWS::Lambda', start_time: 1, end_time: 2 }] }),
      segment('odd', 1.5, 2, { parent_id: 'root', origin: 12 }),
    ]);
    expect(trace.spans.map((span) => [span.name, span.namespace, span.origin])).toEqual([
      ['', undefined, 'AWS::EC2::Instance'],
      ['work', 'local', undefined],
      ['odd', undefined, undefined],
    ]);
  });

  it('copies every field into a plain object with toSpanObject', () => {
    const trace = only([segment('root', 0, undefined, { origin: 'AWS::Lambda', namespace: 'aws', error: true, subsegments: [{ id: 'sub', name: 'work', start_time: 1, end_time: 2, fault: true }] })]);
    const doc = trace.spans[1]!.doc;
    expect(trace.spans.map(toSpanObject)).toEqual([
      { id: 'root', traceId: TRACE, kind: 'segment', name: 'root', start: 0, end: undefined, inProgress: true, parentId: undefined, segmentId: 'root', origin: 'AWS::Lambda', namespace: 'aws', error: true, throttle: false, fault: false, inferred: false, doc: trace.spans[0]!.doc },
      { id: 'sub', traceId: TRACE, kind: 'subsegment', name: 'work', start: 1, end: 2, inProgress: false, parentId: 'root', segmentId: 'root', origin: undefined, namespace: undefined, error: false, throttle: false, fault: true, inferred: false, doc },
    ]);
  });
});

describe('assembleTraces: one trace after another', () => {
  /** What the assembler made of a trace, as plain data. */
  const shape = (trace: Trace) => ({
    spans: trace.spans.map((span) => [span.id, span.kind, span.name, span.parentId, span.segmentId]),
    arrays: [trace.parent, trace.depth, trace.size, trace.flags].map((array) => Array.from(array)),
    counts: [trace.segmentCount, trace.subsegmentCount, trace.inProgressCount, trace.start, trace.end],
  });
  // Appendix B: eight spans, segments linked by parent_id, inferred DynamoDB in the input.
  const reference = (JSON.parse(fixtureText('aws-reference-appendices/batch-get-traces.json')) as { Traces: { Segments: { Document: string }[] }[] }).Traces.flatMap((trace) => trace.Segments.map((segment) => JSON.parse(segment.Document) as Doc));
  const ddb = JSON.parse(fixtureText('otel-contrib-awsxray/ddbSample.txt')) as Doc;
  const small = [segment('root', 0, 3, { subsegments: [{ id: 'call', name: 'SQS', namespace: 'aws', start_time: 1, end_time: 2, aws: { operation: 'SendMessage' } }] }), segment('late', 2, 2.5, { parent_id: 'gone' })];

  it.each([
    // Two slots: the reference trace's slot 2 (a segment under its slot 1) is the first one past them.
    ['a segment with one AWS call', small.slice(0, 1)],
    ['a small trace with an AWS call and an orphan', small],
    ["ddbSample's DynamoDB calls", [ddb]],
  ])('assembles %s the same after a larger trace as on its own (working memory reused from trace to trace)', (_, documents) => {
    const alone = assembleTraces(documents);
    const after = assembleTraces([...reference, ...documents]);
    expect(after.traces).toHaveLength(2);
    expect(traceViolations(after.traces[1]!)).toEqual([]);
    expect(shape(after.traces[1]!)).toEqual(shape(alone.traces[0]!));
    expect(after.inferredAdded).toBe(alone.inferredAdded);
    expect(after.problems).toEqual(alone.problems);
  });
});

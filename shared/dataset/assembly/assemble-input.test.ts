import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import { SpanFlag } from '../../model/trace.ts';
import { assembleTraces } from './assemble.ts';
import { traceViolations } from './check.ts';

/**
 * What the assembler accepts from a document and what it skips, on the OpenTelemetry collector's
 * raw segment documents with one field changed at a time. Documents arrive JSON-parsed, so the
 * odd values here are ones JSON can carry: '' for a string, `1e999` (parsed as Infinity) for a
 * number, null or a number where a string belongs.
 */
type Doc = Record<string, unknown>;

function otel(name: string, change: Doc = {}): Doc {
  return { ...(JSON.parse(fixtureText(`otel-contrib-awsxray/${name}`)) as Doc), ...change };
}

/** serverSample.txt: trace 1-5f2aebcc-…, segment bda182a644eee9b3 "SampleServer", no flags, completed. */
const server = (change: Doc = {}): Doc => otel('serverSample.txt', change);
const INFINITE = JSON.parse('1e999') as number;

describe('assembleTraces: which documents it reads', () => {
  it('skips a document whose id or trace_id is the empty string, naming what is missing', () => {
    const result = assembleTraces([server({ id: '' }), server({ trace_id: '' }), server({ id: 'kept' })]);
    expect(result.problems).toEqual([
      { file: '', at: '[0]', message: 'segment document without a valid id; skipped' },
      { file: '', at: 'bda182a644eee9b3', message: 'segment document without a valid trace_id; skipped' },
    ]);
    expect(result.traces.map((trace) => trace.spans.map((span) => span.id))).toEqual([['kept']]);
  });

  it('lists every missing field of one document, comma-separated', () => {
    const result = assembleTraces([{ name: 'nothing' }, server({ trace_id: 7, start_time: 'soon' })]);
    expect(result.problems.map((problem) => [problem.at, problem.message])).toEqual([
      ['[0]', 'segment document without a valid id, trace_id, start_time; skipped'],
      ['bda182a644eee9b3', 'segment document without a valid trace_id, start_time; skipped'],
    ]);
    expect(result.traces).toEqual([]);
  });

  it('skips a document whose start_time is not a finite number (1e999 parses as Infinity)', () => {
    const result = assembleTraces([server({ start_time: INFINITE }), otel('minCauseIsExceptionId.txt')]);
    expect(result.problems).toEqual([{ file: '', at: 'bda182a644eee9b3', message: 'segment document without a valid start_time; skipped' }]);
    expect(result.traces.map((trace) => trace.id)).toEqual(['1-5f187253-6a106696d56b1f4ef9eba2ed']);
  });

  it('skips a nested subsegment whose id is the empty string, with what it holds', () => {
    const result = assembleTraces([
      server({ subsegments: [{ id: '', name: 'blank', start_time: 1596648396.64, end_time: 1596648396.6401, subsegments: [{ id: 'inside', name: 'inside', start_time: 1596648396.64 }] }] }),
    ]);
    expect(result.problems).toEqual([{ file: '', at: 'bda182a644eee9b3.subsegments[0]', message: 'subsegment without a valid id or start_time; skipped with the subsegments inside it' }]);
    expect(result.traces[0]!.spans.map((span) => span.id)).toEqual(['bda182a644eee9b3']);
  });
});

describe('assembleTraces: parent_id values that name no parent', () => {
  it('takes an empty, null or numeric parent_id as no parent: an entry root, not an orphan', () => {
    for (const parentId of ['', null, 42]) {
      const trace = assembleTraces([server({ parent_id: parentId })]).traces[0]!;
      expect(traceViolations(trace)).toEqual([]);
      expect([Array.from(trace.flags), trace.spans[0]!.parentId]).toEqual([[0], undefined]);
    }
  });

  it('keeps a named parent that is missing as an orphan (the control case)', () => {
    const trace = assembleTraces([server({ parent_id: 'defdfd9912dc5a56' })]).traces[0]!;
    expect([Array.from(trace.flags), trace.spans[0]!.parentId]).toEqual([[SpanFlag.orphan], 'defdfd9912dc5a56']);
  });
});

describe('assembleTraces: in progress and outcome flags', () => {
  it('takes in_progress: true as in progress even when an end_time is present', () => {
    const trace = assembleTraces([server({ in_progress: true })]).traces[0]!;
    expect(trace.spans[0]).toMatchObject({ inProgress: true, end: undefined });
    expect([trace.inProgressCount, trace.end]).toEqual([1, 1596648396.6399446]);
  });

  it('takes an end_time that is not a finite number as in progress', () => {
    for (const end of [INFINITE, 'later', null]) {
      const trace = assembleTraces([server({ end_time: end })]).traces[0]!;
      expect([trace.spans[0]!.inProgress, trace.inProgressCount, trace.end]).toEqual([true, 1, 1596648396.6399446]);
    }
  });

  it('ends a completed segment at its end_time', () => {
    const trace = assembleTraces([server()]).traces[0]!;
    expect([trace.spans[0]!.inProgress, trace.inProgressCount, trace.start, trace.end]).toEqual([false, 0, 1596648396.6399446, 1596648396.6401389]);
  });

  it('sets each outcome flag only from its own field being true', () => {
    // serverSample has none of error, throttle, fault; minCauseIsExceptionId has fault only;
    // minOtherFields has throttle: true and error: false.
    const outcomes = (doc: Doc) => {
      const trace = assembleTraces([doc]).traces[0]!;
      const span = trace.spans[0]!;
      return [span.error, span.throttle, span.fault, trace.hasError, trace.hasThrottle, trace.hasFault];
    };
    expect(outcomes(server())).toEqual([false, false, false, false, false, false]);
    expect(outcomes(otel('minCauseIsExceptionId.txt'))).toEqual([false, false, true, false, false, true]);
    expect(outcomes(otel('minOtherFields.txt'))).toEqual([false, true, false, false, true, false]);
    expect(outcomes(server({ error: true }))).toEqual([true, false, false, true, false, false]);
    // Only `true` counts: X-Ray writes the flags as booleans.
    expect(outcomes(server({ error: 'true', throttle: 1, fault: 'yes' }))).toEqual([false, false, false, false, false, false]);
  });
});

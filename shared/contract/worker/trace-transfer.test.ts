import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import { generateScaleSegments } from '../../generator/index.ts';
import type { Span, SpanKind, Trace } from '../../model/trace.ts';
import { assembleTraces } from '../../dataset/assembly/assemble.ts';
import { decodeWaterfallAnalysis, encodeWaterfallAnalysis } from './analysis-transfer.ts';
import { encodeStrings, StringColumnReader } from './string-columns.ts';
import { CHUNK_SPANS, encodeTrace, encodeTraceChunk, transferListOf, type TraceTransfer } from './trace-transfer.ts';
import { decodeTrace } from './trace-transfer-decode.ts';
import { analyseWaterfall } from '../../analysis/trace/trace-analysis.ts';
import { appendixBDocuments } from '../../../test/support/waterfall-documents.ts';
import type { WaterfallSpan, WaterfallTrace } from '../../analysis/trace/waterfall-trace.ts';
import { maxDepth } from '../../analysis/trace/waterfall.ts';

/** Every member of a span but its document, as a plain object (spans are classes with getters). */
function withoutDoc(span: WaterfallSpan): Omit<Span, 'doc'> {
  return {
    id: span.id, traceId: span.traceId, kind: span.kind, name: span.name, start: span.start, end: span.end, inProgress: span.inProgress,
    parentId: span.parentId, segmentId: span.segmentId, origin: span.origin, namespace: span.namespace,
    error: span.error, throttle: span.throttle, fault: span.fault, inferred: span.inferred,
  };
}

/** The trip to the UI thread: structured clone with the transfer list, as postMessage does. */
function postAndReceive<T extends object>(value: T): T {
  return structuredClone(value, { transfer: transferListOf(value) });
}

/** Equal element by element (NaN equals NaN); the first difference is reported. */
function expectSameNumbers(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) expect({ i, value: got[i] }).toEqual({ i, value: want[i] });
}

function expectSameTrace(decoded: WaterfallTrace, trace: WaterfallTrace): void {
  const { spans: decodedSpans, maxDepth: decodedDepth, columns, arrival, allRows, parent, depth, size, flags, ...decodedRest } = decoded;
  const { spans, parent: wantParent, depth: wantDepth, size: wantSize, flags: wantFlags, ...rest } = trace;
  expect(decodedRest).toEqual(rest);
  for (const [got, want] of [[parent, wantParent], [depth, wantDepth], [size, wantSize], [flags, wantFlags]] as const) expectSameNumbers(got, want);
  // Span by span as JSON text (a deep equality over 70,000 objects takes seconds); the first difference in full.
  const text = (list: readonly WaterfallSpan[]): string[] => list.map((span) => JSON.stringify(withoutDoc(span)));
  const [got, want] = [text(decodedSpans), text(spans)];
  const first = got.findIndex((value, i) => value !== want[i]);
  if (first >= 0 || got.length !== want.length) expect(decodedSpans.map(withoutDoc)[first]).toEqual(spans.map(withoutDoc)[first]);
  expect(got.length).toBe(want.length);
  // What a decoded trace carries besides: its depth and its columns, agreeing with the spans.
  expect(decodedDepth).toBe(maxDepth({ ...trace, maxDepth: undefined }));
  expectSameNumbers(columns!.starts, spans.map((s) => s.start));
  expectSameNumbers(columns!.ends, spans.map((s) => s.end ?? Number.NaN));
  expect(arrival?.arrived()).toBe(spans.length);
  expectSameNumbers(allRows!, spans.map((_, i) => i));
}

function batchDocuments(path: string): unknown[] {
  const batch = JSON.parse(fixtureText(path)) as { Traces: { Segments: { Document: string }[] }[] };
  return batch.Traces.flatMap((t) => t.Segments.map((s) => JSON.parse(s.Document) as unknown));
}

const realTraces = (): Trace[] => [
  ...assembleTraces(appendixBDocuments()).traces,
  ...assembleTraces(batchDocuments('aws-iatk/go_test_documents_as_BatchGetTraces.json')).traces,
  ...assembleTraces(batchDocuments('aws-cli-examples/batch-get-traces_output.json')).traces,
];

describe('trace transfer', () => {
  it('round-trips the real fixtures through a transferring structured clone, leaving the worker\'s trace intact', () => {
    const traces = realTraces();
    expect(traces.length).toBeGreaterThan(3);
    for (const trace of traces) {
      const before = trace.spans.map(withoutDoc);
      const parents = trace.parent.slice();
      const transfer = encodeTrace(trace);
      const received = postAndReceive(transfer);
      // Transferring moved the transfer's buffers, not the trace's.
      expect(transfer.parent.length).toBe(0);
      expect(trace.parent).toEqual(parents);
      expect(trace.spans.map(withoutDoc)).toEqual(before);
      expectSameTrace(decodeTrace(received), trace);
    }
  });

  it('round-trips a generated 20,000-span trace with faults, throttles and in-progress spans', () => {
    const { traces } = assembleTraces([...generateScaleSegments({ seed: 3, traces: 1, spansPerTrace: 20_000 })]);
    const trace = traces[0]!;
    expect(trace.spans.length).toBe(20_000);
    expect(trace.inProgressCount).toBeGreaterThan(0);
    expect(trace.hasFault).toBe(true);
    const transfer = encodeTrace(trace);
    // Names repeat: the dictionary holds each once.
    expect(new StringColumnReader(transfer.chunks[0]!.names).size).toBeLessThan(200);
    expectSameTrace(decodeTrace(postAndReceive(transfer)), trace);
  });

  it('round-trips any spans: hostile and odd strings, missing values, every kind and flag', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', '', '\u0000', 'hasOwnProperty', '😀'));
    const spanArb = fc.record({
      id: text, traceId: text, kind: fc.constantFrom<SpanKind>('segment', 'subsegment', 'inferred'), name: text,
      start: fc.double({ noNaN: true }), end: fc.option(fc.double({ noNaN: true }), { nil: undefined }), inProgress: fc.boolean(),
      parentId: fc.option(text, { nil: undefined }), segmentId: text, origin: fc.option(text, { nil: undefined }), namespace: fc.option(text, { nil: undefined }),
      error: fc.boolean(), throttle: fc.boolean(), fault: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(spanArb, { maxLength: 40 }), (drafts) => {
        const spans: WaterfallSpan[] = drafts.map((d) => ({ ...d, inferred: d.kind === 'inferred' }));
        const n = spans.length;
        const trace: WaterfallTrace = {
          id: 'p', spans, parent: Int32Array.from(spans, (_, i) => i - 1), depth: Int32Array.from(spans, (_, i) => i),
          size: Int32Array.from(spans, (_, i) => n - i), flags: Uint8Array.from(spans, (_, i) => i & 7), start: 1, end: 2,
          segmentCount: 0, subsegmentCount: n, inProgressCount: 0, hasFault: false, hasError: true, hasThrottle: false,
        };
        expectSameTrace(decodeTrace(postAndReceive(encodeTrace(trace))), trace);
      }),
      { numRuns: 200 },
    );
  });

  it('sends a trace larger than a chunk with its first chunk, and takes the others in any order', () => {
    const { traces } = assembleTraces([...generateScaleSegments({ seed: 4, traces: 1, spansPerTrace: 2 * CHUNK_SPANS + 4_000 })]);
    const trace = traces[0]!;
    const decoded = decodeTrace(postAndReceive(encodeTrace(trace, [encodeTraceChunk(trace, 0)])));
    const { arrival } = decoded;
    // The tree is whole at once; the values of the first chunk's spans only.
    expectSameNumbers(decoded.size, trace.size);
    expect(arrival.arrived()).toBe(CHUNK_SPANS);
    expect([arrival.has(CHUNK_SPANS - 1), arrival.has(CHUNK_SPANS), arrival.has(trace.spans.length - 1)]).toEqual([true, false, false]);
    expect(arrival.missing()).toEqual([1, 2]);
    expect(withoutDoc(decoded.spans[CHUNK_SPANS - 1]!)).toEqual(withoutDoc(trace.spans[CHUNK_SPANS - 1]!));
    expect(decoded.spans[CHUNK_SPANS]!.name).toBe('');
    let told = 0;
    arrival.subscribe(() => told++);
    arrival.add(postAndReceive(encodeTraceChunk(trace, 2)));
    expect([arrival.has(trace.spans.length - 1), arrival.has(CHUNK_SPANS)]).toEqual([true, false]);
    arrival.add(postAndReceive(encodeTraceChunk(trace, 1)));
    // A chunk seen again changes nothing; one that does not fit the trace is refused.
    arrival.add(postAndReceive(encodeTraceChunk(trace, 1)));
    expect(told).toBe(2);
    expect(arrival.missing()).toEqual([]);
    const small = assembleTraces(appendixBDocuments()).traces[0]!;
    expect(() => arrival.add({ ...encodeTraceChunk(small, 0), index: 1 })).toThrow(RangeError);
    // Parent and segment ids that name spans of earlier chunks read back too.
    expectSameTrace(decoded, trace);
  });

  it('gives the spans of a decoded trace as a read-only array made on demand', () => {
    const trace = assembleTraces(appendixBDocuments()).traces[0]!;
    const { spans } = decodeTrace(postAndReceive(encodeTrace(trace)));
    expect(Array.isArray(spans)).toBe(true);
    expect(spans.length).toBe(trace.spans.length);
    expect([...spans].map((s) => s.id)).toEqual(trace.spans.map((s) => s.id));
    expect(spans.findIndex((s) => s.id === trace.spans[3]!.id)).toBe(3);
    expect([0 in spans, trace.spans.length in spans, '01' in spans, 'length' in spans]).toEqual([true, false, false, true]);
    expect([spans[-1], spans[trace.spans.length], (spans as unknown as Record<string, unknown>)['01']]).toEqual([undefined, undefined, undefined]);
    expect(() => {
      (spans as WaterfallSpan[])[0] = spans[1]!;
    }).toThrow(TypeError);
  });

  it('keeps data-chosen strings as values, never as object keys', () => {
    const column = encodeStrings(4, (i) => ['__proto__', 'constructor', undefined, '__proto__'][i], true);
    const reader = new StringColumnReader(column);
    expect([0, 1, 2, 3, 4, -1].map((i) => reader.get(i))).toEqual(['__proto__', 'constructor', undefined, '__proto__', undefined, undefined]);
    expect(reader.size).toBe(2);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('lists each buffer once for the transfer list, and only non-empty ones', () => {
    const { traces } = assembleTraces(appendixBDocuments());
    const transfer: TraceTransfer = encodeTrace(traces[0]!);
    const list = transferListOf(transfer);
    expect(new Set(list).size).toBe(list.length);
    // parent, depth, size, flags, all rows; and of its one chunk starts, ends, packed; offsets of ids, names, trace ids,
    // origins, namespaces and the other ids (shared by parent and segment ids); four dictionary indices; two id references.
    expect(transfer.chunks).toHaveLength(1);
    expect(list.length).toBe(5 + 3 + 6 + 4 + 2);
  });
});

describe('waterfall analysis transfer', () => {
  it('round-trips the analysis of the real fixtures and of a generated 20,000-span trace', () => {
    const generated = assembleTraces([...generateScaleSegments({ seed: 5, traces: 1, spansPerTrace: 20_000 })]).traces;
    for (const trace of [...realTraces(), ...generated]) {
      const analysis = analyseWaterfall(trace);
      const onPath = analysis.criticalPath.onPath.slice();
      const decoded = decodeWaterfallAnalysis(postAndReceive(encodeWaterfallAnalysis(analysis)));
      expect(decoded).toEqual(analysis);
      // The worker keeps its analysis for the next request: transferring must not empty it.
      expect(analysis.criticalPath.onPath).toEqual(onPath);
    }
  });

  it('carries the Appendix B overhead, phases and critical path exactly', () => {
    const trace = assembleTraces(appendixBDocuments()).traces[0]!;
    const decoded = decodeWaterfallAnalysis(postAndReceive(encodeWaterfallAnalysis(analyseWaterfall(trace))));
    const [overhead] = [...decoded.gatewayOverheads.values()];
    expect(overhead!.overhead! * 1000).toBeCloseTo(17, 3);
    expect([...decoded.lambdaPhases.values()]).toEqual(['Invocation', 'Overhead']);
    expect(Array.from(decoded.criticalPath.spans, (i) => trace.spans[i]!.id)[0]).toBe('6a1f0c3e9b2d4e51');
  });
});

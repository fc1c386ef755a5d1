import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { XRaySegmentDocument, XRaySpanDocument } from '../model/index.ts';
import { spansOf } from '../../test/support/incident-ground-truth.ts';
import { generateScaleSegments } from './scale.ts';

interface TraceShape {
  spans: number;
  documents: number;
  unresolvedParents: number;
  roots: number;
  segmentDepth: number;
  maxNesting: number;
  inProgress: number;
  faults: number;
  inferred: number;
  origins: Set<string>;
  largestDocument: number;
}

/** Reads a stream of documents trace by trace (documents of one trace arrive together). */
function shapes(stream: Iterable<XRaySegmentDocument>): Map<string, TraceShape> {
  const out = new Map<string, TraceShape>();
  const ids = new Map<string, Map<string, XRaySegmentDocument>>();
  const docs = new Map<string, XRaySegmentDocument[]>();
  for (const doc of stream) {
    let shape = out.get(doc.trace_id);
    if (!shape) {
      shape = { spans: 0, documents: 0, unresolvedParents: 0, roots: 0, segmentDepth: 0, maxNesting: 0, inProgress: 0, faults: 0, inferred: 0, origins: new Set(), largestDocument: 0 };
      out.set(doc.trace_id, shape);
      ids.set(doc.trace_id, new Map());
      docs.set(doc.trace_id, []);
    }
    shape.documents++;
    shape.largestDocument = Math.max(shape.largestDocument, JSON.stringify(doc).length);
    if (doc.inferred === true) shape.inferred++;
    shape.origins.add(doc.origin ?? 'none');
    const owners = ids.get(doc.trace_id)!;
    docs.get(doc.trace_id)!.push(doc);
    const stack: [XRaySpanDocument, number][] = [[doc, 0]];
    for (const span of spansOf(doc)) {
      shape.spans++;
      owners.set(span.id, doc);
      if (span.in_progress === true) shape.inProgress++;
      if (span.fault === true) shape.faults++;
    }
    while (stack.length > 0) {
      const [span, depth] = stack.pop()!;
      shape.maxNesting = Math.max(shape.maxNesting, depth);
      for (const sub of span.subsegments ?? []) stack.push([sub, depth + 1]);
    }
  }
  for (const [traceId, shape] of out) {
    const owners = ids.get(traceId)!;
    const depth = new Map<XRaySegmentDocument, number>();
    for (const doc of docs.get(traceId)!) {
      if (doc.parent_id === undefined) {
        shape.roots++;
        depth.set(doc, 0);
        continue;
      }
      const parent = owners.get(doc.parent_id);
      if (!parent) shape.unresolvedParents++;
      // Documents arrive parents first, so the parent's depth is known.
      else depth.set(doc, (depth.get(parent) ?? Number.NaN) + 1);
      shape.segmentDepth = Math.max(shape.segmentDepth, depth.get(doc) ?? Number.NaN);
    }
  }
  return out;
}

describe('generateScaleSegments', () => {
  it('makes exactly the spans asked for, in traces whose parents all resolve, for any size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 1500 }), (seed, traces, spansPerTrace) => {
        const result = shapes(generateScaleSegments({ seed, traces, spansPerTrace }));
        expect(result.size).toBe(traces);
        for (const shape of result.values()) {
          expect(shape.spans).toBe(spansPerTrace);
          expect(shape.unresolvedParents).toBe(0);
          expect(shape.roots).toBe(1);
          expect(Number.isNaN(shape.segmentDepth)).toBe(false);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('gives a 100,000-span trace deep and wide trees, in-progress segments, faults and X-Ray-sized documents', () => {
    const [shape] = shapes(generateScaleSegments({ seed: 11, traces: 1, spansPerTrace: 100_000 })).values();
    expect(shape!.spans).toBe(100_000);
    expect(shape!.unresolvedParents).toBe(0);
    expect(shape!.documents).toBeGreaterThan(1000);
    expect(shape!.segmentDepth).toBeGreaterThan(10);
    expect(shape!.maxNesting).toBeGreaterThan(8);
    expect(shape!.inProgress).toBeGreaterThan(0);
    expect(shape!.faults).toBeGreaterThan(0);
    expect(shape!.inferred).toBeGreaterThan(100);
    // X-Ray's limit for one segment document is 64 KB.
    expect(shape!.largestDocument).toBeLessThan(64 * 1024);
    expect([...shape!.origins].sort()).toEqual(['AWS::ApiGateway::Stage', 'AWS::DynamoDB::Table', 'AWS::ECS::Container', 'AWS::Lambda', 'AWS::Lambda::Function', 'AWS::SNS', 'AWS::SQS::Queue', 'none']);
  });

  it('spreads faults and in-progress segments over many ordinary traces', () => {
    const result = [...shapes(generateScaleSegments({ seed: 5, traces: 600, spansPerTrace: 100 })).values()];
    const faulty = result.filter((s) => s.faults > 0).length;
    const partial = result.filter((s) => s.inProgress > 0).length;
    expect(faulty).toBeGreaterThan(10);
    expect(faulty).toBeLessThan(80);
    expect(partial).toBeGreaterThan(0);
  });

  it('streams: the first document of a huge trace comes before the rest is made', () => {
    const stream = generateScaleSegments({ seed: 1, traces: 1, spansPerTrace: 50_000_000 });
    const first = stream.next();
    expect(first.done).toBe(false);
    expect((first.value as XRaySegmentDocument).origin).toBe('AWS::ApiGateway::Stage');
    const second = stream.next();
    expect((second.value as XRaySegmentDocument).origin).toBe('AWS::Lambda');
    stream.return(undefined);
  });

  it('is deterministic per seed and validates its options', () => {
    const run = (seed: number): string => JSON.stringify([...generateScaleSegments({ seed, traces: 20, spansPerTrace: 300, start: 1700000000 })]);
    expect(run(4)).toBe(run(4));
    expect(run(4)).not.toBe(run(5));
    expect(() => generateScaleSegments({ seed: 1, traces: -1, spansPerTrace: 10 }).next()).toThrow(RangeError);
    expect(() => generateScaleSegments({ seed: 1, traces: 1, spansPerTrace: 0 }).next()).toThrow(RangeError);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import type { Trace } from '../../model/trace.ts';
import { clipIntervals, computeCriticalPath, computeSelfTimes } from './critical-path.ts';
import { appendixBDocuments } from '../../../test/support/waterfall-documents.ts';
import { buildTestTrace, buildTestTraceFromParents, buildTestTracesFromBatch } from '../../../test/support/waterfall-trace.ts';
import { generateScaleSegments } from '../../generator/index.ts';
import { assembleTraces } from '../../dataset/assembly/assemble.ts';
import { analyseWaterfall } from './trace-analysis.ts';
import type { WaterfallSpan, WaterfallTrace } from './waterfall-trace.ts';

const idsOnPath = (trace: Trace): string[] => Array.from(computeCriticalPath(trace).spans, (i) => trace.spans[i]!.id);
const indexOf = (trace: Trace, id: string): number => trace.spans.findIndex((s) => s.id === id);

/** root [0,10] with A [1,4], B [2,8], C [5,9]: C ends last, B overlaps C, A ends before C starts. */
function overlapping(): Trace {
  return buildTestTraceFromParents([-1, 0, 0, 0], [0, 1, 2, 5], [10, 3, 6, 4]);
}

describe('critical path', () => {
  it('takes the last-finishing child, then walks back through children that end before it starts', () => {
    const trace = overlapping();
    expect(idsOnPath(trace)).toEqual(['n0', 'n1', 'n3']);
    const root = indexOf(trace, 'n0');
    const rootSections = computeCriticalPath(trace)
      .sections.filter((s) => s.span === root)
      .map((s) => [s.start, s.end]);
    expect(rootSections).toEqual([
      [9, 10],
      [4, 5],
      [0, 1],
    ]);
  });

  it('follows Appendix B from the stage down to the throttled DynamoDB call', () => {
    const trace = buildTestTrace(appendixBDocuments());
    const path = idsOnPath(trace);
    // Overhead ends last in the function segment; Invocation ends exactly where Overhead starts.
    expect(path).toContain('d18e7dafa09bc4c8');
    expect(path).toContain('ae5b4a7c3d6f8195');
    expect(path).toContain('e29f8ebfb1acd5d9');
    expect(path[0]).toBe('6a1f0c3e9b2d4e51');
  });

  it('skips children that lie entirely outside their parent (clock skew)', () => {
    // n2 runs [20,21] under a parent [0,10]: detached, never critical.
    const trace = buildTestTraceFromParents([-1, 0, 0], [0, 1, 20], [10, 2, 1]);
    expect(clipIntervals(trace).detached[indexOf(trace, 'n2')]).toBe(1);
    expect(idsOnPath(trace)).toEqual(['n0', 'n1']);
  });

  it('tiles the root exactly, with disjoint sections inside each span, on random single-root trees', () => {
    const tree = fc.integer({ min: 1, max: 40 }).chain((n) =>
      fc.tuple(
        fc.tuple(...Array.from({ length: n }, (_, k) => (k === 0 ? fc.constant(-1) : fc.integer({ min: 0, max: k - 1 })))),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: n, maxLength: n }),
      ),
    );
    fc.assert(
      fc.property(tree, ([parents, starts, durations]) => {
        const trace = buildTestTraceFromParents(parents, starts, durations);
        const clipped = clipIntervals(trace);
        const { onPath, sections } = computeCriticalPath(trace, clipped);
        const sorted = [...sections].sort((a, b) => a.start - b.start);
        let cursor = trace.spans[0]!.start;
        for (const s of sorted) {
          expect(s.start).toBe(cursor);
          expect(s.end).toBeGreaterThan(s.start);
          expect(onPath[s.span]).toBe(1);
          expect(s.start).toBeGreaterThanOrEqual(clipped.start[s.span]!);
          expect(s.end).toBeLessThanOrEqual(clipped.end[s.span]!);
          cursor = s.end;
        }
        expect(cursor).toBe(trace.spans[0]!.end);
        // A critical span's parent is critical too.
        for (let i = 1; i < trace.spans.length; i++) if (onPath[i]) expect(onPath[trace.parent[i]!]).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('walks a 10,000-deep chain and a root with 100,000 children', () => {
    const chain = Array.from({ length: 10_000 }, (_, k) => k - 1);
    const deep = buildTestTraceFromParents(
      chain,
      chain.map((_, k) => k * 0.001),
      chain.map((_, k) => 100 - k * 0.002),
    );
    expect(computeCriticalPath(deep).spans.length).toBe(10_000);
    const flat = Array.from({ length: 100_000 }, (_, k) => (k === 0 ? -1 : 0));
    const wide = buildTestTraceFromParents(
      flat,
      flat.map((_, k) => (k === 0 ? 0 : k)),
      flat.map((_, k) => (k === 0 ? 200_000 : 1)),
    );
    // Back-to-back children: every one of them is on the path.
    expect(computeCriticalPath(wide).spans.length).toBe(100_000);
  });
});

describe('self time', () => {
  it('is the duration not covered by any child, overlaps counted once', () => {
    const trace = overlapping();
    const self = computeSelfTimes(trace);
    expect(self[indexOf(trace, 'n0')]).toBeCloseTo(2, 9);
    expect(self[indexOf(trace, 'n2')]).toBeCloseTo(6, 9);
  });

  it('equals a naive union-of-children computation on random trees', () => {
    const tree = fc.integer({ min: 1, max: 30 }).chain((n) =>
      fc.tuple(
        fc.tuple(...Array.from({ length: n }, (_, k) => (k === 0 ? fc.constant(-1) : fc.integer({ min: 0, max: k - 1 })))),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: n, maxLength: n }),
      ),
    );
    fc.assert(
      fc.property(tree, ([parents, starts, durations]) => {
        const trace = buildTestTraceFromParents(parents, starts, durations);
        const clipped = clipIntervals(trace);
        const self = computeSelfTimes(trace, clipped);
        for (let i = 0; i < trace.spans.length; i++) {
          // Count, unit by unit (all times are integers), the instants of i covered by no child.
          let free = 0;
          for (let t = clipped.start[i]!; t < clipped.end[i]!; t++) {
            const covered = trace.spans.some((_, c) => trace.parent[c] === i && clipped.start[c]! <= t && t + 1 <= clipped.end[c]!);
            if (!covered) free++;
          }
          expect(self[i]).toBe(free);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('sums with the children to at least the parent duration on the real fixture', () => {
    const [trace] = buildTestTracesFromBatch(JSON.parse(fixtureText('aws-cli-examples/batch-get-traces_output.json')));
    const self = computeSelfTimes(trace!);
    const clipped = clipIntervals(trace!);
    for (let i = 0; i < trace!.spans.length; i++) {
      const duration = clipped.end[i]! - clipped.start[i]!;
      expect(self[i]).toBeGreaterThanOrEqual(0);
      expect(self[i]).toBeLessThanOrEqual(duration + 1e-9);
      if (trace!.size[i] === 1) expect(self[i]).toBeCloseTo(duration, 9);
    }
  });
});

describe('analysis from a trace\'s columns', () => {
  it('reads the times from the columns when the trace has them: the same path, self times and overheads, in-progress spans included', () => {
    const trace = assembleTraces([...generateScaleSegments({ seed: 12, traces: 1, spansPerTrace: 10_000 })]).traces[0]!;
    expect(trace.inProgressCount).toBeGreaterThan(0);
    // Spans whose times throw when read: only the columns can give them.
    const timeless = trace.spans.map((span): WaterfallSpan => {
      const copy = { id: span.id, traceId: span.traceId, kind: span.kind, name: span.name, inProgress: span.inProgress, parentId: span.parentId, segmentId: span.segmentId };
      const rest = { origin: span.origin, namespace: span.namespace, error: span.error, throttle: span.throttle, fault: span.fault, inferred: span.inferred };
      const fail = (): never => {
        throw new Error('a time was read from a span');
      };
      return Object.defineProperties({ ...copy, ...rest }, { start: { get: fail }, end: { get: fail } }) as unknown as WaterfallSpan;
    });
    const columns = {
      starts: Float64Array.from(trace.spans, (s) => s.start),
      ends: Float64Array.from(trace.spans, (s) => s.end ?? Number.NaN),
      packed: new Uint8Array(trace.spans.length),
    };
    const fromColumns: WaterfallTrace = { ...trace, spans: timeless, columns };
    expect(clipIntervals(fromColumns)).toEqual(clipIntervals(trace));
    const [got, want] = [analyseWaterfall({ ...trace, columns }), analyseWaterfall(trace)];
    expect(Array.from(got.criticalPath.spans)).toEqual(Array.from(want.criticalPath.spans));
    expect(Array.from(got.selfTimes)).toEqual(Array.from(want.selfTimes));
    expect([...got.gatewayOverheads.values()]).toEqual([...want.gatewayOverheads.values()]);
  });
});

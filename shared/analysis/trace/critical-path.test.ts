import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../model/trace.ts';
import { clipIntervals, computeCriticalPath, computeSelfTimes } from './critical-path.ts';
import { appendixBDocuments } from '../../../test/support/waterfall-documents.ts';
import { assembleFixtureTraces, assembleTrace, assembleTree, treeDocuments } from '../../../test/support/trace-documents.ts';
import { generateScaleSegments } from '../../generator/index.ts';
import { assembleTraces } from '../../dataset/assembly/assemble.ts';
import { analyseWaterfall } from './trace-analysis.ts';
import type { WaterfallSpan, WaterfallTrace } from './waterfall-trace.ts';

const idsOnPath = (trace: Trace): string[] => Array.from(computeCriticalPath(trace).spans, (i) => trace.spans[i]!.id);
const indexOf = (trace: Trace, id: string): number => trace.spans.findIndex((s) => s.id === id);
const sectionsOf = (trace: Trace): [string, number, number][] => computeCriticalPath(trace).sections.map((s) => [trace.spans[s.span]!.id, s.start, s.end]);

/** root [0,10] with A [1,4], B [2,8], C [5,9]: C ends last, B overlaps C, A ends before C starts. */
function overlapping(): Trace {
  return assembleTree([-1, 0, 0, 0], [0, 1, 2, 5], [10, 3, 6, 4]);
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

  it('follows Appendix B from the stage down to the throttled DynamoDB call: every span, and exactly these stretches', () => {
    const trace = assembleTrace(appendixBDocuments());
    // Worked out by hand from the four documents (times in seconds after 1716560306): each span
    // holds its child, and the last child of each ends at or before its parent, so all eight are
    // on the path. Function segment [.424, .658]: Overhead [.655, .658] ends last; Invocation
    // [.424, .655] ends exactly where Overhead starts, so it is critical too; the DynamoDB call
    // [.471, .583] and its inferred table segment fill the middle of Invocation.
    expect(idsOnPath(trace)).toEqual([
      '6a1f0c3e9b2d4e51', // orders-api/prod (stage)
      '7b2e1d4f0a3c5e62', // Lambda (integration subsegment)
      '8c3f2e5a1b4d6f73', // orders-handler (AWS::Lambda)
      '9d4a3f6b2c5e7084', // orders-handler (AWS::Lambda::Function)
      'ae5b4a7c3d6f8195', // Invocation
      'bf6c5b8d4e7a92a6', // DynamoDB subsegment
      'e29f8ebfb1acd5d9', // DynamoDB (inferred)
      'd18e7dafa09bc4c8', // Overhead
    ]);
    // The uncovered stretch of each critical span, latest first (the document's own times: no arithmetic).
    const t = (fraction: string): number => Number(`1716560306${fraction}`);
    expect(sectionsOf(trace)).toEqual([
      ['6a1f0c3e9b2d4e51', t('.662'), t('.671')],
      ['7b2e1d4f0a3c5e62', t('.66'), t('.662')],
      ['8c3f2e5a1b4d6f73', t('.658'), t('.66')],
      ['d18e7dafa09bc4c8', t('.655'), t('.658')],
      ['ae5b4a7c3d6f8195', t('.583'), t('.655')],
      ['e29f8ebfb1acd5d9', t('.471'), t('.583')],
      ['ae5b4a7c3d6f8195', t('.424'), t('.471')],
      // Each segment starts a little after its caller: those gaps are the caller's own time.
      ['8c3f2e5a1b4d6f73', t('.421'), t('.424')],
      ['7b2e1d4f0a3c5e62', t('.418'), t('.421')],
      ['6a1f0c3e9b2d4e51', t('.41'), t('.418')],
    ]);
  });

  it('clips the aws-iatk "Dwell Time" to its Lambda segment, so it is on the path, and detaches "Attempt #1" that starts after the segment ends', () => {
    // Trace 1-64de5070-…: the stage some-app/Prod [184.114, 184.602] (after 1692291000) with its
    // Lambda subsegment [184.12, 184.602] (the assembler adds its inferred node, same times), and
    // the orphan AWS::Lambda segment my-function [184.757, 184.772] whose "Dwell Time"
    // [184.757, 184.802] runs past it and whose "Attempt #1" [184.802, 185.307] starts after it.
    // Walking back from the trace's end: my-function ends last (184.772); clipped to it, Dwell
    // Time ends at 184.772 and is taken; Attempt #1 lies outside its parent, detached. Then the
    // stage (ends 184.602, before my-function starts), its Lambda call and the inferred node.
    const trace = assembleFixtureTraces('aws-iatk/go_test_documents_as_BatchGetTraces.json').find((t) => t.id === '1-64de5070-34ff53fe0d2e1fbe64b28bef')!;
    expect(idsOnPath(trace)).toEqual(['2b4e0ef3499cd781', '23a449852a482e1d', '23a449852a482e1d:inferred', '4174aefb49d05470', '7f27e935214d0df0']);
    expect(clipIntervals(trace).detached[indexOf(trace, '695ea167ab53c29f')]).toBe(1);
    expect(clipIntervals(trace).end[indexOf(trace, '7f27e935214d0df0')]).toBe(1692291184.772);
    expect(sectionsOf(trace)).toEqual([
      ['7f27e935214d0df0', 1692291184.757, 1692291184.772],
      ['23a449852a482e1d:inferred', 1692291184.12, 1692291184.602],
      ['2b4e0ef3499cd781', 1692291184.114, 1692291184.12],
    ]);
  });

  it('takes the exact path through the other two aws-iatk traces (Initialization outside its function, or inside it)', () => {
    const traces = assembleFixtureTraces('aws-iatk/go_test_documents_as_BatchGetTraces.json');
    // 1-64de5a99-…: the function [788.127201, 788.7753212] (after 1692293000); Initialization
    // [787.7737608, 788.1258464] ends before the function starts: detached, off the path.
    // Overhead ends last (788.7750967), Invocation ends (788.7534282) before Overhead starts
    // (788.7534742); inside Invocation the EventBridge call and its inferred Events segment.
    const async = traces.find((t) => t.id === '1-64de5a99-5d09aa705e56bbd0152548cb')!;
    expect(idsOnPath(async)).toEqual(['3705e19822f3db45', '5640de914527757d', 'aabeb336dc5bce90', '224acacf31b69977', '83f9591e84c79024']);
    // 1-12de5a99-…: the same subsegments under a function that starts 10^7 s earlier (a typo in
    // the source test), so Initialization lies inside it and ends before Invocation starts: on the
    // path. The Events call has no Events segment in this trace: the assembler infers one.
    const typo = traces.find((t) => t.id === '1-12de5a99-5d09hh705e56aad0152548cb')!;
    expect(idsOnPath(typo)).toEqual(['2405e19822f3db45', 'd42ac4bfc7906b53', '5640de914527757d', 'aabeb336dc5bce90', 'aabeb336dc5bce90:inferred', '83f9591e84c79024']);
  });

  it('skips children that lie entirely outside their parent (clock skew)', () => {
    // n2 runs [20,21] under a parent [0,10]: detached, never critical.
    const trace = assembleTree([-1, 0, 0], [0, 1, 20], [10, 2, 1]);
    expect(clipIntervals(trace).detached[indexOf(trace, 'n2')]).toBe(1);
    expect(idsOnPath(trace)).toEqual(['n0', 'n1']);
  });

  it('clips a child that only touches its parent to an instant instead of detaching it', () => {
    // Parent [0,10]; n1 starts exactly at the parent's end, n2 ends exactly at its start: each
    // shares one instant with the parent, so neither lies entirely outside it.
    const trace = assembleTree([-1, 0, 0], [0, 10, -5], [10, 2, 5]);
    const clipped = clipIntervals(trace);
    expect(Array.from(clipped.detached)).toEqual([0, 0, 0]);
    expect([clipped.start[indexOf(trace, 'n1')], clipped.end[indexOf(trace, 'n1')]]).toEqual([10, 10]);
    expect([clipped.start[indexOf(trace, 'n2')], clipped.end[indexOf(trace, 'n2')]]).toEqual([0, 0]);
    // Walking back from 10, the instant child at 10 is taken first; the one at 0 ends the walk
    // (in span order n2 comes first: siblings by their own start, -5).
    expect(idsOnPath(trace)).toEqual(['n0', 'n2', 'n1']);
  });

  it('keeps an orphan root that runs inside the first root off the path', () => {
    // n0 [0,10] is the entry root; n1 [2,3] names a parent that is not in the trace (an orphan
    // root). The trace ends with n0, which covers the whole trace: n1 is never reached.
    const documents = treeDocuments([-1, -1], [0, 2], [10, 1]);
    const trace = assembleTrace([documents[0]!, { ...documents[1]!, parent_id: 'not-in-this-trace' }]);
    expect(trace.spans.map((s) => s.id)).toEqual(['n0', 'n1']);
    expect(idsOnPath(trace)).toEqual(['n0']);
    expect(sectionsOf(trace)).toEqual([['n0', 0, 10]]);
  });

  it('takes the longer of two children that end together, and the first of two identical ones', () => {
    // Under [0,10]: n1 [2,8] and n2 [5,8] end together; the longer (n1) is critical, n2 is not.
    expect(idsOnPath(assembleTree([-1, 0, 0], [0, 2, 5], [10, 6, 3]))).toEqual(['n0', 'n1']);
    // n1 and n2 both [2,8]: the first in span order.
    expect(idsOnPath(assembleTree([-1, 0, 0], [0, 2, 2], [10, 6, 6]))).toEqual(['n0', 'n1']);
  });

  it('runs an in-progress span until the trace ends', () => {
    // n0 [0,10]; n1 starts at 2 and has no end yet: it is taken to run to 10, the trace's end,
    // so it holds the path's whole stretch from 2 on.
    const [root, child] = treeDocuments([-1, 0], [0, 2], [10, 1]);
    const { end_time: _end, ...open } = child!;
    const trace = assembleTrace([root!, { ...open, in_progress: true }]);
    expect(sectionsOf(trace)).toEqual([
      ['n1', 2, 10],
      ['n0', 0, 2],
    ]);
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
        const trace = assembleTree(parents, starts, durations);
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
    const deep = assembleTree(
      chain,
      chain.map((_, k) => k * 0.001),
      chain.map((_, k) => 100 - k * 0.002),
    );
    expect(computeCriticalPath(deep).spans.length).toBe(10_000);
    const flat = Array.from({ length: 100_000 }, (_, k) => (k === 0 ? -1 : 0));
    const wide = assembleTree(
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
        const trace = assembleTree(parents, starts, durations);
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

  it('is the part of each span no child covers, on the aws-cli example: 226 ms of Scorekeep, 0 of its DynamoDB call, 6 ms of the table', () => {
    // Scorekeep [.432, .664] (after 1568835610), its DynamoDB subsegment [.658, .664] and the
    // inferred table segment under it, same times. The trace's Duration field (0.232, from AWS)
    // is Scorekeep's own 226 ms plus the 6 ms of the call below it.
    const [trace] = assembleFixtureTraces('aws-cli-examples/batch-get-traces_output.json');
    const self = computeSelfTimes(trace!);
    expect(trace!.spans.map((s) => s.id)).toEqual(['54aff5735b12dd28', '2d6900034ccfe558', '0f278b6334c34e6b']);
    expect(self[0]).toBeCloseTo(0.226, 6);
    expect(self[1]).toBeCloseTo(0, 6);
    expect(self[2]).toBeCloseTo(0.006, 6);
    expect(self[0]! + self[2]!).toBeCloseTo(0.232, 6);
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

import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import type { Span, Trace } from '../../model/trace.ts';
import { SpanFlag } from '../../model/trace.ts';
import { assembleTraces } from './assemble.ts';
import { toSpanObject } from './assembled-span.ts';
import { traceViolations } from './check.ts';

/**
 * traceViolations is what every assembly test trusts to say a trace is sound, so each guarantee
 * of model/trace.ts is broken here one at a time, on the reference trace of aws-reference.md
 * Appendix B, and the message expected is worked out from the guarantee broken. That trace, in
 * pre-order: 0 stage, 1 Lambda subsegment, 2 AWS::Lambda segment, 3 AWS::Lambda::Function segment,
 * 4 Invocation, 5 DynamoDB subsegment, 6 inferred DynamoDB, 7 Overhead (4 and 7 are siblings);
 * parent [-1, 0, 1, 2, 3, 4, 5, 3], depth [0, 1, 2, 3, 4, 5, 6, 4], size [8, 7, 6, 5, 3, 2, 1, 1].
 */
type Doc = Record<string, unknown>;

const FUNCTION_SEGMENT = '9d4a3f6b2c5e7084';
const LAMBDA_SEGMENT = '8c3f2e5a1b4d6f73';

function referenceDocuments(parentOf: Record<string, string | undefined> = {}): Doc[] {
  const output = JSON.parse(fixtureText('aws-reference-appendices/batch-get-traces.json')) as { Traces: { Segments: { Document: string }[] }[] };
  return output.Traces.flatMap((trace) => trace.Segments.map((segment) => JSON.parse(segment.Document) as Doc)).map((doc) => {
    const id = doc['id'] as string;
    if (!(id in parentOf)) return doc;
    const { parent_id: _dropped, ...rest } = doc;
    return parentOf[id] === undefined ? rest : { ...rest, parent_id: parentOf[id] };
  });
}

function reference(parentOf: Record<string, string | undefined> = {}): Trace {
  const result = assembleTraces(referenceDocuments(parentOf));
  expect(result.traces).toHaveLength(1);
  return result.traces[0]!;
}

function withArrays(trace: Trace, arrays: Partial<Pick<Trace, 'parent' | 'depth' | 'size' | 'flags' | 'spans'>>): Trace {
  return { ...trace, ...arrays };
}

const edit = <T extends Int32Array | Uint8Array>(array: T, at: number, value: number): T => {
  const copy = array.slice() as T;
  copy[at] = value;
  return copy;
};

function withSpan(trace: Trace, at: number, change: Partial<Span>): Trace {
  const spans = trace.spans.slice();
  spans[at] = { ...toSpanObject(spans[at]!), ...change };
  return withArrays(trace, { spans });
}

/** The trace with its root subtrees in the order of `roots` (slots of the roots in `trace`). */
function reorderRoots(trace: Trace, roots: readonly number[]): Trace {
  const order: number[] = [];
  for (const root of roots) for (let i = root; i < root + trace.size[root]!; i++) order.push(i);
  const position = new Map(order.map((old, i) => [old, i]));
  return withArrays(trace, {
    spans: order.map((old) => trace.spans[old]!),
    parent: Int32Array.from(order, (old) => (trace.parent[old]! < 0 ? -1 : position.get(trace.parent[old]!)!)),
    depth: Int32Array.from(order, (old) => trace.depth[old]!),
    size: Int32Array.from(order, (old) => trace.size[old]!),
    flags: Uint8Array.from(order, (old) => trace.flags[old]!),
  });
}

describe('traceViolations on the reference trace with one guarantee broken', () => {
  it('finds nothing wrong with the trace as assembled', () => {
    const trace = reference();
    expect(Array.from(trace.parent)).toEqual([-1, 0, 1, 2, 3, 4, 5, 3]);
    expect(traceViolations(trace)).toEqual([]);
  });

  it('reports arrays of different lengths, and nothing else, whichever array is short', () => {
    const trace = reference();
    expect(traceViolations(withArrays(trace, { spans: trace.spans.slice(1) }))).toEqual(['array lengths differ: spans 7, parent 8, depth 8, size 8, flags 8']);
    expect(traceViolations(withArrays(trace, { parent: trace.parent.slice(1) }))).toEqual(['array lengths differ: spans 8, parent 7, depth 8, size 8, flags 8']);
    expect(traceViolations(withArrays(trace, { depth: trace.depth.slice(1) }))).toEqual(['array lengths differ: spans 8, parent 8, depth 7, size 8, flags 8']);
    expect(traceViolations(withArrays(trace, { size: trace.size.slice(1) }))).toEqual(['array lengths differ: spans 8, parent 8, depth 8, size 7, flags 8']);
    expect(traceViolations(withArrays(trace, { flags: trace.flags.slice(1) }))).toEqual(['array lengths differ: spans 8, parent 8, depth 8, size 8, flags 7']);
  });

  it('reports a span of another trace and an id met twice', () => {
    const trace = reference();
    expect(traceViolations(withSpan(trace, 3, { traceId: '1-00000000-000000000000000000000000' }))).toEqual(['span 3 belongs to trace 1-00000000-000000000000000000000000']);
    expect(traceViolations(withSpan(trace, 7, { id: trace.spans[4]!.id }))).toEqual([`span id ${trace.spans[4]!.id} appears twice`]);
  });

  it('reports a size below 1 or past the end, and sizes that do not add up', () => {
    const trace = reference();
    // Overhead (7) of size 0: its parent (3) then holds 3 + 0 under it, not 4.
    expect(traceViolations(withArrays(trace, { size: edit(trace.size, 7, 0) }))).toEqual([
      'span 7 has size 0',
      'span 3 has size 5 but its children hold 3',
      'span 7 has size 0 but its children hold 0',
    ]);
    // The root claims 9 spans of 8.
    expect(traceViolations(withArrays(trace, { size: edit(trace.size, 0, 9) }))).toEqual(['span 0 has size 9', 'span 0 has size 9 but its children hold 7']);
  });

  it('reports a span outside its parent\'s subtree', () => {
    const trace = reference();
    // The Function segment (3) claims 4 spans (3..6): Overhead (7) is its child but outside.
    expect(traceViolations(withArrays(trace, { size: edit(trace.size, 3, 4) }))).toEqual([
      'span 7 lies outside the subtree of its parent 3',
      'span 2 has size 6 but its children hold 4',
      'span 3 has size 4 but its children hold 4',
    ]);
  });

  it('reports a parent that is not an earlier span (later, itself, or below -1)', () => {
    const trace = reference();
    expect(traceViolations(withArrays(trace, { parent: edit(trace.parent, 4, 5) }))).toEqual(['span 4 has parent 5, not an earlier span', 'span 3 has size 5 but its children hold 1']);
    expect(traceViolations(withArrays(trace, { parent: edit(trace.parent, 4, 4) }))).toEqual(['span 4 has parent 4, not an earlier span', 'span 3 has size 5 but its children hold 1']);
    expect(traceViolations(withArrays(trace, { parent: edit(trace.parent, 1, -2) }))).toEqual(['span 1 has parent -2, not an earlier span', 'span 0 has size 8 but its children hold 0']);
  });

  it('reports a depth that is not one more than the parent\'s, and a root not at depth 0', () => {
    const trace = reference();
    expect(traceViolations(withArrays(trace, { depth: edit(trace.depth, 7, 5) }))).toEqual(['span 7 has depth 5 under a parent of depth 3']);
    expect(traceViolations(withArrays(trace, { depth: edit(trace.depth, 0, 1) }))).toEqual(['root 0 has depth 1', 'span 1 has depth 1 under a parent of depth 1']);
  });

  it('reports siblings out of start order, not siblings that start together', () => {
    const trace = reference();
    const invocation = trace.spans[4]!.start;
    expect(traceViolations(withSpan(trace, 7, { start: invocation - 0.001 }))).toEqual(['span 7 starts before its earlier sibling 4']);
    expect(traceViolations(withSpan(trace, 7, { start: invocation }))).toEqual([]);
  });
});

describe('traceViolations on the order of roots', () => {
  it('wants entry roots by start time: the Function segment without a parent_id is a second entry root', () => {
    const trace = reference({ [FUNCTION_SEGMENT]: undefined });
    // Stage subtree (stage, Lambda subsegment, AWS::Lambda segment), then the Function's five spans.
    expect([Array.from(trace.parent), Array.from(trace.flags)]).toEqual([[-1, 0, 1, -1, 3, 4, 5, 3], [0, 0, 0, 0, 0, 0, 0, 0]]);
    expect(traceViolations(trace)).toEqual([]);
    expect(traceViolations(reorderRoots(trace, [3, 0]))).toEqual(['root 5 starts before root 0']);
    // Two entry roots that start together are in order either way.
    expect(traceViolations(reorderRoots(withSpan(trace, 3, { start: trace.spans[0]!.start }), [3, 0]))).toEqual([]);
  });

  it('wants entry roots before orphan roots, and orphan roots in any order', () => {
    const trace = reference({ [FUNCTION_SEGMENT]: 'ffffffffffffffff' });
    expect(Array.from(trace.flags)).toEqual([0, 0, 0, SpanFlag.orphan, 0, 0, 0, 0]);
    expect(traceViolations(trace)).toEqual([]);
    expect(traceViolations(reorderRoots(trace, [3, 0]))).toEqual(['entry root 5 comes after orphan root 0']);

    // Both Lambda segments orphans: the stage's Lambda subsegment then gets an inferred callee.
    const orphans = reference({ [FUNCTION_SEGMENT]: 'ffffffffffffffff', [LAMBDA_SEGMENT]: 'eeeeeeeeeeeeeeee' });
    const roots = [...orphans.parent.keys()].filter((i) => orphans.parent[i] === -1);
    expect(roots.map((i) => [orphans.spans[i]!.id, orphans.flags[i]])).toEqual([
      ['6a1f0c3e9b2d4e51', 0],
      [LAMBDA_SEGMENT, SpanFlag.orphan],
      [FUNCTION_SEGMENT, SpanFlag.orphan],
    ]);
    expect(traceViolations(orphans)).toEqual([]);
    expect(traceViolations(reorderRoots(orphans, [roots[0]!, roots[2]!, roots[1]!]))).toEqual([]);
  });
});

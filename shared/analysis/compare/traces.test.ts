import { describe, expect, it } from 'vitest';
import type { XRaySegmentDocument, XRaySpanDocument } from '../../model/index.ts';
import { generateScaleSegments } from '../../generator/index.ts';
import { assembleTrace } from '../../../test/support/trace-documents.ts';
import { spansOf } from '../../../test/support/incident-ground-truth.ts';
import { compareTraces, CRITICAL_AFTER, CRITICAL_BEFORE, type TraceComparison } from './traces.ts';
import { compareTracesJson, rowPath } from './traces-json.ts';

/** A generated trace's documents (the scale generator: stage → Lambda → services, code subsegments, SDK and remote calls). */
function generated(spans: number, seed: number): XRaySegmentDocument[] {
  return [...generateScaleSegments({ seed, traces: 1, spansPerTrace: spans })];
}

/** Plain code subsegments (no namespace, so nothing is inferred below them) that are leaves and end ok. */
function codeLeaves(documents: readonly XRaySegmentDocument[]): XRaySpanDocument[] {
  const leaves: XRaySpanDocument[] = [];
  for (const doc of documents) for (const span of spansOf(doc)) if (span !== doc && span.namespace === undefined && !span.subsegments?.length && span.end_time !== undefined && !span.fault && !span.error) leaves.push(span);
  return leaves;
}

const rowOfSpan = (comparison: TraceComparison, side: 'before' | 'after', spanIndex: number): number => comparison.rows[side].indexOf(spanIndex);

type Editable = { -readonly [K in keyof XRaySpanDocument]: XRaySpanDocument[K] };

/** The span of `documents` with this id, to edit. */
function spanIn(documents: readonly XRaySegmentDocument[], id: string): Editable {
  for (const doc of documents) for (const span of spansOf(doc)) if (span.id === id) return span as Editable;
  throw new Error(`no span ${id}`);
}

describe('two generated traces that differ in one subtree', () => {
  // Both traces are one generated trace's documents with edits: in the before trace one leaf call
  // ends 30 % earlier (so in the after trace, as generated, it is that much slower); in the after
  // trace one span faults and another has a new call (with a child of its own).
  const generatedDocs = generated(400, 21);
  const leaves = codeLeaves(generatedDocs);
  const slower = leaves[Math.floor(leaves.length / 3)]!;
  const faulting = leaves[Math.floor((2 * leaves.length) / 3)]!;
  const host = leaves[Math.floor(leaves.length / 2)]!;
  const cut = Math.round((slower.end_time! - slower.start_time) * 0.3 * 1e6) / 1e6;
  const before = structuredClone(generatedDocs);
  spanIn(before, slower.id).end_time = slower.end_time! - cut;
  const after = structuredClone(generatedDocs);
  spanIn(after, faulting.id).fault = true;
  spanIn(after, host.id).subsegments = [
    { id: 'e0000000000000a1', name: 'extra-call', start_time: host.start_time, end_time: host.end_time!, subsegments: [{ id: 'e0000000000000a2', name: 'extra-inner', start_time: host.start_time, end_time: host.end_time! }] },
  ];
  const a = assembleTrace(before);
  const b = assembleTrace(after);
  const comparison = compareTraces(a, b);
  const indexOf = (trace: typeof a, id: string): number => trace.spans.findIndex((span) => span.id === id);

  it('matches every span of the before trace, and the new call alone as a subtree of two', () => {
    expect(comparison.matched).toBe(a.spans.length);
    expect(comparison.onlyBefore.length).toBe(0);
    expect(comparison.rowCount).toBe(a.spans.length + 2);
    expect(b.spans.length).toBe(a.spans.length + 2);
    const [root] = comparison.onlyAfter;
    expect(comparison.onlyAfter.length).toBe(1);
    expect(b.spans[comparison.rows.after[root!]!]!.id).toBe('e0000000000000a1');
    expect(comparison.rows.subtreeRows[root!]).toBe(2);
    // Placed under the span it was added to, in the merged rows.
    expect(comparison.rows.before[comparison.rows.parentRow[root!]!]).toBe(indexOf(a, host.id));
    const json = compareTracesJson(comparison, a, b);
    expect(json.onlyAfter.map((only) => [only.id, only.spans, only.status])).toEqual([['e0000000000000a1', 2, 'ok']]);
    expect(json.onlyAfter[0]!.path.endsWith(' > extra-call')).toBe(true);
  });

  it('finds one changed duration, the slower call’s, with its exact delta', () => {
    expect(cut).toBeGreaterThan(0);
    const changed: [string, number][] = [];
    for (let r = 0; r < comparison.rowCount; r++) {
      const delta = comparison.rows.durationDelta[r]!;
      if (Number.isFinite(delta) && delta !== 0) changed.push([a.spans[comparison.rows.before[r]!]!.id, delta]);
    }
    expect(changed.map(([id]) => id)).toEqual([slower.id]);
    expect(changed[0]![1]).toBeCloseTo(cut, 6);
    // A leaf's self time is its duration: the same delta.
    const row = rowOfSpan(comparison, 'before', indexOf(a, slower.id));
    expect(comparison.rows.selfDelta[row]).toBeCloseTo(cut, 6);
    // The largest |delta| comes first.
    expect(comparison.byDelta[0]).toBe(row);
    const [first] = compareTracesJson(comparison, a, b, 1).pairs;
    expect([first!.before.id, first!.delta.duration]).toEqual([slower.id, changed[0]![1]]);
  });

  it('finds one status change, ok → fault', () => {
    expect(Array.from(comparison.statusChanged, (r) => a.spans[comparison.rows.before[r]!]!.id)).toEqual([faulting.id]);
    const pair = compareTracesJson(comparison, a, b).pairs.find((p) => p.before.id === faulting.id)!;
    expect([pair.before.status, pair.after.status, pair.delta.status]).toEqual(['ok', 'fault', 'ok → fault']);
  });

  it('makes the merged rows one tree in pre-order: each subtree a run of rows under its root', () => {
    const { rows } = comparison;
    for (let r = 1; r < comparison.rowCount; r++) {
      const p = rows.parentRow[r]!;
      if (p < 0) continue;
      expect(p).toBeLessThan(r);
      expect(r).toBeLessThan(p + rows.subtreeRows[p]!);
      expect(rows.depth[r]).toBe(rows.depth[p]! + 1);
    }
    expect(rows.subtreeRows[0]).toBe(comparison.rowCount);
  });

  it('gives every matched pair the same path on both sides and a path that names its span', () => {
    const json = compareTracesJson(comparison, a, b);
    expect(json.pairs.length).toBe(a.spans.length);
    const paths = new Set(json.pairs.map((pair) => pair.path));
    expect(paths.size).toBe(a.spans.length);
    const slowPair = json.pairs.find((pair) => pair.before.id === slower.id)!;
    expect(slowPair.after.id).toBe(slower.id);
    expect(slowPair.path.split(' > ').at(-1)!.startsWith(slower.name)).toBe(true);
    // The entry: API Gateway's stage segment, as the map names it.
    expect(slowPair.path.startsWith(`${a.spans[0]!.name} (AWS::ApiGateway::Stage) > `)).toBe(true);
  });
});

/** Segment documents of one trace: `spans` are [id, name, parent id or '', start, end]; segments (no namespace, no origin). */
function documents(spans: readonly (readonly [string, string, string, number, number, boolean?])[]): XRaySegmentDocument[] {
  return spans.map(([id, name, parent, start, end, fault]) => ({ id, name, trace_id: '1-00000000-000000000000000000000001', start_time: start, end_time: end, ...(parent ? { parent_id: parent } : {}), ...(fault ? { fault: true } : {}) }));
}

describe('matching by position among siblings with the same name', () => {
  it('pairs the k-th "query" with the k-th, and the fourth one only the after trace has', () => {
    const root = ['r0000000000000001', 'api', '', 100, 110] as const;
    const queries = (durations: readonly number[]) => durations.map((d, k) => [`q00000000000000${k}`, 'query', root[0], 101 + 2 * k, 101 + 2 * k + d] as const);
    const a = assembleTrace(documents([root, ...queries([1, 1, 1])]));
    const b = assembleTrace(documents([root, ...queries([1, 1.5, 1, 0.5])]));
    const comparison = compareTraces(a, b);
    const json = compareTracesJson(comparison, a, b);
    // The largest |delta| first, then the unchanged ones in row order.
    expect(json.pairs.map((pair) => [pair.path, pair.delta.duration])).toEqual([
      ['api > query #2', 0.5],
      ['api', 0],
      ['api > query', 0],
      ['api > query #3', 0],
    ]);
    expect(json.onlyAfter.map((only) => [only.path, only.spans])).toEqual([['api > query #4', 1]]);
    expect(rowPath(comparison, comparison.onlyAfter[0]!)).toBe('api > query #4');
  });
});

describe('self times and critical paths of the two', () => {
  // Root [0, 10] with a [0, 4] and b [5, 9]: before, the path is root, b (ends last), then a (ends
  // before b starts). After, a runs [0, 9.5]: it ends last, so the path is root, a; b overlaps a and
  // is skipped. Self times: before, root 10 − 8 = 2, a 4, b 4; after, root 10 − 9.5 = 0.5, a 9.5, b 4.
  const a = assembleTrace(documents([['r000000000000001', 'root', '', 0, 10], ['a000000000000001', 'a', 'r000000000000001', 0, 4], ['b000000000000001', 'b', 'r000000000000001', 5, 9]]));
  const b = assembleTrace(documents([['r000000000000001', 'root', '', 0, 10], ['a000000000000001', 'a', 'r000000000000001', 0, 9.5], ['b000000000000001', 'b', 'r000000000000001', 5, 9]]));
  const comparison = compareTraces(a, b);
  const byName = (name: string): number => comparison.rows.before.findIndex((i) => a.spans[i]!.name === name);

  it('takes each span’s self time from the waterfall’s definition and subtracts', () => {
    const { rows } = comparison;
    expect([byName('root'), byName('a'), byName('b')].map((r) => [rows.beforeSelf[r], rows.afterSelf[r], rows.selfDelta[r]])).toEqual([
      [2, 0.5, -1.5],
      [4, 9.5, 5.5],
      [4, 4, 0],
    ]);
  });

  it('says which spans are on which critical path, and where the two differ', () => {
    const { rows } = comparison;
    expect([byName('root'), byName('a'), byName('b')].map((r) => rows.critical[r])).toEqual([CRITICAL_BEFORE | CRITICAL_AFTER, CRITICAL_BEFORE | CRITICAL_AFTER, CRITICAL_BEFORE]);
    expect(Array.from(comparison.criticalChanged)).toEqual([byName('b')]);
    expect([comparison.before.criticalSpans, comparison.after.criticalSpans]).toEqual([3, 2]);
    expect(CRITICAL_AFTER).not.toBe(CRITICAL_BEFORE);
  });

  it('lists a subtree only the before trace has once, by its root and size', () => {
    const bigger = assembleTrace(documents([['r000000000000001', 'root', '', 0, 10], ['a000000000000001', 'a', 'r000000000000001', 0, 4], ['c000000000000001', 'gone', 'a000000000000001', 1, 3], ['c000000000000002', 'gone-child', 'c000000000000001', 1, 2]]));
    const compared = compareTraces(bigger, b);
    expect(Array.from(compared.onlyBefore, (r) => [bigger.spans[compared.rows.before[r]!]!.name, compared.rows.subtreeRows[r]])).toEqual([['gone', 2]]);
    expect(Array.from(compared.onlyAfter, (r) => b.spans[compared.rows.after[r]!]!.name)).toEqual(['b']);
    expect(compared.rowCount).toBe(5);
  });
});

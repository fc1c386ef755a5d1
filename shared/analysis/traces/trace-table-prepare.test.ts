import { describe, expect, it } from 'vitest';
import { toSnapshotContent } from '../../generator/index.ts';
import type { Dataset } from '../../model/dataset.ts';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { generateScaleSegments } from '../../generator/index.ts';
import { assembleTraces } from '../../dataset/assembly/assemble.ts';
import { serviceIdentity } from '../../dataset/naming/service-naming.ts';
import { compileFilter, matchingIndices } from './filter.ts';
import { TraceTable } from './trace-table.ts';
import { demoIncident } from '../../../test/support/demo-incident.ts';

const EXPRESSIONS = [
  'service("orders-handler") { fault }',
  'edge("orders-api/prod", "orders-handler") { responsetime > 0.5 }',
  'service("Orders") { http.status >= 400 }',
  'annotation.tenant = "acme"',
  'annotation.cold_start = true OR annotation.nothing_here = 1',
];

/** Everything a built node index and the annotation columns hold, as plain data. */
function built(table: TraceTable, keys: readonly string[]): unknown {
  const index = table.nodeIndex();
  const { nodes, traceNodeStart, entryNode, entrySpanStart, entrySpanEnd, traceEdgeStart, edgeSource, edgeTarget, edgeSpanStart, edgeSpanEnd, spanNode, spanBits, spanDuration } = index;
  return {
    nodes,
    arrays: [traceNodeStart, entryNode, entrySpanStart, entrySpanEnd, traceEdgeStart, edgeSource, edgeTarget, edgeSpanStart, edgeSpanEnd, spanNode, spanBits, spanDuration].map((array) => Array.from(array)),
    spans: index.spans.map((span) => span.id),
    annotations: keys.map((key) => table.annotation(key)),
    matches: EXPRESSIONS.map((expression) => {
      const compiled = compileFilter(expression);
      if (!compiled.ok) throw new Error(compiled.problem.message);
      return Array.from(matchingIndices(compiled.filter, table));
    }),
  };
}

function compare(dataset: Dataset): number {
  const lazy = TraceTable.fromDataset(dataset);
  const ahead = TraceTable.fromDataset(dataset);
  // Stop at every chance: the build goes a few hundred traces per call.
  let calls = 1;
  while (!ahead.prepare(() => true)) calls++;
  const keys = new Set<string>(['nothing_here']);
  for (let i = 0; i < lazy.size; i++) for (const key of lazy.annotationsOf(i).keys()) keys.add(key);
  expect(keys.size).toBeGreaterThan(1);
  expect(built(ahead, [...keys])).toEqual(built(lazy, [...keys]));
  return calls;
}

describe('TraceTable.prepare', () => {
  const incident = demoIncident();
  it('builds in slices the same node index, annotation columns and matches as first use does (summaries and traces)', () => {
    const dataset = buildDataset(toSnapshotContent(incident));
    expect(dataset.summaries.length).toBeGreaterThan(512);
    expect(compare(dataset)).toBeGreaterThan(2);
  });

  it('does the same from the assembled traces alone', () => {
    const dataset = buildDataset(toSnapshotContent({ ...incident, summaries: [] }));
    expect(dataset.summaries).toHaveLength(0);
    expect(compare(dataset)).toBeGreaterThan(2);
  });

  it('lets a filter that comes mid-build finish the build', () => {
    const dataset = buildDataset(toSnapshotContent(incident));
    const table = TraceTable.fromDataset(dataset);
    expect(table.prepare(() => true)).toBe(false);
    const compiled = compileFilter(EXPRESSIONS[0]!);
    if (!compiled.ok) throw new Error(compiled.problem.message);
    const lazy = TraceTable.fromDataset(dataset);
    expect(Array.from(matchingIndices(compiled.filter, table))).toEqual(Array.from(matchingIndices(compiled.filter, lazy)));
    expect(table.prepare(() => false)).toBe(true);
  });

  it('gives an annotation filter that comes while the columns are half built the same column (kept after the build ends)', () => {
    const dataset = buildDataset(toSnapshotContent(incident));
    const table = TraceTable.fromDataset(dataset);
    const lazy = TraceTable.fromDataset(dataset);
    expect(table.prepare(() => true)).toBe(false);
    for (const key of ['tenant', 'cold_start', 'nothing_here']) expect(table.annotation(key)).toEqual(lazy.annotation(key));
    for (const expression of EXPRESSIONS.slice(3)) {
      const compiled = compileFilter(expression);
      if (!compiled.ok) throw new Error(compiled.problem.message);
      expect(Array.from(matchingIndices(compiled.filter, table))).toEqual(Array.from(matchingIndices(compiled.filter, lazy)));
    }
    while (!table.prepare(() => true));
    expect(table.annotation('tenant')).toEqual(lazy.annotation('tenant'));
  });

  it('builds one trace larger than a slice in many slices, each span row under the node its segment names', () => {
    // Annotations on segments all through the trace, one key on the last segment only.
    // 80,000 spans: more segments (node rows) than one slice adds, so a stop can come inside the rows too.
    const generated = [...generateScaleSegments({ seed: 6, traces: 1, spansPerTrace: 80_000 })];
    const documents = generated.map((doc, k) =>
      k === generated.length - 1 ? { ...doc, annotations: { late: true } } : k % 97 === 0 ? { ...doc, annotations: { ...doc.annotations, shard: k % 7 } } : doc,
    );
    const trace = assembleTraces(documents).traces[0]!;
    const ahead = new TraceTable([{ trace }]);
    let calls = 1;
    while (!ahead.prepare(() => true)) calls++;
    // A stop at every chance: a slice is a few thousand spans, so one trace takes several.
    expect(calls).toBeGreaterThan(4);
    const keys = [...new TraceTable([{ trace }]).annotationsOf(0).keys(), 'nothing_here'];
    expect(built(ahead, keys)).toEqual(built(new TraceTable([{ trace }]), keys));
    expect([...(ahead.annotation('shard')[0] ?? [])].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(ahead.annotation('late')[0]).toEqual([true]);
    // Asked for mid-build (inside the trace's annotations, inside its node index's span scan, then
    // in its last slices: after grouping the node rows, inside them, after grouping the edge rows),
    // the build finishes the same.
    expect(trace.spans.filter((span) => span.kind !== 'subsegment').length).toBeGreaterThan(4_096);
    for (const stops of [1, 4, calls - 4, calls - 3, calls - 2, calls - 1]) {
      const mid = new TraceTable([{ trace }]);
      for (let k = 0; k < stops; k++) expect(mid.prepare(() => true)).toBe(false);
      expect(built(mid, keys)).toEqual(built(ahead, keys));
    }
    // Independently of the index: the segments of each entry node, in span order, found by their identity.
    const index = ahead.nodeIndex();
    for (let e = index.traceNodeStart[0]!; e < index.traceNodeStart[1]!; e++) {
      const node = index.nodes[index.entryNode[e]!]!;
      const expected = trace.spans.filter((span) => span.kind !== 'subsegment' && `${serviceIdentity(span).type}|${serviceIdentity(span).name}` === node.key);
      expect(index.spans.slice(index.entrySpanStart[e]!, index.entrySpanEnd[e]!).map((span) => span.id)).toEqual(expected.map((span) => span.id));
    }
    expect(index.traceNodeStart[1]! - index.traceNodeStart[0]!).toBeGreaterThan(5);
  });
});

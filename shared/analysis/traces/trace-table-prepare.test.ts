import { describe, expect, it } from 'vitest';
import { toSnapshotContent } from '../../generator/index.ts';
import type { Dataset } from '../../model/dataset.ts';
import { buildDataset } from '../../dataset/build-dataset.ts';
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
});

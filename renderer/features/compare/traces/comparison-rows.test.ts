import { describe, expect, it } from 'vitest';
import { compareTraces } from '../../../../shared/analysis/compare/index.ts';
import { assembleTrace } from '../../../../test/support/trace-documents.ts';
import { twoTraces } from '../../../../test/support/compare-traces-documents.ts';
import { bySelfDelta, identical, onlySpans, roundDelta, shownAncestor, shownRows } from './comparison-rows.ts';

// Two generated traces that differ in one subtree (test/support/compare-traces-documents.ts).
const pair = twoTraces();
const before = assembleTrace(pair.before);
const after = assembleTrace(pair.after);
const comparison = compareTraces(before, after);

describe('the rows the two-trace views show', () => {
  it('shows every merged row in tree order until something is collapsed, then hides exactly its descendants', () => {
    const collapsed = new Uint8Array(comparison.rowCount);
    expect(Array.from(shownRows(comparison, collapsed, 'tree'))).toEqual(Array.from({ length: before.spans.length + 2 }, (_, r) => r));
    // The host of the new call: collapsing it hides the call and its child (and the host's own children, none: it was a leaf).
    const host = comparison.rows.before.indexOf(before.spans.findIndex((span) => span.id === pair.host.id));
    collapsed[host] = 1;
    const shown = Array.from(shownRows(comparison, collapsed, 'tree'));
    expect(shown.length).toBe(comparison.rowCount - 2);
    expect(shown).toContain(host);
    expect(shown).not.toContain(host + 1);
    expect(shownAncestor(comparison, collapsed, host + 2)).toBe(host);
    collapsed[0] = 1;
    expect(Array.from(shownRows(comparison, collapsed, 'tree'))).toEqual([0]);
  });

  it('orders by |self-time delta| largest first, then unchanged, then unknown, each row once', () => {
    const order = Array.from(bySelfDelta(comparison));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: comparison.rowCount }, (_, r) => r));
    const deltas = order.map((r) => comparison.rows.selfDelta[r]!);
    const firstZero = deltas.findIndex((d) => d === 0);
    const firstUnknown = deltas.findIndex((d) => Number.isNaN(d));
    for (let i = 1; i < firstZero; i++) expect(Math.abs(deltas[i]!)).toBeLessThanOrEqual(Math.abs(deltas[i - 1]!));
    expect(deltas.slice(firstZero, firstUnknown).every((d) => d === 0)).toBe(true);
    // The two new spans have no self-time delta.
    expect(deltas.slice(firstUnknown).length).toBe(2);
    // The shortened leaf: its self time is its duration, so its self delta is the cut.
    expect(Math.max(...deltas.slice(0, firstZero).map(Math.abs))).toBeGreaterThanOrEqual(pair.slower.delta - 1e-9);
  });

  it('counts the spans only one trace has, and tells two identical traces', () => {
    expect([onlySpans(comparison, 'before'), onlySpans(comparison, 'after')]).toEqual([0, 2]);
    expect(identical(comparison)).toBe(false);
    expect(identical(compareTraces(before, before))).toBe(true);
  });

  it('rounds deltas to the microsecond, so float noise reads as zero', () => {
    expect([roundDelta(1716560306.662 - 1716560306.662000001), roundDelta(-1e-12), roundDelta(0.0123456789)]).toEqual([0, 0, 0.012346]);
    expect(Object.is(roundDelta(-1e-12), -0)).toBe(false);
    // No delta (a side without the span) stays no delta.
    expect(roundDelta(Number.NaN)).toBeNaN();
  });
});

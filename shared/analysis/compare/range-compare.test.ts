import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { generateCompareIncident, type CompareShift } from '../../generator/index.ts';
import { compareRanges, MIN_REQUESTS } from './range-compare.ts';
import { rangesAroundChange } from './ranges.ts';
import { BINS_PER_DECADE } from './log-histogram.ts';

function compared(shift: CompareShift, options: { tracesPerMinute?: number; minutes?: number } = {}) {
  const incident = generateCompareIncident({ shift, ...options });
  const dataset = buildDataset(incident.content);
  return { incident, dataset, comparison: compareRanges(dataset, rangesAroundChange(dataset, incident.facts.eventId)) };
}

/** The generator's system, named as X-Ray names it (aws-reference.md §2): node keys `type|name`. */
function keysOf(facts: ReturnType<typeof generateCompareIncident>['facts']) {
  return {
    fn: `AWS::Lambda::Function|${facts.functionName}`,
    table: `AWS::DynamoDB::Table|${facts.tableName}`,
    api: `remote|${facts.apiHost}`,
  };
}

describe('compareRanges on generated incidents where one thing changes', () => {
  it('puts the slowed call first and significant, and nothing else significant', () => {
    const { incident, comparison } = compared({ kind: 'latency', factor: 2 });
    const keys = keysOf(incident.facts);
    const [first, ...rest] = comparison.edges;
    expect(first!.id).toBe(`${keys.fn}→${keys.api}`);
    expect(first!.significant).toBe(true);
    expect(first!.tests!.latency!.significant).toBe(true);
    expect(first!.reason).toMatch(/^slower: p50 /);
    // The generator doubled every call's duration: the median doubles (within sampling noise).
    expect(first!.delta.relativeLatency!.p50).toBeGreaterThan(0.8);
    expect(first!.delta.relativeLatency!.p50).toBeLessThan(1.2);
    expect(rest.map((edge) => [edge.id, edge.significant])).toEqual(rest.map((edge) => [edge.id, false]));
    // The API's inferred node is that call seen from its side: the one node that changed.
    const [node, ...others] = comparison.nodes;
    expect([node!.id, node!.significant]).toEqual([keys.api, true]);
    expect(others.every((other) => other.significant === false)).toBe(true);
    // Client nodes carry no stats of their own (their edges do): not listed.
    expect(comparison.nodes.some((n) => n.type === 'client')).toBe(false);
  });

  it("puts the table's rising faults first, with the exception that appeared, and nothing else significant", () => {
    const { incident, dataset, comparison } = compared({ kind: 'fault', rate: 0.1 });
    const keys = keysOf(incident.facts);
    const edge = comparison.edges[0]!;
    expect([edge.id, edge.significant]).toEqual([`${keys.fn}→${keys.table}`, true]);
    expect(edge.tests!.rates.fault.significant).toBe(true);
    expect(edge.before.counts.fault).toBe(0);
    // Every fault the generator made is after the shift; the after range holds those of its traces.
    expect(edge.after.counts.fault).toBeGreaterThan(0);
    expect(edge.after.counts.fault).toBeLessThanOrEqual(incident.facts.tableFaults);
    expect(edge.after.rates!.fault).toBeGreaterThan(0.06);
    expect(edge.after.rates!.fault).toBeLessThan(0.14);
    expect(edge.reason).toBe(`5xx 0% → ${edge.reason.split('→ ')[1]}`);
    expect(edge.exceptions.appeared.map((e) => [e.type, e.count])).toEqual([['InternalServerError', edge.after.counts.fault]]);
    expect(edge.exceptions.vanished).toEqual([]);
    expect(comparison.edges.slice(1).every((other) => other.significant === false)).toBe(true);
    expect(comparison.nodes[0]!.id).toBe(keys.table);
    expect(comparison.nodes.slice(1).every((other) => other.significant === false)).toBe(true);
    // The same ranges the other way round: the exception vanished.
    const reversed = compareRanges(dataset, { before: comparison.ranges.after, after: comparison.ranges.before });
    expect(reversed.edges[0]!.exceptions.vanished.map((e) => e.type)).toEqual(['InternalServerError']);
  });

  it('finds nothing significant when nothing changed', () => {
    const { comparison } = compared({ kind: 'none' });
    expect([...comparison.nodes, ...comparison.edges].filter((figure) => figure.significant !== false)).toEqual([]);
    expect(comparison.edges.every((edge) => edge.reason === 'no change larger than the noise of the samples')).toBe(true);
  });

  it('says "too few" instead of a verdict when a range has fewer than MIN_REQUESTS requests', () => {
    // 1 trace a minute for 20 minutes: about 10 on each side of the shift.
    const { comparison } = compared({ kind: 'latency', factor: 3 }, { tracesPerMinute: 1, minutes: 20 });
    for (const figure of [...comparison.nodes, ...comparison.edges]) {
      expect(Math.min(figure.before.requests, figure.after.requests)).toBeLessThan(MIN_REQUESTS);
      expect(figure.significant).toBeNull();
      expect(figure.tests).toBeNull();
      expect(figure.reason).toMatch(/^too few requests to decide: \d+ before, \d+ after \(at least 20 in each\)$/);
    }
  });

  it('counts every trace once on its side when the ranges cover the data, and links each figure to its traces', () => {
    const incident = generateCompareIncident({ shift: { kind: 'none' } });
    const { facts } = incident;
    const dataset = buildDataset(incident.content);
    const ranges = { before: [facts.firstStart, facts.shiftTime - 1e-6], after: [facts.shiftTime, facts.lastStart] } as const;
    const comparison = compareRanges(dataset, ranges);
    expect(comparison.traces).toEqual({ before: facts.tracesBefore, after: facts.tracesAfter });
    const entry = comparison.edges.find((edge) => edge.from.type === 'client')!;
    expect([entry.before.requests, entry.after.requests]).toEqual([facts.tracesBefore, facts.tracesAfter]);
    expect(entry.before.traces).toEqual({ window: ranges.before, edge: entry.id });
    expect(entry.after.traces).toEqual({ window: ranges.after, edge: entry.id });
    const node = comparison.nodes[0]!;
    expect(node.after.traces).toEqual({ window: ranges.after, node: node.id });
  });

  it("puts both ranges' latencies on one log axis: all requests counted, the slowed one shifted by log10(factor) decades", () => {
    const factor = 4;
    const { incident, comparison } = compared({ kind: 'latency', factor });
    const keys = keysOf(incident.facts);
    const edge = comparison.edges.find((e) => e.id === `${keys.fn}→${keys.api}`)!;
    const { bounds, before, after } = edge.histogram;
    expect(bounds).toHaveLength(before.length + 1);
    expect(after).toHaveLength(before.length);
    for (let i = 1; i < bounds.length; i++) expect(Math.log10(bounds[i]!) - Math.log10(bounds[i - 1]!)).toBeCloseTo(1 / BINS_PER_DECADE, 4);
    expect(before.reduce((a, b) => a + b, 0)).toBe(edge.before.requests);
    expect(after.reduce((a, b) => a + b, 0)).toBe(edge.after.requests);
    const modeOf = (counts: readonly number[]): number => counts.indexOf(Math.max(...counts));
    // ×4 is 0.6 decades: 3 bins at 5 a decade (±1 for where the medians fall in their bins).
    expect(Math.abs(modeOf(after) - modeOf(before) - Math.log10(factor) * BINS_PER_DECADE)).toBeLessThanOrEqual(1);
  });
});

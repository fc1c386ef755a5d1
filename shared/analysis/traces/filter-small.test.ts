import { describe, expect, it } from 'vitest';
import { toSnapshotContent } from '../../generator/index.ts';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { TraceTable } from './trace-table.ts';
import { smallIncident } from '../../../test/support/demo-incident.ts';
import { filterCases, matchingIds, type FilterCase } from '../../../test/support/filter-cases.ts';

/**
 * The demo's filter cases (test/support/filter-cases.ts: expected counts from the raw generated
 * summaries and documents) on a small generated incident of 94 traces. Each test builds its own
 * tables: what the table reads (trace-read, summary-read, the node index) then runs inside a
 * test, where mutation testing can see which tests reach it, and a mutant costs a fraction of
 * a second instead of the demo's seconds.
 */

const incident = smallIncident();
const cases = filterCases(incident);

function tables(): { table: TraceTable; tracesOnly: TraceTable } {
  const content = toSnapshotContent(smallIncident());
  return {
    table: TraceTable.fromDataset(buildDataset(content)),
    tracesOnly: TraceTable.fromDataset(buildDataset({ ...content, records: content.records.filter((record) => record.kind !== 'xray.summary') })),
  };
}

const count = (table: TraceTable, text: string): number => matchingIds(table, text).length;

function expectCases(list: readonly FilterCase[], segmentsToo: boolean): void {
  const { table, tracesOnly } = tables();
  for (const [text, expected] of list) {
    expect(count(table, text), text).toBe(expected);
    if (segmentsToo) expect(count(tracesOnly, text), `${text} (segments only)`).toBe(expected);
  }
}

describe('filter expressions on a small generated incident', () => {
  it('has every trace, with summaries and segments', () => {
    const { table, tracesOnly } = tables();
    expect(table.size).toBe(94);
    expect(table.size).toBe(incident.facts.counts.traces);
    expect(tracesOnly.size).toBe(incident.facts.counts.traces);
    expect(table.summaries.every((summary) => summary !== undefined)).toBe(true);
    expect(tracesOnly.summaries.every((summary) => summary === undefined)).toBe(true);
  });

  it('matches at least one trace where a case could otherwise pass with none', () => {
    const { table } = tables();
    for (const text of cases.nonEmpty) expect(count(table, text), text).toBeGreaterThan(0);
  });

  it('boolean keywords look at the root (fault, error, ok) or every segment (throttle)', () => {
    expectCases(cases.booleans, false);
    const { table } = tables();
    expect(count(table, 'fault')).toBe(incident.facts.counts.faultsBeforeChange + incident.facts.counts.faultsAfterChange);
  });

  it('number keywords: responsetime, duration, http.status', () => {
    expectCases(cases.numbers, false);
  });

  it('string keywords: =, !=, CONTAINS, BEGINSWITH, ENDSWITH; CONTAINS "" tests that the field exists', () => {
    expectCases(cases.strings, false);
  });

  it('annotation.KEY: set, unset, and compared by the value type', () => {
    expectCases(cases.annotations, true);
    const { table } = tables();
    expect(count(table, 'annotation.cold_start = true')).toBe(incident.facts.counts.coldStarts);
  });

  it('service() and edge() look at every node and call, with id() for the type', () => {
    expectCases(cases.nodes, true);
  });

  it('rootcause blocks read the summaries’ root causes, and the same from the segments', () => {
    expectCases(cases.rootCauses, true);
  });

  it('gives the same trace-level answers from the segments as from the summaries', () => {
    const { table, tracesOnly } = tables();
    for (const text of cases.sameBothWays) expect(count(tracesOnly, text), text).toBe(count(table, text));
  });
});

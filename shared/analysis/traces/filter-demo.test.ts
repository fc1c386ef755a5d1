import { beforeAll, describe, expect, it } from 'vitest';
import { toSnapshotContent, type GeneratedIncident } from '../../generator/index.ts';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { TraceTable } from './trace-table.ts';
import { demoIncident } from '../../../test/support/demo-incident.ts';
import { filterCases, matchingIds, type FilterCase, type FilterCases } from '../../../test/support/filter-cases.ts';

/**
 * Filter expressions (the X-Ray documentation's examples, with the demo's names) evaluated on
 * the generated demo incident. Every expected count is computed from the raw generated data —
 * the GetTraceSummaries items and the segment documents — without the code under test
 * (test/support/filter-cases.ts). filter-small.test.ts checks the same cases on a small
 * incident, building its tables inside each test (the one mutation testing runs).
 */

let incident: GeneratedIncident;
let table: TraceTable;
/** The same incident without its summaries: everything computed from the segments. */
let tracesOnly: TraceTable;
let cases: FilterCases;

const count = (table: TraceTable, text: string): number => matchingIds(table, text).length;

function expectCases(list: readonly FilterCase[], segmentsToo: boolean): void {
  for (const [text, expected] of list) {
    expect(count(table, text), text).toBe(expected);
    if (segmentsToo) expect(count(tracesOnly, text), `${text} (segments only)`).toBe(expected);
  }
}

beforeAll(() => {
  incident = demoIncident();
  const content = toSnapshotContent(incident);
  table = TraceTable.fromDataset(buildDataset(content));
  tracesOnly = TraceTable.fromDataset(buildDataset({ ...content, records: content.records.filter((record) => record.kind !== 'xray.summary') }));
  cases = filterCases(incident);
});

describe('filter expressions on the demo incident', () => {
  it('has every trace, with summaries and segments', () => {
    expect(table.size).toBe(incident.facts.counts.traces);
    expect(tracesOnly.size).toBe(incident.facts.counts.traces);
    expect(table.summaries.every((summary) => summary !== undefined)).toBe(true);
    expect(tracesOnly.summaries.every((summary) => summary === undefined)).toBe(true);
  });

  it('matches at least one trace where a case could otherwise pass with none', () => {
    for (const text of cases.nonEmpty) expect(count(table, text), text).toBeGreaterThan(0);
  });

  it('boolean keywords look at the root (fault, error, ok) or every segment (throttle)', () => {
    expectCases(cases.booleans, false);
    expect(count(table, 'fault')).toBe(incident.facts.counts.faultsBeforeChange + incident.facts.counts.faultsAfterChange);
  });

  it('number keywords: responsetime, duration, http.status (the documentation examples with the data’s quantiles)', () => {
    expectCases(cases.numbers, false);
  });

  it('string keywords: =, !=, CONTAINS, BEGINSWITH, ENDSWITH; CONTAINS "" tests that the field exists', () => {
    expectCases(cases.strings, false);
  });

  it('annotation.KEY: set, unset, and compared by the value type', () => {
    expectCases(cases.annotations, true);
    expect(count(table, 'annotation.cold_start = true')).toBe(incident.facts.counts.coldStarts);
  });

  it('service() and edge() look at every node and call, with id() for the type', () => {
    expectCases(cases.nodes, true);
  });

  it('rootcause blocks read the summaries’ root causes, and the same from the segments', () => {
    expectCases(cases.rootCauses, true);
  });

  it('gives the same trace-level answers from the segments as from the summaries', () => {
    for (const text of cases.sameBothWays) expect(count(tracesOnly, text), text).toBe(count(table, text));
  });
});

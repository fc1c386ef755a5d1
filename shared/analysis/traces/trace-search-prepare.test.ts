import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { toSnapshotContent } from '../../generator/index.ts';
import { demoIncident } from '../../../test/support/demo-incident.ts';
import { prepareTraceSearch, traceSearchFor } from './trace-search.ts';

/** The search's table rows read in slices (the worker's idle work) are the rows read at once. */
describe('prepareTraceSearch', () => {
  it('reads the rows a few hundred traces per slice, and the search it makes answers as one made at once', () => {
    const content = toSnapshotContent(demoIncident());
    const sliced = buildDataset(content);
    let slices = 1;
    while (!prepareTraceSearch(sliced, () => true)) slices++;
    expect(slices).toBe(Math.ceil(sliced.traces.length / 256));
    const whole = buildDataset(content);
    const [a, b] = [traceSearchFor(sliced), traceSearchFor(whole)];
    for (const column of ['ids', 'url', 'method', 'userAgent', 'clientIp', 'entryName', 'entryType'] as const) expect(a.table[column]).toEqual(b.table[column]);
    for (const column of ['start', 'duration', 'responseTime', 'httpStatus', 'flags'] as const) expect(Array.from(a.table[column])).toEqual(Array.from(b.table[column]));
    const query = { filter: 'service("orders-handler") { fault }', sort: 'duration' as const, offset: 0, limit: 50 };
    expect(a.list(query)).toEqual(b.list(query));
    // Begun in slices, then asked for outright: finished, not begun again.
    const begun = buildDataset(content);
    prepareTraceSearch(begun, () => true);
    expect(traceSearchFor(begun).list(query)).toEqual(b.list(query));
  });
});

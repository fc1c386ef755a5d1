import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { toSnapshotContent } from '../../generator/index.ts';
import { smallIncident } from '../../../test/support/demo-incident.ts';
import { changeList } from './change-list.ts';

/**
 * The Changes view's pages on a generated incident; what is expected is counted from the
 * generator's LookupEvents items themselves (EventTime, EventSource, ReadOnly), not from the
 * dataset the list reads.
 */
describe('the Changes list', () => {
  const incident = smallIncident();
  const dataset = buildDataset(toSnapshotContent(incident));
  const items = incident.events;

  it('lists every event, a page at a time, and every source with its count', () => {
    const page = changeList(dataset, { offset: 0, limit: 10 });
    expect([page.total, page.all, page.rows.length, page.offset]).toEqual([items.length, items.length, 10, 0]);
    const counts = new Map<string, number>();
    for (const item of items) counts.set(item.EventSource, (counts.get(item.EventSource) ?? 0) + 1);
    expect(page.sources.reduce((sum, s) => sum + s.count, 0)).toBe(items.length);
    for (const { source, count } of page.sources) expect(count, source).toBe(counts.get(source));
    const rest = changeList(dataset, { offset: items.length - 3, limit: 10 });
    expect(rest.rows.map((row) => row.position)).toEqual([items.length - 3, items.length - 2, items.length - 1]);
  });

  it('keeps the events made in a time range, both ends included, with the other filters', () => {
    const { changeTime } = incident.facts;
    const window = [changeTime - 600, changeTime] as const;
    const inside = items.filter((item) => item.EventTime >= window[0] && item.EventTime <= window[1]);
    expect(inside.length).toBeGreaterThan(0);
    expect(inside.length).toBeLessThan(items.length);
    const page = changeList(dataset, { offset: 0, limit: 500, window });
    expect(page.total).toBe(inside.length);
    expect(page.rows.map((row) => row.eventId).sort()).toEqual(inside.map((item) => item.EventId).sort());
    // The memory change is made at changeTime: the range's last second still holds it.
    expect(page.rows.some((row) => row.eventId === incident.facts.changeEventId)).toBe(true);
    expect(changeList(dataset, { offset: 0, limit: 500, window: [changeTime + 1, changeTime + 7200] }).rows.some((row) => row.eventId === incident.facts.changeEventId)).toBe(false);
    const writes = inside.filter((item) => item.ReadOnly === 'false' && item.EventSource === 'lambda.amazonaws.com');
    expect(writes.length).toBeGreaterThan(0);
    expect(changeList(dataset, { offset: 0, limit: 500, window, source: 'lambda.amazonaws.com', lane: 'lane' }).total).toBe(writes.filter((item) => !JSON.parse(item.CloudTrailEvent).errorCode).length);
  });
});

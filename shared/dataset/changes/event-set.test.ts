import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import type { ChangeEvent } from '../../model/index.ts';
import { toChangeEvent } from './change-event.ts';
import { ChangeEventSet } from './event-set.ts';

const real = (JSON.parse(fixtureText('stratus-red-team/aws.persistence.lambda-overwrite-code.json')) as Record<string, unknown>[])[0]!;
const event = (record: Record<string, unknown>): ChangeEvent => toChangeEvent('cloudtrail.record', record) as ChangeEvent;
const write = event(real);
const read = event({ ...real, eventName: 'GetFunction20150331v2', readOnly: true, responseElements: null });
const otherWrite = event({ ...real, eventName: 'UpdateFunctionConfiguration20150331v2' });

describe('ChangeEventSet', () => {
  it('counts the same record twice as one event and a duplicate, with no problem', () => {
    const set = new ChangeEventSet();
    expect(set.add(write, 'a.json', 'records[0]')).toBeUndefined();
    expect(set.add(event(structuredClone(real)), 'b.json', 'records[1]')).toBeUndefined();
    expect(set.sorted()).toEqual([write]);
    expect(set.duplicates).toBe(1);
  });

  it('keeps the write over a read under the same eventID, whichever comes first, and names both places', () => {
    for (const [first, second] of [[read, write], [write, read]] as const) {
      const set = new ChangeEventSet();
      set.add(first, 'first.json', 'records[0]');
      const problem = set.add(second, 'second.json', 'records[1]');
      expect(set.sorted()).toEqual([write]);
      expect(problem).toEqual({
        file: 'second.json',
        at: 'records[1]',
        message: `same eventID ${write.eventId} as first.json (records[0]), with different content (${first.eventName} there, ${second.eventName} here): the write is kept over the read, ${write.eventName} from ${first === write ? 'first.json (records[0])' : 'second.json (records[1])'}`,
      });
    }
  });

  it('between two writes (or two reads) under one eventID keeps the first, and says so', () => {
    const set = new ChangeEventSet();
    set.add(write, 'a.json', 'records[0]');
    expect(set.add(otherWrite, 'b.json', 'records[3]')?.message).toMatch(/: the first one is kept, UpdateFunctionCode20150331v2 from a\.json \(records\[0\]\)$/);
    expect(set.sorted()).toEqual([write]);
  });

  it('counts as a write either mark alone: readOnly false on a call that is no configuration change, or a change whose record has no readOnly', () => {
    // TagResource with readOnly false is not in aws-reference.md §6's changes, yet it writes.
    const tagging = event({ ...real, eventName: 'TagResource20170331v2', readOnly: false, requestParameters: { resource: 'arn:x' } });
    expect([tagging.readOnly, tagging.change]).toEqual([false, undefined]);
    // UpdateFunctionCode is a §6 change; this copy of the record does not say readOnly at all.
    const { readOnly: _dropped, ...unmarked } = real;
    const change = event({ ...unmarked, requestParameters: { functionName: 'f' } });
    expect([change.readOnly, change.change === undefined]).toEqual([undefined, false]);
    for (const writer of [tagging, change]) {
      const set = new ChangeEventSet();
      set.add(read, 'forged.json', 'records[0]');
      expect(set.add(writer, 'real.json', 'records[0]')?.message).toContain('the write is kept over the read');
      expect(set.sorted()).toEqual([writer]);
    }
  });

  it('lists the events kept by time, then by eventID for events of the same second', () => {
    // eventTime of the fixture: 2024-08-01T13:52:02Z. Three other events, one a minute earlier and
    // two in the same second with eventIDs that sort before and after the fixture's 4672b74f-….
    const at = (eventID: string, eventTime: string): ChangeEvent => event({ ...real, eventID, eventTime });
    const earlier = at('ffffffff-0000-0000-0000-000000000000', '2024-08-01T13:51:02Z');
    const sameBefore = at('00000000-0000-0000-0000-000000000000', '2024-08-01T13:52:02Z');
    const sameAfter = at('aaaaaaaa-0000-0000-0000-000000000000', '2024-08-01T13:52:02Z');
    const set = new ChangeEventSet();
    for (const added of [sameAfter, write, earlier, sameBefore]) set.add(added, 'a.json', 'records[0]');
    expect(set.sorted().map((kept) => kept.eventId)).toEqual([earlier.eventId, sameBefore.eventId, write.eventId, sameAfter.eventId]);
  });

  it('lists a hundred events of one second by eventID, whatever order they came in', () => {
    // Added in a scrambled order: 37 steps round a ring of 100 visit every place once. The IDs
    // differ in their first three characters, so their order is that of 000…099.
    const ids = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(3, '0')}${'0'.repeat(5)}-0000-0000-0000-000000000000`);
    const set = new ChangeEventSet();
    for (let k = 0, i = 0; k < ids.length; k++, i = (i + 37) % ids.length) set.add(event({ ...real, eventID: ids[i] }), 'a.json', `records[${k}]`);
    expect(set.sorted().map((kept) => kept.eventId)).toEqual(ids);
  });
});

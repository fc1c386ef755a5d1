import { describe, expect, it } from 'vitest';
import { AppError } from '../../base/errors.ts';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { generateCompareIncident } from '../../generator/index.ts';
import { explicitRanges, rangesAroundChange, resolveRanges } from './ranges.ts';

function incidentWithShiftAt(shiftMinute: number) {
  const incident = generateCompareIncident({ shift: { kind: 'none' }, minutes: 30, tracesPerMinute: 5, shiftMinute });
  return { facts: incident.facts, dataset: buildDataset(incident.content) };
}

describe('rangesAroundChange', () => {
  it('splits at the change with equal lengths, as long as the traces allow on the nearer side', () => {
    // The shift at minute 5 of 30: the first trace start is the nearer end.
    const { facts, dataset } = incidentWithShiftAt(5);
    const length = Math.min(facts.shiftTime - facts.firstStart, facts.lastStart - facts.shiftTime);
    expect(length).toBe(facts.shiftTime - facts.firstStart);
    const ranges = rangesAroundChange(dataset, facts.eventId);
    expect(ranges.before[0]).toBeCloseTo(facts.firstStart, 6);
    // The before range ends a microsecond before the change: a trace at the change is after.
    expect(ranges.before[1]).toBeLessThan(facts.shiftTime);
    expect(facts.shiftTime - ranges.before[1]).toBeCloseTo(1e-6, 6);
    expect(ranges.after).toEqual([facts.shiftTime, facts.shiftTime + length]);
    expect(ranges.change).toEqual({ eventId: facts.eventId, eventName: 'UpdateFunctionCode20150331v2', at: facts.shiftTime });
    // Near the end, the last trace start bounds both.
    const late = incidentWithShiftAt(27);
    const lateRanges = rangesAroundChange(late.dataset, late.facts.eventId);
    expect(lateRanges.after[1]).toBeCloseTo(late.facts.lastStart, 6);
    expect(lateRanges.after[1] - lateRanges.after[0]).toBeCloseTo(late.facts.lastStart - late.facts.shiftTime, 6);
  });

  it('takes an explicit after range and makes the before range as long, ending at the change', () => {
    const { facts, dataset } = incidentWithShiftAt(15);
    const after = [facts.shiftTime + 60, facts.shiftTime + 360] as const;
    const ranges = rangesAroundChange(dataset, facts.eventId, after);
    expect(ranges.after).toEqual(after);
    expect(ranges.before[0]).toBeCloseTo(facts.shiftTime - 300, 6);
  });

  it('names the event it cannot find', () => {
    const { dataset } = incidentWithShiftAt(15);
    expect(() => rangesAroundChange(dataset, 'no-such-event')).toThrow(new AppError('notFound', "No CloudTrail event with eventId 'no-such-event' in the files."));
  });
});

describe('explicitRanges and resolveRanges', () => {
  it('makes the after range as long as the before range, right after it, clipped to the last trace start', () => {
    const { facts, dataset } = incidentWithShiftAt(15);
    const before = [facts.firstStart, facts.firstStart + 600] as const;
    const ranges = explicitRanges(dataset, before);
    expect(ranges.after[0]).toBeGreaterThan(before[1]);
    expect(ranges.after[0]).toBeCloseTo(before[1] + 1e-6, 6);
    expect(ranges.after[1]).toBeCloseTo(before[1] + 600, 5);
    const long = explicitRanges(dataset, [facts.firstStart, facts.firstStart + 1500]);
    expect(long.after[1]).toBe(facts.lastStart);
  });

  it('refuses a range that is backwards, and a request with both or neither', () => {
    const { facts, dataset } = incidentWithShiftAt(15);
    expect(() => explicitRanges(dataset, [10, 5])).toThrow(/before range must be two times in epoch seconds/);
    expect(() => resolveRanges(dataset, { before: [1, 2], change: facts.eventId })).toThrow(/not both/);
    expect(() => resolveRanges(dataset, {})).toThrow(/Give a before range or a change/);
    expect(resolveRanges(dataset, { change: facts.eventId })).toEqual(rangesAroundChange(dataset, facts.eventId));
  });
});

import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { createRandom, generateCompareIncident } from '../../generator/index.ts';
import { prepareTimeline, rideAlongTimeline } from '../timeline/index.ts';
import { prepareRequestIndex, requestIndexFeed, requestIndexRides, sortedSeconds } from './request-index.ts';
import { compareRequested } from './range-compare.ts';

describe('sortedSeconds', () => {
  it('sorts like sort() to the microsecond, above and below the radix threshold, ties and all', () => {
    const random = createRandom(5);
    for (const n of [0, 1, 7, 5000, 70_000]) {
      // Log-normal durations around 30 ms with a long tail, and repeats.
      const values = Float64Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 0.25 : random.logNormal(0.03, 1.5)));
      const expected = Float64Array.from(values, (v) => Math.round(v * 1e6) / 1e6).sort();
      expect(sortedSeconds(values.slice())).toEqual(expected);
    }
  });

  it('falls back to sort() for a negative duration or one beyond 2³² µs', () => {
    expect([...sortedSeconds(Float64Array.from([0.5, -0.001, 0.2]))]).toEqual([-0.001, 0.2, 0.5]);
    expect([...sortedSeconds(Float64Array.from([5000, 0.2]))]).toEqual([0.2, 5000]);
  });
});

describe('prepareRequestIndex', () => {
  it('makes the index a slice at a time, and a comparison from it equals one made in one go', () => {
    const incident = generateCompareIncident({ shift: { kind: 'latency', factor: 2 }, minutes: 30 });
    const sliced = buildDataset(incident.content);
    let calls = 0;
    // A slice that stops at its first look at the clock: 600 traces take ⌈600 / 256⌉ = 3 steps.
    while (!prepareRequestIndex(sliced, () => true)) calls++;
    expect(calls + 1).toBe(Math.ceil(sliced.traces.length / 256));
    const whole = buildDataset(incident.content);
    const request = { change: incident.facts.eventId };
    expect(compareRequested(sliced, request)).toEqual(compareRequested(whole, request));
  });
});

describe('requestIndexFeed', () => {
  it("rides the timeline's walk of the spans instead of walking them again, and gives the same comparisons", () => {
    const incident = generateCompareIncident({ shift: { kind: 'latency', factor: 2 }, minutes: 30 });
    const ridden = buildDataset(incident.content);
    const feed = requestIndexFeed(ridden)!;
    rideAlongTimeline(ridden, feed);
    expect(requestIndexRides(ridden)).toBe(true);
    // It makes no progress by itself: the walk it rides does.
    expect(prepareRequestIndex(ridden, () => true)).toBe(false);
    while (!prepareTimeline(ridden, () => true, 'series'));
    expect(requestIndexRides(ridden)).toBe(false);
    expect(prepareRequestIndex(ridden, () => true)).toBe(true);
    const walked = buildDataset(incident.content);
    for (const request of [{ change: incident.facts.eventId }, { before: [walked.traces[0]!.start, walked.traces[200]!.start] as const, after: [walked.traces[300]!.start, walked.traces[599]!.start] as const }]) {
      expect(compareRequested(ridden, request)).toEqual(compareRequested(walked, request));
    }
  });

  it('walks for itself when the timeline was set up before it could ride along, or asked for at once', () => {
    const incident = generateCompareIncident({ shift: { kind: 'latency', factor: 2 }, minutes: 10 });
    const late = buildDataset(incident.content);
    prepareTimeline(late, () => true, 'first');
    rideAlongTimeline(late, requestIndexFeed(late)!);
    expect(requestIndexRides(late)).toBe(false);
    const asked = buildDataset(incident.content);
    rideAlongTimeline(asked, requestIndexFeed(asked)!);
    // A comparison asked outright (the command line's way) does not wait for a walk nobody advances.
    const request = { change: incident.facts.eventId };
    expect(compareRequested(asked, request)).toEqual(compareRequested(late, request));
  });
});

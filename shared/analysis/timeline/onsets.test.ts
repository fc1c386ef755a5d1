import { describe, expect, it } from 'vitest';
import { minuteTraffic, type MinuteTraffic } from '../../../test/support/trace-documents.ts';
import { requestSeries, countAt, requestsAt, durationQuantile, SeriesBuilder } from './series.ts';
import { seriesOnsets, type Onset } from './onsets.ts';

const T0 = 1_716_555_600;
const NODE = 'node:AWS::Lambda::Function|checkout';

/** `quiet` minutes of `base`, then `loud` minutes of `after`. */
function story(quiet: number, base: MinuteTraffic, loud: number, after: MinuteTraffic): MinuteTraffic[] {
  return [...Array<MinuteTraffic>(quiet).fill(base), ...Array<MinuteTraffic>(loud).fill(after)];
}

function onsetsOf(minutes: readonly MinuteTraffic[]): Onset[] {
  const series = requestSeries(minuteTraffic(minutes, T0));
  const node = series.nodes.find((s) => s.id === NODE);
  if (node === undefined) throw new Error('no series for checkout');
  return seriesOnsets(node, series.buckets);
}

describe('request series', () => {
  it('counts each minute of the plan by status, with its durations, for the node, its client edge and overall', () => {
    const plan: MinuteTraffic[] = [{ ok: 3 }, { ok: 1, fault: 2, duration: 0.2 }, { ok: 0, error: 1, throttle: 4 }];
    const series = requestSeries(minuteTraffic(plan, T0));
    expect(series.buckets).toEqual({ start: T0, step: 60, count: 3 });
    for (const s of [series.overall, series.nodes.find((n) => n.id === NODE)!, series.edges[0]!]) {
      expect([0, 1, 2].map((b) => [countAt(s, b, 'ok'), countAt(s, b, 'error'), countAt(s, b, 'throttle'), countAt(s, b, 'fault')])).toEqual([
        [3, 0, 0, 0],
        [1, 0, 0, 2],
        [0, 1, 4, 0],
      ]);
      expect([0, 1, 2].map((b) => requestsAt(s, b))).toEqual([3, 3, 5]);
      expect(s.total).toBe(11);
      expect(durationQuantile(s, 1, 0.5)).toBeCloseTo(0.2, 6);
      expect(durationQuantile(s, 0, 0.99)).toBeCloseTo(0.05, 6);
    }
    expect(series.edges.map((e) => e.id)).toEqual(['edge:client|checkout→AWS::Lambda::Function|checkout']);
  });

  it('counts the same when made a slice at a time, as the worker does in its idle time', () => {
    const plan: MinuteTraffic[] = Array.from({ length: 30 }, (_, m) => ({ ok: 300 + m, fault: m % 3 }));
    const builder = new SeriesBuilder(minuteTraffic(plan, T0));
    let steps = 0;
    while (!builder.step(() => true)) steps++;
    // The overall series' pass reads 2,048 traces a step, then the walk 256 (the step that ends
    // the first pass begins the walk): the plan's 9,435 + 30 requests take 5 + 37 steps.
    const traces = plan.reduce((n, m) => n + m.ok + (m.fault ?? 0), 0);
    expect(steps).toBe(Math.ceil(traces / 2048) + Math.ceil(traces / 256) - 2);
    const series = builder.result();
    expect(plan.map((_, b) => [countAt(series.overall, b, 'ok'), countAt(series.overall, b, 'fault')])).toEqual(plan.map((m) => [m.ok, m.fault]));
  });

  it('has no buckets and no requests without traces', () => {
    const series = requestSeries([]);
    expect(series.buckets.count).toBe(0);
    expect([series.overall.total, series.nodes.length, series.edges.length]).toEqual([0, 0, 0]);
  });
});

describe('onsets', () => {
  it('finds the minute faults began against a clean baseline, and is sure of it', () => {
    const onsets = onsetsOf(story(60, { ok: 20 }, 15, { ok: 14, fault: 6 }));
    expect(onsets.map((o) => [o.kind, o.at, o.confidence])).toEqual([['fault', T0 + 60 * 60, 'high']]);
    expect(onsets[0]!.before).toEqual({ requests: 60 * 20, value: 0 });
    expect(onsets[0]!.after).toEqual({ requests: 15 * 20, value: 0.3 });
  });

  it('measures against the baseline the series had: a 1 % background of faults rising to 30 %', () => {
    const minutes = story(60, { ok: 99, fault: 1 }, 15, { ok: 70, fault: 30 });
    const [onset] = onsetsOf(minutes);
    expect(onset?.at).toBe(T0 + 3600);
    expect(onset?.before.value).toBeCloseTo(0.01, 9);
  });

  it('sees no onset in two faults in one quiet minute, nor in a steady background of faults', () => {
    const twoFaults = [...Array<MinuteTraffic>(60).fill({ ok: 3 }), { ok: 1, fault: 2 }, ...Array<MinuteTraffic>(14).fill({ ok: 3 })];
    expect(onsetsOf(twoFaults)).toEqual([]);
    expect(onsetsOf(Array<MinuteTraffic>(75).fill({ ok: 95, fault: 5 }))).toEqual([]);
  });

  it('sees none when the series fails from its first minute: nothing departed within the window', () => {
    expect(onsetsOf(Array<MinuteTraffic>(60).fill({ ok: 10, fault: 10 }))).toEqual([]);
  });

  it('is less sure of the same story sampled at a tenth of the traffic, and never earlier', () => {
    const full = onsetsOf(story(60, { ok: 100 }, 15, { ok: 80, fault: 20 }))[0]!;
    const sampled = onsetsOf(story(60, { ok: 10 }, 15, { ok: 8, fault: 2 }))[0]!;
    expect(sampled.at).toBe(full.at);
    expect(sampled.score).toBeLessThan(full.score / 5);
  });

  it('finds throttles and errors apart from faults', () => {
    const onsets = onsetsOf(story(40, { ok: 20 }, 15, { ok: 10, throttle: 5, error: 5 }));
    expect(onsets.map((o) => [o.kind, o.at])).toEqual([
      ['throttle', T0 + 40 * 60],
      ['error', T0 + 40 * 60],
    ]);
  });

  it('puts the onset in the first minute that failed, never in a silent minute before it', () => {
    // A 1 % background of faults, a minute without requests, then 30 % faults until the window
    // ends (a snapshot taken while it is happening). The silent minute's step compares the same
    // requests (a baseline one bucket longer, when it is more than 60 minutes), so it scored as
    // high or higher and was the onset, leaving out a change made in the first failing minute.
    for (const quiet of [40, 70]) {
      const minutes = [...Array<MinuteTraffic>(quiet).fill({ ok: 99, fault: 1 }), { ok: 0 }, ...Array<MinuteTraffic>(10).fill({ ok: 70, fault: 30 })];
      const [onset] = onsetsOf(minutes);
      expect([onset?.kind, onset?.bucket, onset?.at]).toEqual(['fault', quiet + 1, T0 + (quiet + 1) * 60]);
      // The baseline: the 60 minutes before it (at most), the silent one among them.
      expect(onset?.before.requests).toBe(Math.min(quiet, 59) * 100);
      expect(onset?.after).toEqual({ requests: 1000, value: 0.3 });
    }
    const slower = onsetsOf([...Array<MinuteTraffic>(40).fill({ ok: 20 }), { ok: 0 }, ...Array<MinuteTraffic>(10).fill({ ok: 20, duration: 0.15 })]);
    expect(slower.map((o) => [o.kind, o.bucket])).toEqual([['latency', 41]]);
  });

  it('finds a slowdown of three times, not one of a fifth', () => {
    const slow = onsetsOf(story(60, { ok: 20, duration: 0.05 }, 15, { ok: 20, duration: 0.15 }));
    expect(slow.map((o) => [o.kind, o.at])).toEqual([['latency', T0 + 3600]]);
    expect(slow[0]!.after.value / slow[0]!.before.value).toBeCloseTo(3, 4);
    expect(onsetsOf(story(60, { ok: 20, duration: 0.05 }, 15, { ok: 20, duration: 0.06 }))).toEqual([]);
  });
});

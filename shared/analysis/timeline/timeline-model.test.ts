import { describe, expect, it } from 'vitest';
import { minuteTraffic, type MinuteTraffic } from '../../../test/support/trace-documents.ts';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { toSnapshotContent } from '../../generator/index.ts';
import { demoIncident } from '../../../test/support/demo-incident.ts';
import { requestSeries } from './series.ts';
import { mergedLanes, timelineModel } from './timeline-model.ts';

const T0 = 1_716_555_600;

describe('timeline lanes', () => {
  it('merges minutes into wider buckets: counts summed, percentiles over the merged durations', () => {
    // Minute m takes 10 ms × (m + 1); one fault, in minute 3.
    const plan: MinuteTraffic[] = [{ ok: 1, duration: 0.01 }, { ok: 2, duration: 0.02 }, { ok: 3, duration: 0.03 }, { ok: 3, fault: 1, duration: 0.04 }, { ok: 5, duration: 0.05 }];
    const series = requestSeries(minuteTraffic(plan, T0));
    const lanes = mergedLanes(series.overall, series.buckets, 2);
    expect([lanes.start, lanes.step, lanes.count]).toEqual([T0, 120, 3]);
    expect([...lanes.counts]).toEqual([3, 0, 0, 0, 6, 0, 0, 1, 5, 0, 0, 0]);
    // Bucket 0 holds 1 × 10 ms and 2 × 20 ms: p50 is the 2nd of 3 (20 ms), p99 the 3rd.
    expect([lanes.p50[0], lanes.p99[0]].map((v) => Number(v!.toFixed(6)))).toEqual([0.02, 0.02]);
    // Bucket 1 holds 3 × 30 ms and 4 × 40 ms: p50 is the 4th of 7 (40 ms).
    expect(Number(lanes.p50[1]!.toFixed(6))).toBe(0.04);
    expect(Number(lanes.p90[2]!.toFixed(6))).toBe(0.05);
  });

  it('leaves a bucket without requests without percentiles', () => {
    const series = requestSeries(minuteTraffic([{ ok: 1 }, { ok: 0 }, { ok: 1 }], T0));
    const lanes = mergedLanes(series.overall, series.buckets, 1);
    expect(Number.isNaN(lanes.p50[1])).toBe(true);
    expect([...lanes.counts.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
  });
});

describe('the timeline model of the generated incident', () => {
  const incident = demoIncident();
  const dataset = buildDataset(toSnapshotContent(incident));

  it("keeps a lane within the width asked for, at a step of the ladder, and every request", () => {
    const model = timelineModel(dataset, { maxBuckets: 50 });
    expect(model.lanes.step).toBe(300);
    expect(model.lanes.count).toBe(24);
    let total = 0;
    for (const count of model.lanes.counts) total += count;
    expect(total).toBe(incident.facts.counts.traces);
    expect(timelineModel(dataset, { maxBuckets: 1000 }).lanes.step).toBe(60);
  });

  it('gives a lane the answer it would get at its own width whenever an answer made for more buckets fits it (the Timeline keeps that answer)', () => {
    let kept = 0;
    for (let width = 10; width <= 130; width += 3) {
      const own = timelineModel(dataset, { maxBuckets: width }).lanes;
      for (const bound of [width + 1, width + 7, width * 2, width * 5]) {
        const wider = timelineModel(dataset, { maxBuckets: bound }).lanes;
        if (wider.count > width) continue;
        kept++;
        expect([wider.start, wider.step, wider.count]).toEqual([own.start, own.step, own.count]);
      }
    }
    // The two hours at 5 min are 24 buckets: most of these widths keep a wider answer.
    expect(kept).toBeGreaterThan(50);
  });

  it('offers every service node, busiest first, then every call, and draws the one chosen', () => {
    const model = timelineModel(dataset, { maxBuckets: 1000 });
    expect(model.choices[0]).toEqual({ id: 'overall', kind: 'overall', label: 'All requests', type: undefined, requests: incident.facts.counts.traces });
    expect(model.choices.some((c) => c.type === 'client')).toBe(false);
    const nodes = model.choices.filter((c) => c.kind === 'node');
    const calls = model.choices.filter((c) => c.kind === 'edge');
    expect(model.choices.map((c) => c.kind)).toEqual(['overall', ...nodes.map(() => 'node'), ...calls.map(() => 'edge')]);
    for (const list of [nodes, calls]) for (let i = 1; i < list.length; i++) expect(list[i]!.requests).toBeLessThanOrEqual(list[i - 1]!.requests);
    // Every trace enters through the stage: the clients' call into it has one request per trace.
    const entry = calls.find((c) => c.label === `clients → ${incident.facts.stageNodeName}`);
    expect(entry?.requests).toBe(incident.facts.counts.traces);
    const call = timelineModel(dataset, { maxBuckets: 1000, series: entry!.id });
    expect(call.series).toBe(entry!.id);
    expect(call.edgeOnsets.some((o) => o.series === entry!.id && o.kind === 'fault')).toBe(true);
    const stage = `node:AWS::ApiGateway::Stage|${incident.facts.stageNodeName}`;
    const chosen = timelineModel(dataset, { maxBuckets: 1000, series: stage });
    expect(chosen.series).toBe(stage);
    expect(timelineModel(dataset, { maxBuckets: 1000, series: 'node:nothing' }).series).toBe('overall');
    expect(chosen.suspects[0]?.eventId).toBe(incident.facts.changeEventId);
  });
});

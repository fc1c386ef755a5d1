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

  it('offers every service node, busiest first, and draws the one chosen', () => {
    const model = timelineModel(dataset, { maxBuckets: 1000 });
    expect(model.choices[0]).toEqual({ id: 'overall', label: 'All requests', type: undefined, requests: incident.facts.counts.traces });
    expect(model.choices.some((c) => c.type === 'client')).toBe(false);
    for (let i = 2; i < model.choices.length; i++) expect(model.choices[i]!.requests).toBeLessThanOrEqual(model.choices[i - 1]!.requests);
    const stage = `node:AWS::ApiGateway::Stage|${incident.facts.stageNodeName}`;
    const chosen = timelineModel(dataset, { maxBuckets: 1000, series: stage });
    expect(chosen.series).toBe(stage);
    expect(timelineModel(dataset, { maxBuckets: 1000, series: 'node:nothing' }).series).toBe('overall');
    expect(chosen.suspects[0]?.eventId).toBe(incident.facts.changeEventId);
  });
});

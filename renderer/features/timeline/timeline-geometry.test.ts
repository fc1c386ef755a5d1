import { describe, expect, it } from 'vitest';
import { axisTicks, bucketAt, laneAt, laneIds, markerAt, tickLabel, timeAt, timelineGeometry, xOf, LANE_HEIGHTS } from './timeline-geometry.ts';
import type { TimelineLanes } from '../../../shared/analysis/timeline/index.ts';

const T0 = 1_716_555_600; // 2024-05-24T13:00:00Z
const lanes: TimelineLanes = { start: T0, step: 60, count: 120, counts: new Uint32Array(480), p50: new Float64Array(120), p90: new Float64Array(120), p99: new Float64Array(120) };

describe('timeline geometry', () => {
  const g = timelineGeometry(1224, lanes);

  it('maps the two hours onto the plot and back', () => {
    expect([g.left, g.right, g.start, g.end]).toEqual([12, 1212, T0, T0 + 7200]);
    expect(xOf(g, T0 + 3600)).toBe(612);
    expect(timeAt(g, 612)).toBe(T0 + 3600);
    expect(timeAt(g, -50)).toBe(T0);
    expect(bucketAt(g, lanes, 612)).toBe(60);
    expect(bucketAt(g, lanes, 1212)).toBe(119);
    expect(bucketAt(g, lanes, 5)).toBeUndefined();
  });

  it('stacks the lanes top to bottom and says which is under a point', () => {
    const [requests, latency, changes] = g.lanes;
    expect(requests!.height).toBe(LANE_HEIGHTS.requests);
    expect(latency!.top).toBe(requests!.top + requests!.height + 10);
    expect(laneAt(g, requests!.top + 1)).toBe('requests');
    expect(laneAt(g, changes!.top + changes!.height - 1)).toBe('changes');
    expect(laneAt(g, g.height - 1)).toBeUndefined();
  });

  it('adds the overhead lane under latency when the traces have stages, and the metric lanes last when the snapshot holds them', () => {
    const overhead = { stage: 'orders-api/prod', lanes };
    const gateway = { label: 'orders-api/prod', values: {}, samplingRate: undefined };
    expect(laneIds({ overhead: undefined, gateway: undefined })).toEqual(['requests', 'latency', 'changes']);
    expect(laneIds({ overhead, gateway: undefined })).toEqual(['requests', 'latency', 'overhead', 'changes']);
    expect(laneIds({ overhead, gateway })).toEqual(['requests', 'latency', 'overhead', 'changes', 'gatewayCount', 'gatewayLatency', 'gatewayErrors']);
    const withOverhead = timelineGeometry(1224, lanes, laneIds({ overhead, gateway: undefined }));
    expect(laneAt(withOverhead, withOverhead.lanes[2]!.top + 1)).toBe('overhead');
    expect(withOverhead.height).toBe(g.height + LANE_HEIGHTS.overhead + 10);
  });

  it('finds the marker nearest the pointer within six pixels', () => {
    const marker = (minute: number) => ({ at: new Date((T0 + minute * 60) * 1000).toISOString(), kind: 'lambda', eventName: 'X', resource: null, count: 1, eventIds: [`m${minute}`] });
    const markers = [marker(10), marker(11), marker(60)];
    expect(markerAt(g, markers, xOf(g, T0 + 600) + 2)).toBe(0);
    expect(markerAt(g, markers, xOf(g, T0 + 660) - 3)).toBe(1);
    expect(markerAt(g, markers, xOf(g, T0 + 3600) + 7)).toBeUndefined();
  });

  it('labels the axis every 10 minutes on two hours 1,200 px wide (100 px apart), with the date at midnight', () => {
    const ticks = axisTicks(g);
    expect(ticks.step).toBe(600);
    expect(ticks.times.slice(0, 3)).toEqual([T0, T0 + 600, T0 + 1200]);
    expect(tickLabel(T0 + 900, 900)).toBe('13:15');
    expect(tickLabel(Date.UTC(2024, 4, 25) / 1000, 3600)).toBe('05-25 00:00');
  });
});

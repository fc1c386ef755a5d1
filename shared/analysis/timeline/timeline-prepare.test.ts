import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { toSnapshotContent } from '../../generator/index.ts';
import { demoIncident } from '../../../test/support/demo-incident.ts';
import { correlate } from './correlate.ts';
import { correlateJson } from './correlate-json.ts';
import { timelineModel } from './timeline-model.ts';
import { prepareTimeline, stageFor } from './timeline-prepare.ts';

describe('the timeline made in stages', () => {
  const incident = demoIncident();
  const content = toSnapshotContent(incident);

  it('answers a first request with the lanes of every request, and says what is still pending', () => {
    const dataset = buildDataset(content);
    const first = timelineModel(dataset, { maxBuckets: 1000, first: true });
    expect(first.pending).toEqual(['series', 'onsets']);
    expect([first.onsets, first.edgeOnsets, first.suspects]).toEqual([[], [], []]);
    // No overhead from the traces yet (it needs a look at every span), no sampling rates.
    expect(first.overhead).toBeUndefined();
    expect(first.sampling).toEqual({ rules: [], services: [] });
    let requests = 0;
    for (const count of first.lanes.counts) requests += count;
    expect(requests).toBe(incident.facts.counts.traces);

    const complete = timelineModel(dataset, { maxBuckets: 1000 });
    expect(complete.pending).toEqual([]);
    // What the first answer has is what the complete one has.
    expect(first.series).toBe(complete.series);
    expect([...first.lanes.counts]).toEqual([...complete.lanes.counts]);
    expect([...first.lanes.p99]).toEqual([...complete.lanes.p99]);
    expect(first.choices).toEqual(complete.choices);
    expect(first.markers).toEqual(complete.markers);
    expect(first.hidden).toEqual(complete.hidden);
    expect(first.gatewayChoices).toEqual(complete.gatewayChoices);
    expect(complete.overhead?.stage).toBe(incident.facts.stageNodeName);
    expect(complete.suspects[0]?.eventId).toBe(incident.facts.changeEventId);
  });

  it("waits for a service's own series when one is asked for first, not for the onsets", () => {
    const dataset = buildDataset(content);
    const stage = `node:AWS::ApiGateway::Stage|${incident.facts.stageNodeName}`;
    expect(stageFor({ series: stage, first: true })).toBe('series');
    const first = timelineModel(dataset, { maxBuckets: 1000, first: true, series: stage });
    expect(first.series).toBe(stage);
    expect(first.pending).toEqual(['onsets']);
    expect(first.overhead?.stage).toBe(incident.facts.stageNodeName);
    expect(first.choices.find((c) => c.id === stage)?.requests).toBe(incident.facts.counts.traces);
  });

  it('is made a slice at a time, each stage in order, to what correlate finds in one go', () => {
    const dataset = buildDataset(content);
    let slices = 0;
    while (!prepareTimeline(dataset, () => true, 'first')) slices++;
    expect(timelineModel(dataset, { maxBuckets: 1000, first: true }).pending).toEqual(['series', 'onsets']);
    while (!prepareTimeline(dataset, () => true, 'series')) slices++;
    expect(timelineModel(dataset, { maxBuckets: 1000, first: true }).pending).toEqual(['onsets']);
    while (!prepareTimeline(dataset, () => true)) slices++;
    // Every stage stopped at its looks at the clock: many slices, none doing all of it.
    expect(slices).toBeGreaterThan(10);
    const staged = timelineModel(dataset, { maxBuckets: 1000, first: true });
    expect(staged.pending).toEqual([]);
    const whole = correlateJson(correlate(buildDataset(content)));
    expect({ onsets: staged.onsets, edgeOnsets: staged.edgeOnsets, suspects: staged.suspects, lane: staged.markers, hidden: staged.hidden }).toEqual({
      onsets: whole.onsets,
      edgeOnsets: whole.edgeOnsets,
      suspects: whole.suspects,
      lane: whole.lane,
      hidden: whole.hidden,
    });
  });
});

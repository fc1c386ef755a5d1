import { describe, expect, it } from 'vitest';
import { assembleTraces } from '../../dataset/assembly/assemble.ts';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { toSnapshotContent } from '../../generator/index.ts';
import type { XRaySegmentDocument } from '../../model/xray.ts';
import { demoIncident } from '../../../test/support/demo-incident.ts';
import { bucketsFor } from './buckets.ts';
import { FirstLanesBuilder } from './first-lanes.ts';
import { countAt, requestSeries } from './series.ts';

const T0 = 1_716_555_600;

function segment(id: string, trace: string, start: number, more: Partial<XRaySegmentDocument> = {}): XRaySegmentDocument {
  return { id, trace_id: trace, name: 'checkout', origin: 'AWS::Lambda::Function', start_time: start, end_time: start + 0.1, ...more };
}

describe('the first lanes (every request, read from the roots)', () => {
  it("count the generated incident's traces, one request each, and its faults at the stage", () => {
    const incident = demoIncident();
    const dataset = buildDataset(toSnapshotContent(incident));
    const { counts } = incident.facts;
    const first = new FirstLanesBuilder(dataset.traces, requestSeries(dataset.traces).buckets).result().overall;
    expect(first.total).toBe(counts.traces);
    let faults = 0;
    for (let b = 0; b < first.counts.length / 4; b++) faults += countAt(first, b, 'fault');
    // Every trace enters through the stage, whose status is what the client saw.
    expect(faults).toBe(counts.faultsBeforeChange + counts.faultsAfterChange);
  });

  it("are the map's requests of the clients' call into the stage, minute by minute", () => {
    const incident = demoIncident();
    const dataset = buildDataset(toSnapshotContent(incident));
    const series = requestSeries(dataset.traces);
    // Every trace enters through the stage: one client edge, counted by the graph's walk.
    const clientEdges = series.edges.filter((edge) => edge.source!.startsWith('client|'));
    expect(clientEdges.map((edge) => edge.source)).toEqual([`client|${incident.facts.stageNodeName}`]);
    const edge = clientEdges[0]!;
    expect([...series.overall.counts]).toEqual([...edge.counts]);
    expect([...series.overall.durations]).toEqual([...edge.durations]);
    expect([...series.overall.offsets]).toEqual([...edge.offsets]);
  });

  it('leave out orphans and roots still in progress, and count a second root of a trace', () => {
    const trace = '1-66505a50-000000000000000000000001';
    const documents = [
      segment('a000000000000001', trace, T0, { fault: true }),
      // A second root of the same trace (no parent): it counts.
      segment('a000000000000002', trace, T0 + 70),
      // Its parent is not in the data: an orphan, as the map leaves it without a client edge.
      segment('a000000000000003', trace, T0 + 75, { parent_id: 'ffffffffffffffff' }),
      // In progress: no end, not counted.
      { id: 'a000000000000004', trace_id: trace, name: 'checkout', origin: 'AWS::Lambda::Function', start_time: T0 + 80, in_progress: true } as XRaySegmentDocument,
      segment('a000000000000005', '1-66505a50-000000000000000000000002', T0 + 130, { error: true }),
    ];
    const traces = assembleTraces(documents).traces;
    const buckets = bucketsFor(T0, T0 + 180, 1000);
    const builder = new FirstLanesBuilder(traces, buckets);
    expect(builder.step(() => true)).toBe(true);
    const overall = builder.result().overall;
    expect(overall.total).toBe(3);
    expect([0, 1, 2].map((b) => [countAt(overall, b, 'ok'), countAt(overall, b, 'error'), countAt(overall, b, 'fault')])).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    // end − start of epoch seconds near 1.7e9: equal to 0.1 within the doubles' resolution there.
    expect(overall.durations.every((d) => Math.abs(d - 0.1) < 1e-6)).toBe(true);
  });

  it('is made a slice at a time and is the same', () => {
    const dataset = buildDataset(toSnapshotContent(demoIncident()));
    const { buckets } = requestSeries(dataset.traces);
    const sliced = new FirstLanesBuilder(dataset.traces, buckets);
    let steps = 0;
    while (!sliced.step(() => true)) steps++;
    // 2,048 traces a step.
    expect(steps).toBe(Math.ceil(dataset.traces.length / 2048) - 1);
    const whole = new FirstLanesBuilder(dataset.traces, buckets).result().overall;
    const parts = sliced.result().overall;
    expect([...parts.counts]).toEqual([...whole.counts]);
    expect([...parts.durations]).toEqual([...whole.durations]);
  });
});

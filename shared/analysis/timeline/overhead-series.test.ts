import { describe, expect, it } from 'vitest';
import { assembleFixtureTraces, assembleTrace } from '../../../test/support/trace-documents.ts';
import { appendixBDocuments } from '../../../test/support/waterfall-documents.ts';
import { smallIncident } from '../../../test/support/demo-incident.ts';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { toSnapshotContent } from '../../generator/index.ts';
import type { XRaySegmentDocument } from '../../model/xray.ts';
import { requestSeries } from './series.ts';
import { timelineModel } from './timeline-model.ts';

describe('gateway overhead from the traces, per stage and bucket', () => {
  it('is 6 ms in one minute for the real aws-iatk stage, and nothing for the traces without a stage', () => {
    // some-app/Prod: 0.488 s stage − 0.482 s Lambda integration (gateway-overhead.test.ts); the
    // other two traces of the file have no API Gateway stage.
    const series = requestSeries(assembleFixtureTraces('aws-iatk/go_test_documents_as_BatchGetTraces.json'));
    expect(series.overheads.map((o) => [o.stage, o.id, o.kind, o.total])).toEqual([['some-app/Prod', 'overhead:some-app/Prod', 'overhead', 1]]);
    const [overhead] = series.overheads;
    expect(overhead!.durations).toHaveLength(1);
    expect(overhead!.durations[0]! * 1000).toBeCloseTo(6, 3);
    // Counted by the stage segment's status: the iatk stage answered without an error.
    expect([...overhead!.counts].reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('adds no overhead for a stage in progress or without an integration', () => {
    const [stage, ...rest] = appendixBDocuments();
    const alone: XRaySegmentDocument = { ...stage!, subsegments: [] };
    const running: XRaySegmentDocument = { ...stage!, end_time: undefined, in_progress: true } as XRaySegmentDocument;
    expect(requestSeries([assembleTrace([alone, ...rest])]).overheads).toEqual([]);
    expect(requestSeries([assembleTrace([running, ...rest])]).overheads).toEqual([]);
    // The whole trace: Appendix B's 17 ms (0.261 s − 0.244 s).
    const [whole] = requestSeries([assembleTrace(appendixBDocuments())]).overheads;
    expect(whole!.stage).toBe('orders-api/prod');
    expect(whole!.durations[0]! * 1000).toBeCloseTo(17, 3);
  });

  it('matches the stage segments of a generated incident, minute by minute, and the timeline draws the stage', () => {
    const incident = smallIncident();
    // Independently of the assembler: every generated stage segment document with its Lambda
    // integration subsegment, overhead = (end − start) of the stage − (end − start) of the call.
    const expected = new Map<number, number[]>();
    let stages = 0;
    for (const trace of incident.traces) {
      for (const segment of trace.Segments) {
        const doc = JSON.parse(segment.Document) as XRaySegmentDocument;
        if (doc.origin !== 'AWS::ApiGateway::Stage') continue;
        const call = doc.subsegments?.find((sub) => sub.name === 'Lambda');
        if (call === undefined || doc.end_time === undefined || call.end_time === undefined) continue;
        stages++;
        const minute = Math.floor(doc.start_time / 60);
        expected.set(minute, [...(expected.get(minute) ?? []), doc.end_time - doc.start_time - (call.end_time - call.start_time)]);
      }
    }
    expect(stages).toBe(94);
    const dataset = buildDataset(toSnapshotContent(incident));
    const series = requestSeries(dataset.traces);
    expect(series.overheads).toHaveLength(1);
    const [overhead] = series.overheads;
    expect(overhead!.total).toBe(stages);
    for (const [minute, values] of expected) {
      const b = minute - Math.floor(series.buckets.start / 60);
      const got = [...overhead!.durations.subarray(overhead!.offsets[b]!, overhead!.offsets[b + 1]!)];
      expect(got.map((v) => v.toFixed(6)), `minute ${b}`).toEqual(values.sort((x, y) => x - y).map((v) => Math.max(0, v).toFixed(6)));
    }
    const model = timelineModel(dataset, { maxBuckets: 1000 });
    expect(model.overhead?.stage).toBe(overhead!.stage);
    expect(model.overhead?.lanes.count).toBe(model.lanes.count);
    // One-minute lanes: each minute's p50 is the median of its overheads (nearest rank).
    expect(model.overhead!.lanes.step).toBe(60);
    for (const [minute, values] of expected) {
      const sorted = values.sort((x, y) => x - y);
      const b = minute - Math.floor(model.overhead!.lanes.start / 60);
      expect(model.overhead!.lanes.p50[b]!.toFixed(6), `minute ${b}`).toBe(Math.max(0, sorted[Math.ceil(sorted.length * 0.5) - 1]!).toFixed(6));
    }
  });
});

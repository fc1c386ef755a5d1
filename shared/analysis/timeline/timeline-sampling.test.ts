import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { toSnapshotContent } from '../../generator/index.ts';
import type { GeneratedIncident } from '../../generator/types.ts';
import { smallIncident } from '../../../test/support/demo-incident.ts';
import { timelineModel } from './timeline-model.ts';

function samplingOf(incident: GeneratedIncident) {
  return timelineModel(buildDataset(toSnapshotContent(incident)), { maxBuckets: 800 }).sampling;
}

/** Per minute, the stage's traced requests and API Gateway's Count, from the generated documents and metric. */
function minutes(incident: GeneratedIncident): { traced: Map<number, number>; counted: Map<number, number> } {
  const traced = new Map<number, number>();
  for (const trace of incident.traces) {
    for (const segment of trace.Segments) {
      const doc = JSON.parse(segment.Document) as { origin?: string; start_time: number; end_time?: number };
      if (doc.origin !== 'AWS::ApiGateway::Stage' || doc.end_time === undefined) continue;
      const minute = Math.floor(doc.start_time / 60) * 60;
      traced.set(minute, (traced.get(minute) ?? 0) + 1);
    }
  }
  const count = incident.metrics.find((m) => m.query.MetricStat.Metric.MetricName === 'Count')!.result;
  return { traced, counted: new Map(count.Timestamps.map((t, i) => [t, count.Values[i]!])) };
}

describe('the sampling rules on the timeline', () => {
  it('puts the stage’s rules beside the rate measured against API Gateway’s Count, and what the rules predict', () => {
    const incident = smallIncident();
    const { traced, counted } = minutes(incident);
    let tracedTotal = 0;
    let countedTotal = 0;
    for (const [minute, c] of counted) {
      if (!(c > 0)) continue;
      countedTotal += c;
      tracedTotal += traced.get(minute) ?? 0;
    }
    const sampling = samplingOf(incident);
    expect(sampling.rules.map((r) => r.name)).toEqual(['health-checks', 'orders-api-writes', 'orders-api-reads', 'Default']);
    const stage = sampling.services.find((s) => s.name === incident.facts.stageNodeName)!;
    expect(stage.metric).toBe(incident.facts.stageNodeName);
    expect(stage.measured).toBeCloseTo(tracedTotal / countedTotal, 12);
    // Both rules trace every request (fixed rate 1): they predict all of it.
    expect(stage.expected).toBeCloseTo(1, 12);
    // The function has no metric of its own to compare with.
    const lambda = sampling.services.find((s) => s.type === 'AWS::Lambda')!;
    expect([lambda.metric, lambda.measured, lambda.expected]).toEqual([undefined, undefined, undefined]);
  });

  it('predicts the fixed rate when the reservoir is empty, whatever was traced', () => {
    const incident = smallIncident();
    const [first] = incident.samplingRules;
    const tenth = { ...first!, SamplingRule: { ...first!.SamplingRule, RuleName: 'tenth', Priority: 1, ReservoirSize: 0, FixedRate: 0.1, HTTPMethod: '*', URLPath: '*' } };
    const sampling = samplingOf({ ...incident, samplingRules: [tenth] });
    const stage = sampling.services.find((s) => s.name === incident.facts.stageNodeName)!;
    expect(stage.matches.map((m) => [m.rule.name, m.share])).toEqual([['tenth', 1]]);
    expect(stage.expected).toBeCloseTo(0.1, 12);
    // The generator traces every request: measured and predicted disagree, which is what the view shows.
    expect(stage.measured).toBeGreaterThan(0.9);
  });

  it('has no rules and no services when the snapshot holds none', () => {
    expect(samplingOf({ ...smallIncident(), samplingRules: [] })).toEqual({ rules: [], services: [] });
  });
});

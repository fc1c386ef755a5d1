import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { toSnapshotContent } from '../../generator/index.ts';
import type { GeneratedIncident } from '../../generator/types.ts';
import { demoIncident } from '../../../test/support/demo-incident.ts';
import { gatewayGroups } from './gateway-lanes.ts';
import { timelineModel } from './timeline-model.ts';

/** The generated incident's metric results by name, as GetMetricData returned them (newest first). */
function metricValues(incident: GeneratedIncident, name: string): readonly number[] {
  return metric(incident, name).Values;
}

function metric(incident: GeneratedIncident, name: string): GeneratedIncident['metrics'][number]['result'] {
  const found = incident.metrics.find((m) => m.query.MetricStat.Metric.MetricName === name);
  if (found === undefined) throw new Error(`no ${name} metric`);
  return found.result;
}

/** A metric's value at the minute starting at `time` (epoch seconds). */
function valueAt(incident: GeneratedIncident, name: string, time: number): number {
  const result = metric(incident, name);
  return result.Values[result.Timestamps.indexOf(time)]!;
}

describe("API Gateway's metrics on the timeline", () => {
  const incident = demoIncident();

  it('groups the seven metrics of the stage under the name X-Ray gives its node', () => {
    const groups = gatewayGroups(buildDataset(toSnapshotContent(incident)).metrics);
    expect(groups.map((g) => [g.label, [...g.series.keys()].sort()])).toEqual([
      [incident.facts.stageNodeName, ['4XXError', '5XXError', 'CacheHitCount', 'CacheMissCount', 'Count', 'IntegrationLatency', 'Latency']],
    ]);
  });

  it('puts Count, the errors and the latencies on the minute lanes, and overhead as their difference', () => {
    const model = timelineModel(buildDataset(toSnapshotContent(incident)), { maxBuckets: 1000 });
    const lanes = model.gateway!;
    const sum = (values: ArrayLike<number>): number => Array.from(values).reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0);
    expect(sum(lanes.values.Count!)).toBe(sum(metricValues(incident, 'Count')));
    expect(sum(lanes.values['5XXError']!)).toBe(sum(metricValues(incident, '5XXError')));
    const minute = model.lanes.start + 60 * 60;
    expect(lanes.values.overhead![60]).toBeCloseTo(valueAt(incident, 'Latency', minute) - valueAt(incident, 'IntegrationLatency', minute), 9);
    expect(lanes.values.Count![60]).toBe(valueAt(incident, 'Count', minute));
    // The generator traces every request its metrics count.
    expect(lanes.samplingRate).toBe(1);
  });

  it('measures the effective sampling rate when only some requests were traced', () => {
    const kept = incident.traces.filter((_, i) => i % 4 !== 0);
    const model = timelineModel(buildDataset(toSnapshotContent({ ...incident, traces: kept })), { maxBuckets: 1000 });
    const counted = metricValues(incident, 'Count').reduce((a, b) => a + b, 0);
    expect(model.gateway!.samplingRate).toBeCloseTo(kept.length / counted, 9);
    expect(model.gateway!.values.sampled!.some((rate) => rate < 1)).toBe(true);
  });
});

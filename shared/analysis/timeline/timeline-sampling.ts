import type { Dataset } from '../../model/dataset.ts';
import type { ServiceGraph } from '../../model/service-graph.ts';
import type { Buckets } from './buckets.ts';
import { gatewayGroups, gatewayLanes, stageNodeOf, tracedPerBucket } from './gateway-lanes.ts';
import { expectedRate, matchSamplingRules, type SamplingRuleInfo, type ServiceSampling } from './sampling-rules.ts';
import type { RequestSeries } from './series.ts';

/** A service's rules beside what API Gateway counted of it (stage nodes with the stage's Count metric). */
export interface ServiceSamplingRates extends ServiceSampling {
  /** The metric group compared with (`orders-api/prod`). */
  readonly metric: string | undefined;
  /** Traced ÷ Count over the minutes that have a Count: the effective sampling rate (gateway-lanes.ts). */
  readonly measured: number | undefined;
  /** What the matching rules would trace of that Count (each rule its share of every minute's requests; expectedRate). */
  readonly expected: number | undefined;
}

export interface TimelineSampling {
  /** The snapshot's rules in evaluation order; empty when none were captured or imported. */
  readonly rules: readonly SamplingRuleInfo[];
  readonly services: readonly ServiceSamplingRates[];
}

/**
 * The sampling rules in effect per service of the timeline, with the rate measured where API
 * Gateway's Count exists (on the one-minute buckets of the correlation, so it does not move with
 * the lane's width) and the rate the rules predict for the same Count.
 */
export function timelineSampling(dataset: Dataset, graph: ServiceGraph, buckets: Buckets, seriesOf: (nodeKey: string) => RequestSeries | undefined): TimelineSampling {
  if (dataset.samplingRules.length === 0) return { rules: [], services: [] };
  const match = matchSamplingRules(dataset.traces, dataset.samplingRules);
  const stageGroups = gatewayGroups(dataset.metrics).filter((group) => group.method === undefined && group.resource === undefined);
  const services = match.services.map((service): ServiceSamplingRates => {
    const node = graph.nodes.find((n) => n.key === service.node);
    const group = node ? stageGroups.find((g) => stageNodeOf(g, [node]) !== undefined) : undefined;
    const series = seriesOf(service.node);
    if (group === undefined || series === undefined) return { ...service, metric: undefined, measured: undefined, expected: undefined };
    const lanes = gatewayLanes(group, buckets, tracedPerBucket(series, 1, buckets.count));
    const counted = lanes.values.Count;
    let expected: number | undefined;
    if (counted !== undefined && service.matches.length > 0) {
      expected = 0;
      for (const { rule, share } of service.matches) expected += share * (expectedRate(rule, counted.map((c) => c * share), buckets.step) ?? 0);
    }
    return { ...service, metric: group.label, measured: lanes.samplingRate, expected };
  });
  return { rules: match.rules, services };
}

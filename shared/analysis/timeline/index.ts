/**
 * The incident timeline's analysis: requests per time bucket (series), the moments a node or
 * edge departs from its own baseline (onsets), the configuration changes before them ranked with
 * their reasons (suspects), and correlate, which does all of it for a dataset.
 */
export { bucketOf, bucketsFor, bucketStart, STEPS, type Buckets } from './buckets.ts';
export { countAt, durationQuantile, requestSeries, requestsAt, SeriesBuilder, type RequestSeries, type SeriesOptions, type TimelineSeries } from './series.ts';
export { ONSET_KINDS, seriesOnsets, SURE, type Confidence, type Onset, type OnsetKind } from './onsets.ts';
export { rankSuspects, FAMILY, RELATION, TIME_SCALE, type NodeOnset, type Relation, type Suspect } from './suspects.ts';
export { correlate, correlateSeries, type Correlation } from './correlate.ts';
export { callLabel, correlateJson, type CorrelateJson } from './correlate-json.ts';
export { mergedLanes, timelineModel, type TimelineLanes, type TimelineModel, type TimelineRequest, type TimelineSeriesChoice } from './timeline-model.ts';
export { correlationOf, prepareTimeline, rideAlongTimeline, stageFor, type TimelinePending, type TimelineStage } from './timeline-prepare.ts';
export { FirstLanesBuilder, type FirstLanes } from './first-lanes.ts';
export { GATEWAY_METRICS, gatewayGroups, gatewayLanes, stageNodeOf, type GatewayGroup, type GatewayLanes, type GatewayMetric } from './gateway-lanes.ts';
export { expectedRate, matchSamplingRules, orderedRules, ruleMatches, urlPath, type RequestFacts, type RuleShare, type SamplingMatch, type SamplingRuleInfo, type ServiceSampling } from './sampling-rules.ts';
export { timelineSampling, type ServiceSamplingRates, type TimelineSampling } from './timeline-sampling.ts';
export { wildcardMatch } from './wildcard.ts';
export { samplingJson, type SamplingJson } from './sampling-json.ts';

/**
 * The deterministic incident generator: the bundled demo incident, test inputs and benchmark
 * streams, all shaped as AWS returns them (aws-reference.md §2–§7).
 */
export { createRandom } from './random.ts';
export type { Random } from './random.ts';
export { generateIncident, DEFAULT_INCIDENT_START, MEMORY_BEFORE_MB, MEMORY_AFTER_MB } from './incident.ts';
export type {
  BatchGetTracesTrace,
  GeneratedIncident,
  IncidentCounts,
  IncidentFacts,
  IncidentOptions,
  LookupEventItem,
  MetricDataQuery,
  MetricDataResult,
  MetricQueryResult,
} from './types.ts';
export { toSnapshotContent } from './snapshot-content.ts';
export type { SnapshotMeta } from './snapshot-content.ts';
export { summarizeTrace } from './trace-summary.ts';
export { buildServiceGraph, createServiceGraphBuilder } from './service-graph.ts';
export type { ServiceGraphBuilder } from './service-graph.ts';
export { serviceNameOf, serviceTypeOf } from './xray-compile.ts';
export { generateScaleSegments } from './scale.ts';
export type { ScaleOptions } from './scale.ts';
export { generateCompareIncident, type CompareIncident, type CompareIncidentOptions, type CompareShift } from './compare-incident.ts';

import type { ChangeEvent } from './change-event.ts';
import type { MetricSeries } from './metrics.ts';
import type { Problem, SnapshotHeader } from './snapshot.ts';
import type { Trace } from './trace.ts';
import type { XRaySamplingRuleRecord, XRayServiceGraph, XRayTraceSummary } from './xray.ts';

/** Everything derived from one snapshot's raw records; built by `buildDataset` (shared/analysis). */
export interface Dataset {
  readonly header: SnapshotHeader;
  /** Sorted by start time, then id. */
  readonly traces: readonly Trace[];
  readonly traceById: ReadonlyMap<string, Trace>;
  /** One per trace id (the highest Revision wins). */
  readonly summaries: readonly XRayTraceSummary[];
  readonly capturedGraphs: readonly XRayServiceGraph[];
  /** Distinct by eventId, sorted by time (shared/dataset/changes/event-set.ts decides which record of an eventId is kept). */
  readonly events: readonly ChangeEvent[];
  /** CloudTrail documents of an eventId already met (the same event from another file or wrapper), counted once. */
  readonly duplicateEvents: number;
  readonly metrics: readonly MetricSeries[];
  /** The X-Ray sampling rules captured or imported: one per rule ARN (else name), the latest ModifiedAt winning, in record order. */
  readonly samplingRules: readonly XRaySamplingRuleRecord[];
  /** Bad items met while deriving (a record that is not what its kind says…). */
  readonly problems: readonly Problem[];
}

/**
 * What an import reports of a snapshot without assembling its traces (`tallyDataset`,
 * shared/dataset/dataset-tally.ts): the dataset's figures with each trace reduced to its id and
 * time span. A Dataset is one too, so the counts and the window have one definition for both.
 */
export interface DatasetTally extends Omit<Dataset, 'traces' | 'traceById'> {
  /** One per trace id of the segment documents, in order of first appearance. */
  readonly traces: readonly Pick<Trace, 'id' | 'start' | 'end'>[];
}

/** The service limits the emulator enforces; defaults follow aws-reference.md (§2, §5, §7). */
export interface EmulatorLimits {
  /** GetTraceSummaries results per page (X-Ray publishes no number; its pages are about this size). */
  readonly summariesPageSize: number;
  /** Widest GetTraceSummaries window; wider answers InvalidRequestException "Time range too wide". */
  readonly maxSummariesWindowSeconds: number;
  readonly batchGetTracesMaxIds: number;
  /** BatchGetTraces pages by whole traces once this many segments are in a page. */
  readonly maxSegmentsPerTracesPage: number;
  readonly servicesPerGraphPage: number;
  readonly xrayGroups: readonly string[];
  readonly lookupEventsMaxResults: number;
  /** LookupEvents calls per `rateWindowMs` per account (access key) and Region. */
  readonly lookupEventsRate: number;
  /** 1000 in real time; tests scale it down together with the capture's pacing. */
  readonly rateWindowMs: number;
  readonly metricQueriesPerCall: number;
  readonly metricDatapointsPerPage: number;
  readonly listMetricsPageSize: number;
  /** GetSamplingRules records per page (X-Ray publishes no number; an account holds at most 25 custom rules and Default). */
  readonly samplingRulesPageSize: number;
}

export const DEFAULT_LIMITS: EmulatorLimits = {
  summariesPageSize: 100,
  maxSummariesWindowSeconds: 24 * 3600,
  batchGetTracesMaxIds: 5,
  maxSegmentsPerTracesPage: Number.POSITIVE_INFINITY,
  servicesPerGraphPage: 100,
  xrayGroups: ['Default'],
  lookupEventsMaxResults: 50,
  lookupEventsRate: 2,
  rateWindowMs: 1000,
  metricQueriesPerCall: 500,
  metricDatapointsPerPage: 100_800,
  listMetricsPageSize: 500,
  samplingRulesPageSize: 100,
};

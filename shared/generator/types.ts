import type { XRaySamplingRuleRecord, XRayServiceGraph, XRayTraceSummary } from '../model/index.ts';

/** One `Traces[]` item of a BatchGetTraces response; `Document` is the segment as a JSON string. */
export interface BatchGetTracesTrace {
  readonly Id: string;
  readonly Duration: number;
  readonly LimitExceeded: boolean;
  readonly Segments: readonly { readonly Id: string; readonly Document: string }[];
}

/** One `Events[]` item of a CloudTrail LookupEvents response (aws-reference.md Appendix D). */
export interface LookupEventItem {
  readonly EventId: string;
  readonly EventName: string;
  /** The string `"true"` or `"false"`, as LookupEvents sends it. */
  readonly ReadOnly: 'true' | 'false';
  readonly AccessKeyId?: string;
  /** Epoch seconds. */
  readonly EventTime: number;
  readonly EventSource: string;
  readonly Username?: string;
  readonly Resources: readonly { readonly ResourceType?: string; readonly ResourceName?: string }[];
  /** The CloudTrail record as a JSON string. */
  readonly CloudTrailEvent: string;
}

/** One CloudWatch GetMetricData `MetricDataQueries[]` item using a MetricStat. */
export interface MetricDataQuery {
  readonly Id: string;
  readonly MetricStat: {
    readonly Metric: { readonly Namespace: string; readonly MetricName: string; readonly Dimensions: readonly { readonly Name: string; readonly Value: string }[] };
    readonly Period: number;
    readonly Stat: string;
  };
}

/** One GetMetricData `MetricDataResults[]` item. Timestamps are epoch seconds, newest first (the API's default `TimestampDescending`). */
export interface MetricDataResult {
  readonly Id: string;
  readonly Label: string;
  readonly Timestamps: readonly number[];
  readonly Values: readonly number[];
  readonly StatusCode: string;
}

export interface MetricQueryResult {
  readonly query: MetricDataQuery;
  readonly result: MetricDataResult;
}

export interface IncidentOptions {
  readonly seed?: number;
  /** Epoch seconds of the window start (a whole minute). Default 2024-05-24T13:00:00Z. */
  readonly start?: number;
  /** Length of the window in minutes. Default 120. */
  readonly minutes?: number;
  /** Mean number of traced requests per minute. Default 25. */
  readonly tracesPerMinute?: number;
  /** Minute (from the window start) in which the memory change happens. Default 60. */
  readonly changeMinute?: number;
  readonly region?: string;
  readonly accountId?: string;
}

export interface IncidentCounts {
  readonly traces: number;
  /** Segment documents over all traces (emitted and inferred). */
  readonly segments: number;
  /** Segments plus subsegments. */
  readonly spans: number;
  readonly tracesBeforeChange: number;
  readonly tracesAfterChange: number;
  /** Traces whose stage returned 5xx (HasFault), before / after the change. */
  readonly faultsBeforeChange: number;
  readonly faultsAfterChange: number;
  /** Traces whose stage returned 4xx (HasError). */
  readonly errors: number;
  /** Traces with any throttle flag (HasThrottle), before / after the change. */
  readonly throttledBeforeChange: number;
  readonly throttledAfterChange: number;
  readonly coldStarts: number;
  readonly events: number;
  readonly writeEvents: number;
  readonly metrics: number;
}

/** What the generated story is, so tests and demos can check it. Times are epoch seconds. */
export interface IncidentFacts {
  readonly seed: number;
  readonly region: string;
  readonly accountId: string;
  readonly apiName: string;
  readonly stage: string;
  /** The stage's X-Ray node name, `{api-name}/{stage}`. */
  readonly stageNodeName: string;
  readonly restApiId: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly roleName: string;
  readonly tableName: string;
  readonly queueName: string;
  readonly queueUrl: string;
  readonly topicName: string;
  readonly topicArn: string;
  readonly externalHost: string;
  /** EventId of the UpdateFunctionConfiguration20150331v2 that lowered the memory. */
  readonly changeEventId: string;
  readonly changeEventName: string;
  readonly changeTime: number;
  /**
   * Start of the first minute, at or after the change, in which at least 5 % of the traced
   * requests returned 5xx (computed from the generated traces).
   */
  readonly onsetTime: number;
  readonly memoryBefore: number;
  readonly memoryAfter: number;
  /** EventIds of the unrelated write events (other role, other security group, other API…). */
  readonly unrelatedChangeEventIds: readonly string[];
  readonly counts: IncidentCounts;
}

export interface GeneratedIncident {
  readonly window: { readonly start: number; readonly end: number };
  readonly region: string;
  readonly accountId: string;
  /** BatchGetTraces `Traces[]` items, oldest first. */
  readonly traces: readonly BatchGetTracesTrace[];
  /** GetTraceSummaries `TraceSummaries[]` items, newest first (as the API pages them). */
  readonly summaries: readonly XRayTraceSummary[];
  /** GetServiceGraph for the whole window. */
  readonly serviceGraph: XRayServiceGraph;
  /** LookupEvents `Events[]` items, newest first. */
  readonly events: readonly LookupEventItem[];
  /** The 7 API Gateway metrics of the stage, one value per minute. */
  readonly metrics: readonly MetricQueryResult[];
  /** GetSamplingRules `SamplingRuleRecords[]`, in the order the API lists them (see sampling-rules.ts). */
  readonly samplingRules: readonly XRaySamplingRuleRecord[];
  readonly facts: IncidentFacts;
}

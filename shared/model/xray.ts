/**
 * X-Ray documents as AWS sends them (aws-reference.md §2–§3). Every field is optional except
 * where X-Ray requires it, and unknown fields are kept: these types describe, they never strip.
 */

export interface XRayHttpRequest {
  readonly method?: string;
  readonly url?: string;
  readonly user_agent?: string;
  readonly client_ip?: string;
  readonly x_forwarded_for?: boolean;
  readonly traced?: boolean;
}

export interface XRayHttp {
  readonly request?: XRayHttpRequest;
  readonly response?: { readonly status?: number; readonly content_length?: number | string };
}

export interface XRayStackFrame {
  readonly path?: string;
  readonly line?: number;
  readonly label?: string;
}

export interface XRayException {
  readonly id: string;
  readonly message?: string;
  readonly type?: string;
  readonly remote?: boolean;
  readonly truncated?: number;
  readonly skipped?: number;
  readonly cause?: string;
  readonly stack?: readonly XRayStackFrame[];
}

/** `cause` is either an exception id (16 hex) or an object with the exceptions. */
export type XRayCause =
  | string
  | {
      readonly working_directory?: string;
      readonly paths?: readonly string[];
      readonly exceptions?: readonly XRayException[];
    };

export interface XRaySql {
  readonly connection_string?: string;
  readonly url?: string;
  readonly sanitized_query?: string;
  readonly database_type?: string;
  readonly database_version?: string;
  readonly driver_version?: string;
  readonly user?: string;
  readonly preparation?: string;
}

export interface XRayLink {
  readonly trace_id?: string;
  readonly id?: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

export type XRayAnnotationValue = string | number | boolean;

/** Fields shared by segments and subsegments. */
export interface XRaySpanDocument {
  readonly id: string;
  readonly name: string;
  readonly start_time: number;
  readonly end_time?: number;
  readonly in_progress?: boolean;
  readonly namespace?: string;
  readonly http?: XRayHttp;
  readonly aws?: Readonly<Record<string, unknown>>;
  readonly sql?: XRaySql;
  readonly error?: boolean;
  readonly throttle?: boolean;
  readonly fault?: boolean;
  readonly cause?: XRayCause;
  readonly annotations?: Readonly<Record<string, XRayAnnotationValue>>;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly subsegments?: readonly XRaySubsegmentDocument[];
  readonly precursor_ids?: readonly string[];
  readonly links?: readonly XRayLink[];
  readonly [key: string]: unknown;
}

export interface XRaySubsegmentDocument extends XRaySpanDocument {
  /** Only on independent subsegments (sent on their own). */
  readonly trace_id?: string;
  readonly parent_id?: string;
  readonly type?: string;
}

export interface XRaySegmentDocument extends XRaySpanDocument {
  readonly trace_id: string;
  readonly parent_id?: string;
  readonly origin?: string;
  readonly user?: string;
  readonly service?: Readonly<Record<string, unknown>>;
  readonly inferred?: boolean;
  readonly resource_arn?: string;
}

/** GetTraceSummaries → TraceSummaries[] item, kept as AWS returned it. */
export interface XRayServiceId {
  readonly Name?: string;
  readonly Names?: readonly string[];
  readonly AccountId?: string;
  readonly Type?: string;
}

export interface XRayTraceSummary {
  readonly Id: string;
  readonly StartTime?: number;
  readonly Duration?: number;
  readonly ResponseTime?: number;
  readonly HasFault?: boolean;
  readonly HasError?: boolean;
  readonly HasThrottle?: boolean;
  readonly IsPartial?: boolean;
  readonly Http?: {
    readonly HttpURL?: string;
    readonly HttpStatus?: number;
    readonly HttpMethod?: string;
    readonly UserAgent?: string;
    readonly ClientIp?: string;
  };
  readonly Annotations?: Readonly<Record<string, readonly unknown[]>>;
  readonly ServiceIds?: readonly XRayServiceId[];
  readonly EntryPoint?: XRayServiceId;
  readonly FaultRootCauses?: readonly unknown[];
  readonly ErrorRootCauses?: readonly unknown[];
  readonly ResponseTimeRootCauses?: readonly unknown[];
  readonly [key: string]: unknown;
}

export interface XRayEdgeStatistics {
  readonly OkCount?: number;
  readonly ErrorStatistics?: { readonly ThrottleCount?: number; readonly OtherCount?: number; readonly TotalCount?: number };
  readonly FaultStatistics?: { readonly OtherCount?: number; readonly TotalCount?: number };
  readonly TotalCount?: number;
  readonly TotalResponseTime?: number;
}

export interface XRayHistogramEntry {
  readonly Value: number;
  readonly Count: number;
}

export interface XRayGraphEdge {
  readonly ReferenceId?: number;
  readonly StartTime?: number;
  readonly EndTime?: number;
  readonly SummaryStatistics?: XRayEdgeStatistics;
  readonly ResponseTimeHistogram?: readonly XRayHistogramEntry[];
  readonly Aliases?: readonly unknown[];
  readonly EdgeType?: string;
  readonly [key: string]: unknown;
}

export interface XRayGraphService {
  readonly ReferenceId?: number;
  readonly Name?: string;
  readonly Names?: readonly string[];
  readonly Root?: boolean;
  readonly AccountId?: string;
  readonly Type?: string;
  readonly State?: string;
  readonly StartTime?: number;
  readonly EndTime?: number;
  readonly Edges?: readonly XRayGraphEdge[];
  readonly SummaryStatistics?: XRayEdgeStatistics;
  readonly DurationHistogram?: readonly XRayHistogramEntry[];
  readonly ResponseTimeHistogram?: readonly XRayHistogramEntry[];
  readonly [key: string]: unknown;
}

/** One GetServiceGraph page (or the merged pages of one call). */
export interface XRayServiceGraph {
  readonly StartTime?: number;
  readonly EndTime?: number;
  readonly Services: readonly XRayGraphService[];
  readonly ContainsOldGroupVersions?: boolean;
  readonly [key: string]: unknown;
}

/**
 * One X-Ray sampling rule (GetSamplingRules `SamplingRuleRecords[].SamplingRule`, aws-reference.md
 * §2). Match fields take `*` and `?` wildcards; `Priority` runs from 1 to 9999 for custom rules,
 * 10000 for `Default`. Fields are as AWS sends them, so any may be missing from a hand-made file.
 */
export interface XRaySamplingRule {
  readonly RuleName?: string;
  readonly RuleARN?: string;
  readonly ResourceARN?: string;
  readonly Priority?: number;
  readonly FixedRate?: number;
  readonly ReservoirSize?: number;
  readonly ServiceName?: string;
  readonly ServiceType?: string;
  readonly Host?: string;
  readonly HTTPMethod?: string;
  readonly URLPath?: string;
  readonly Version?: number;
  readonly Attributes?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

/** One GetSamplingRules `SamplingRuleRecords[]` item: the rule and when it was made and last changed (epoch seconds). */
export interface XRaySamplingRuleRecord {
  readonly SamplingRule: XRaySamplingRule;
  readonly CreatedAt?: number;
  readonly ModifiedAt?: number;
  readonly [key: string]: unknown;
}

/**
 * The incident snapshot as stored: raw documents exactly as they came, plus provenance, gaps
 * and notes. Analysis is derived from it when it is read (see docs/snapshot-format.md).
 */

/** The kinds of raw document a snapshot holds. */
export type RawKind =
  /** One X-Ray segment document (emitted, inferred or an independent subsegment). */
  | 'xray.segment'
  /** One GetTraceSummaries `TraceSummaries[]` item. */
  | 'xray.summary'
  /** One GetServiceGraph response (its Services, StartTime, EndTime). */
  | 'xray.serviceGraph'
  /** One GetTimeSeriesServiceStatistics answer for one window (its pages joined), with the query that asked. */
  | 'xray.timeSeries'
  /** One GetSamplingRules `SamplingRuleRecords[]` item (a rule with CreatedAt and ModifiedAt). */
  | 'xray.samplingRule'
  /** One CloudTrail record (S3 log file entry, bare record, JSON line). */
  | 'cloudtrail.record'
  /** One LookupEvents `Events[]` item, CloudTrailEvent still a JSON string. */
  | 'cloudtrail.lookupEvent'
  /** One EventBridge "AWS API Call via CloudTrail" envelope. */
  | 'cloudtrail.eventBridge'
  /** One GetMetricData MetricDataResult, with `query` holding the MetricDataQuery. */
  | 'metrics.result';

export interface RawRecord {
  readonly kind: RawKind;
  /** Index into `Provenance.sources`. */
  readonly source: number;
  /** The document. For text that came as a JSON string (X-Ray `Document`, CloudTrailEvent…) this
   * is the parsed value of that exact string; `text` keeps the string itself when asked to. */
  readonly doc: unknown;
}

export interface SourceInfo {
  /** File name, or `aws:<operation>` for a capture. */
  readonly name: string;
  /** The detected format, e.g. `xray.batchGetTraces`. */
  readonly format: string;
  readonly bytes?: number;
  readonly sha256?: string;
  readonly importedAt: string;
}

export interface Provenance {
  readonly sources: readonly SourceInfo[];
  readonly accountIds: readonly string[];
  readonly regions: readonly string[];
  /** ISO-8601 time window the data covers or was asked for. */
  readonly window?: { readonly start: string; readonly end: string };
  /** Queries used (filter expressions, groups, lookup attributes…), free-form. */
  readonly queries: readonly Readonly<Record<string, unknown>>[];
  readonly sampling?: string;
  readonly appVersion: string;
  readonly createdAt: string;
}

export type GapKind = 'failed' | 'throttled' | 'truncated' | 'skipped' | 'notFetched';

/** Something the snapshot is known not to hold. */
export interface Gap {
  readonly kind: GapKind;
  /** What is missing, e.g. `xray.BatchGetTraces` or a file name. */
  readonly what: string;
  readonly detail: string;
  readonly window?: { readonly start: string; readonly end: string };
  readonly ids?: readonly string[];
}

export interface Bookmark {
  readonly id: string;
  readonly target: { readonly kind: 'trace' | 'span' | 'edge' | 'change' | 'node' | 'time'; readonly ref: string };
  readonly comment: string;
  readonly createdAt: string;
}

export interface Notes {
  readonly summary: string;
  readonly bookmarks: readonly Bookmark[];
}

/** A bad item or file met while importing or reading; reported and skipped. */
export interface Problem {
  readonly file: string;
  /** Where in the file, as a JSON path or line number (`Traces[0].Segments[3]`, `line 12`). */
  readonly at?: string;
  readonly message: string;
}

export interface SnapshotHeader {
  readonly format: 'trace-explorer-snapshot';
  readonly version: number;
  readonly provenance: Provenance;
  readonly gaps: readonly Gap[];
  readonly notes: Notes;
}

export interface SnapshotContent {
  readonly header: SnapshotHeader;
  readonly records: readonly RawRecord[];
}

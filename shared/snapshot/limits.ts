import type { RawKind } from '../model/index.ts';

/** The `format` field every snapshot starts with. */
export const SNAPSHOT_FORMAT = 'trace-explorer-snapshot';

/** The version this code writes, and the newest it reads. Older versions are migrated on read. */
export const SNAPSHOT_VERSION = 1;

/** Size caps applied when reading a snapshot, which is untrusted input. */
export interface Limits {
  /** The file as stored (gzip-compressed, or plain JSON). */
  readonly maxCompressedBytes: number;
  /** The JSON text after decompression. Checked while inflating, so a gzip bomb stops at the cap. */
  readonly maxDecompressedBytes: number;
  /** One line of the file: one record, or the header line. */
  readonly maxRecordBytes: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * 2 GiB compressed is far beyond a million spans (~50 MB gzipped). 8 GiB decompressed bounds a
 * gzip bomb well before it can fill a disk-backed stream; memory runs out earlier in practice.
 * 64 MiB per record is 1,000 × X-Ray's 64 KB segment limit and holds a GetServiceGraph response of
 * 10,000 nodes.
 */
export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxCompressedBytes: 2 * GiB,
  maxDecompressedBytes: 8 * GiB,
  maxRecordBytes: 64 * MiB,
});

/** DEFAULT_LIMITS with the given caps replaced; a cap must be a positive number. */
export function resolveLimits(limits?: Partial<Limits>): Limits {
  if (!limits) return DEFAULT_LIMITS;
  const resolved: Limits = {
    maxCompressedBytes: limits.maxCompressedBytes ?? DEFAULT_LIMITS.maxCompressedBytes,
    maxDecompressedBytes: limits.maxDecompressedBytes ?? DEFAULT_LIMITS.maxDecompressedBytes,
    maxRecordBytes: limits.maxRecordBytes ?? DEFAULT_LIMITS.maxRecordBytes,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (typeof value !== 'number' || !(value > 0)) throw new RangeError(`snapshot limit ${name} must be a positive number, got ${String(value)}`);
  }
  return resolved;
}

/** Every record kind, with the AWS source it comes from (kept in step with `RawKind` by the type). */
export const RECORD_KIND_SOURCES: Readonly<Record<RawKind, string>> = Object.freeze({
  'xray.segment': 'X-Ray segment document: BatchGetTraces `Traces[].Segments[].Document` (parsed), or a raw segment/subsegment sent to the daemon or PutTraceSegments',
  'xray.summary': 'X-Ray GetTraceSummaries `TraceSummaries[]` item',
  'xray.serviceGraph': 'X-Ray GetServiceGraph response (`Services`, `StartTime`, `EndTime`)',
  'xray.timeSeries': 'X-Ray GetTimeSeriesServiceStatistics answer for one window (`TimeSeriesServiceStatistics`, pages joined), with the query (`StartTime`, `EndTime`, `Period`, `EntitySelectorExpression`, `GroupName`)',
  'cloudtrail.record': 'CloudTrail record: S3 log file `Records[]` entry, a bare record, or one JSON line',
  'cloudtrail.lookupEvent': 'CloudTrail LookupEvents `Events[]` item (`CloudTrailEvent` kept as the JSON string it is)',
  'cloudtrail.eventBridge': 'EventBridge "AWS API Call via CloudTrail" event envelope',
  'metrics.result': 'CloudWatch GetMetricData `MetricDataResults[]` item, with `query` holding its MetricDataQuery',
});

export const RECORD_KINDS: readonly RawKind[] = Object.freeze(Object.keys(RECORD_KIND_SOURCES) as RawKind[]);

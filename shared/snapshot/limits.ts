import type { RawKind } from '../model/index.ts';

/** The `format` field every snapshot starts with. */
export const SNAPSHOT_FORMAT = 'trace-explorer-snapshot';

/** The version this code writes, and the newest it reads. Older versions are migrated on read. */
export const SNAPSHOT_VERSION = 1;

/**
 * Caps applied when reading a snapshot, which is untrusted input. They are checked in one place,
 * the reader (read-stream.ts), as the bytes arrive: whichever is passed first stops the read with
 * an error naming the file and the cap, so a bomb is refused after what it costs to notice it.
 */
export interface Limits {
  /** The file as stored (gzip-compressed, or plain JSON); checked against the size before reading when the size is known. */
  readonly maxCompressedBytes: number;
  /** The JSON text after decompression. Checked while inflating, so a gzip bomb stops at the cap. */
  readonly maxDecompressedBytes: number;
  /** One line of the file: one record, or the header line. */
  readonly maxRecordBytes: number;
  /** Records read: each one costs memory however small it is. */
  readonly maxRecords: number;
  /** Blank lines: the writer never writes one, an editor leaves a few. */
  readonly maxBlankLines: number;
  /**
   * Decompressed bytes per compressed byte, checked once RATIO_CHECK_BYTES have come out. JSON
   * compresses 5–20× with gzip (our 1,000,000-span benchmark file: 8.3×); deflate's ceiling is
   * ~1,032×, which is what a bomb of repeated tiny records or blank lines gets close to.
   */
  readonly maxInflateRatio: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** The ratio cap is checked only after this much text: a small file may compress very well. */
export const RATIO_CHECK_BYTES = 16 * MiB;

/** Memory assumed when the platform says nothing about it (a browser without navigator.deviceMemory). */
export const ASSUMED_MEMORY_BYTES = 4 * GiB;

/**
 * The caps for a process that may use `memoryBytes` for an open incident. An open incident keeps
 * about 1.2 bytes per byte of JSON text (the raw text of each record for the detail panel, plus
 * the columns the views read), so at most half the memory goes to text; a record costs at least
 * ~128 bytes however small it is; 64 MiB per record is 1,000 × X-Ray's 64 KB segment limit and
 * holds a GetServiceGraph response of 10,000 nodes. A file bigger than the text it may hold is
 * refused before reading (gzip does not make JSON bigger).
 */
export function limitsForMemory(memoryBytes: number): Limits {
  const memory = Number.isFinite(memoryBytes) && memoryBytes > 256 * MiB ? memoryBytes : 256 * MiB;
  const text = Math.floor(memory / 2);
  return Object.freeze({
    maxCompressedBytes: text,
    maxDecompressedBytes: text,
    maxRecordBytes: Math.min(64 * MiB, text),
    maxRecords: Math.floor(memory / 128),
    maxBlankLines: 10_000,
    maxInflateRatio: 200,
  });
}

/** The caps on a machine we know nothing about (ASSUMED_MEMORY_BYTES). */
export const DEFAULT_LIMITS: Limits = limitsForMemory(ASSUMED_MEMORY_BYTES);

/** DEFAULT_LIMITS (or `base`) with the given caps replaced; a cap must be a positive number. */
export function resolveLimits(limits?: Partial<Limits>, base: Limits = DEFAULT_LIMITS): Limits {
  if (!limits) return base;
  const resolved: Limits = {
    maxCompressedBytes: limits.maxCompressedBytes ?? base.maxCompressedBytes,
    maxDecompressedBytes: limits.maxDecompressedBytes ?? base.maxDecompressedBytes,
    maxRecordBytes: limits.maxRecordBytes ?? base.maxRecordBytes,
    maxRecords: limits.maxRecords ?? base.maxRecords,
    maxBlankLines: limits.maxBlankLines ?? base.maxBlankLines,
    maxInflateRatio: limits.maxInflateRatio ?? base.maxInflateRatio,
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
  'xray.samplingRule': 'X-Ray GetSamplingRules `SamplingRuleRecords[]` item (`SamplingRule`, `CreatedAt`, `ModifiedAt`)',
  'cloudtrail.record': 'CloudTrail record: S3 log file `Records[]` entry, a bare record, or one JSON line',
  'cloudtrail.lookupEvent': 'CloudTrail LookupEvents `Events[]` item (`CloudTrailEvent` kept as the JSON string it is)',
  'cloudtrail.eventBridge': 'EventBridge "AWS API Call via CloudTrail" event envelope',
  'metrics.result': 'CloudWatch GetMetricData `MetricDataResults[]` item, with `query` holding its MetricDataQuery',
});

export const RECORD_KINDS: readonly RawKind[] = Object.freeze(Object.keys(RECORD_KIND_SOURCES) as RawKind[]);

/** The incident snapshot file: format, reader and writer of its bytes, validation, migration. */
export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, DEFAULT_LIMITS, ASSUMED_MEMORY_BYTES, RECORD_KINDS, RECORD_KIND_SOURCES, limitsForMemory, resolveLimits, type Limits } from './limits.ts';
export { encodeSnapshot, fitsInRecord, snapshotOpeningLine, snapshotRecordLine, snapshotRecordParts, SNAPSHOT_CLOSING } from './encode.ts';
export { readSnapshot, readSnapshotFrom, readOpened, type ReadSnapshotOptions } from './read-snapshot.ts';
export { SnapshotStream, type ByteSource, type MemoryUse, type ReadProgress, type ReadStreamOptions } from './read-stream.ts';
export type { SnapshotSink } from './snapshot-sink.ts';
export type { BatchParser, ParsedBatch, ParsedRecords } from './record-batches.ts';
export { checkRecord } from './record-check.ts';
export { readSnapshotBytes, isSnapshot, isGzip } from './read-bytes.ts';
export { gunzip } from './gunzip.ts';
export { SnapshotError } from './snapshot-error.ts';
export { SNAPSHOT_MIGRATIONS, type SnapshotMigration } from './migrate.ts';
export { GAP_KINDS, BOOKMARK_TARGET_KINDS } from './header-schema.ts';
export { withNotes } from './content.ts';
export { AWS_SOURCES, awsSources, EMPTY_NOTES, snapshotHeader, type AwsSourceApi, type AwsSourceList, type HeaderParts } from './header.ts';

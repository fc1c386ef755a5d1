/** The incident snapshot file: format, reader and writer of its bytes, validation, migration. */
export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, DEFAULT_LIMITS, RECORD_KINDS, RECORD_KIND_SOURCES, resolveLimits, type Limits } from './limits.ts';
export { encodeSnapshot, fitsInRecord, keepJsonText } from './encode.ts';
export { readSnapshot, type ReadSnapshotOptions } from './read-snapshot.ts';
export { readSnapshotBytes, isSnapshot, isGzip } from './read-bytes.ts';
export { gunzip } from './gunzip.ts';
export { SnapshotError } from './snapshot-error.ts';
export { SNAPSHOT_MIGRATIONS, type SnapshotMigration } from './migrate.ts';
export { GAP_KINDS, BOOKMARK_TARGET_KINDS } from './header-schema.ts';
export { withNotes } from './content.ts';
export { AWS_SOURCES, awsSources, EMPTY_NOTES, snapshotHeader, type AwsSourceApi, type AwsSourceList, type HeaderParts } from './header.ts';

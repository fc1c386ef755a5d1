/**
 * The top-level object of a snapshot, checked: its `format`, its `version` (migrated to the
 * current one when older, refused when newer or when no migration path exists) and its header. The
 * line reader (snapshot-lines.ts) asks this of the header line and of a file read as one value.
 */
import type { SnapshotHeader } from '../model/index.ts';
import { describeValue } from '../base/json.ts';
import { checkFileHeader } from './header-schema.ts';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './limits.ts';
import { migrationPath, type SnapshotMigration } from './migrate.ts';
import type { SnapshotError } from './snapshot-error.ts';
import { EXPECTED } from './sniff.ts';

export interface SnapshotTop {
  readonly header: SnapshotHeader;
  /** The migrations each record of an older snapshot goes through, or undefined when none has a record step. */
  readonly recordMigrations: SnapshotMigration[] | undefined;
}

type Fail = (kind: 'corrupt' | 'invalidInput', detail: string, at?: string) => SnapshotError;

export function readSnapshotTop(parsed: unknown, migrations: readonly SnapshotMigration[], fail: Fail): SnapshotTop {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fail('invalidInput', `not a Trace Explorer snapshot: it is ${describeValue(parsed)}; ${EXPECTED}`);
  let top = parsed as Record<string, unknown>;
  const format = Object.hasOwn(top, 'format') ? top['format'] : undefined;
  if (format !== SNAPSHOT_FORMAT) throw fail('invalidInput', `not a Trace Explorer snapshot: its "format" is ${describeValue(format)}; ${EXPECTED}`);
  const version = Object.hasOwn(top, 'version') ? top['version'] : undefined;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) throw fail('corrupt', `expected a whole number, got ${describeValue(version)}`, 'version');
  const path = checkSnapshotVersion(version, migrations, fail);
  let recordMigrations: SnapshotMigration[] | undefined;
  if (path.length) {
    for (const migration of path) top = migration.migrateTop(top);
    const recordSteps = path.filter((migration) => migration.migrateRecord !== undefined);
    if (recordSteps.length) recordMigrations = recordSteps;
  }
  const checked = checkFileHeader(Object.hasOwn(top, 'header') ? top['header'] : undefined, 'header');
  if (!checked.ok) {
    const shown = checked.issues.slice(0, 5).map((issue) => `${issue.at}: ${issue.message}`);
    if (checked.issues.length > 5) shown.push(`and ${checked.issues.length - 5} more`);
    throw fail('corrupt', `the header is not valid: ${shown.join('; ')}`);
  }
  return { header: { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, ...checked.header }, recordMigrations };
}

/**
 * Refuses a version this build cannot read (newer, or older with no migration path); else the
 * migrations from it to the current version (none for the current one). Also asked of the version
 * sniffed from the file's first bytes, before the header line is complete.
 */
export function checkSnapshotVersion(version: number, migrations: readonly SnapshotMigration[], fail: Fail): SnapshotMigration[] {
  if (version > SNAPSHOT_VERSION) {
    throw fail('invalidInput', `made by a newer Trace Explorer (version ${version}); this one reads up to ${SNAPSHOT_VERSION}. Update Trace Explorer to open it`);
  }
  if (version === SNAPSHOT_VERSION) return [];
  const path = Number.isSafeInteger(version) && version >= 0 ? migrationPath(version, SNAPSHOT_VERSION, migrations) : undefined;
  if (!path) throw fail('invalidInput', `is version ${version}, older than any snapshot this Trace Explorer can read (it reads versions 1 to ${SNAPSHOT_VERSION})`);
  return path;
}

/** One record of an older snapshot through its migrations (as it is when there are none). */
export function migrateRecord(value: unknown, migrations: readonly SnapshotMigration[] | undefined): unknown {
  if (migrations !== undefined) for (const migration of migrations) value = migration.migrateRecord?.(value);
  return value;
}

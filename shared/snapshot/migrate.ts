/**
 * Reading older snapshot versions. Each migration turns the JSON of version `from` into version
 * `from + 1`: `migrateTop` gets the parsed top-level object (`format`, `version`, `header`, and
 * `records` as an empty array on the streaming path) and `migrateRecord` each parsed record line.
 * Migrations run on the untrusted JSON before validation, so they must not trust its shape.
 *
 * Version 1 is the first version, so the list is empty; the reader and its tests use the hook.
 */
export interface SnapshotMigration {
  readonly from: number;
  migrateTop(top: Record<string, unknown>): Record<string, unknown>;
  migrateRecord?(record: unknown): unknown;
}

export const SNAPSHOT_MIGRATIONS: readonly SnapshotMigration[] = [];

/**
 * The migrations that take `version` to `current`, in order, or undefined when one is missing
 * (the version is older than anything this app knows how to read).
 */
export function migrationPath(version: number, current: number, migrations: readonly SnapshotMigration[]): SnapshotMigration[] | undefined {
  const path: SnapshotMigration[] = [];
  for (let from = version; from < current; from++) {
    const step = migrations.find((migration) => migration.from === from);
    if (!step) return undefined;
    path.push(step);
  }
  return path;
}

import type { Notes, SnapshotContent } from '../model/index.ts';

/** The same snapshot with its notes replaced (records and provenance shared, not copied). */
export function withNotes(content: SnapshotContent, notes: Notes): SnapshotContent {
  return { header: { ...content.header, notes }, records: content.records };
}

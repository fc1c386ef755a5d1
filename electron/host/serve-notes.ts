import { AppError } from '../../shared/base/errors.ts';
import { withNotes } from '../../shared/snapshot/index.ts';
import type { NotesData } from '../../shared/contract/host/index.ts';
import { readSnapshotFile, writeSnapshotFile } from '../files/snapshot-file.ts';

/**
 * Replaces the notes of the incident snapshot at `path` (nothing else changes) and writes it back
 * atomically, gzip-compressed, with the shared snapshot reader and writer. Files that are not
 * snapshots are refused: notes live inside a snapshot, and an import file (CLI output, a log
 * file) has no place for them.
 */
export async function saveNotesIntoSnapshot(path: string, notes: NotesData): Promise<void> {
  let content;
  try {
    content = await readSnapshotFile(path);
  } catch (error) {
    if (error instanceof AppError && error.kind === 'notFound') throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('invalidInput', `Notes are saved inside an incident snapshot, and ${path} is not one (${detail}). Save the incident as a snapshot first, then add notes to it.`, path);
  }
  await writeSnapshotFile(path, withNotes(content, notes));
}

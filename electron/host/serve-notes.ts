import { readFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AppError } from '../../shared/errors.ts';
import type { NotesData } from '../../shared/contract/index.ts';
import { writeFileAtomically } from './serve-home.ts';

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Replaces `header.notes` in the incident snapshot at `path` and writes it back the way it was
 * stored (gzip or plain JSON), through a temporary file. Refuses files that are not snapshots:
 * notes live inside a snapshot, and an import file (CLI output, a log file) has no place for them.
 */
export async function saveNotesIntoSnapshot(path: string, notes: NotesData): Promise<void> {
  let stored: Buffer;
  try {
    stored = await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new AppError(code === 'ENOENT' ? 'notFound' : 'invalidInput', `Cannot save notes: ${path} cannot be read (${code ?? String(error)}).`, path);
  }
  const gzipped = stored[0] === GZIP_MAGIC[0] && stored[1] === GZIP_MAGIC[1];
  let snapshot: unknown;
  try {
    snapshot = JSON.parse((gzipped ? gunzipSync(stored) : stored).toString('utf8'));
  } catch {
    throw new AppError('corrupt', `Cannot save notes: ${path} is not readable JSON${gzipped ? ' inside its gzip' : ''}.`, path);
  }
  const header = typeof snapshot === 'object' && snapshot !== null && Object.hasOwn(snapshot, 'header') ? (snapshot as { header: unknown }).header : undefined;
  if (typeof header !== 'object' || header === null || (header as { format?: unknown }).format !== 'trace-explorer-snapshot') {
    throw new AppError('invalidInput', `Notes are saved inside an incident snapshot, and ${path} is not one. Save the incident as a snapshot first, then add notes to it.`, path);
  }
  const updated = { ...(snapshot as object), header: { ...header, notes } };
  const text = JSON.stringify(updated);
  await writeFileAtomically(path, gzipped ? gzipSync(text) : text);
}

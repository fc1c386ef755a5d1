/**
 * Snapshot files on disk. Writing is atomic: the gzip stream goes to a temporary file in the same
 * folder, which is flushed to disk (fsync) and then renamed over the target, so a crash or an error
 * part-way leaves the old file as it was. Reading streams the file into the shared reader (the
 * same one the app's worker uses, DecompressionStream included), so neither the compressed nor the
 * decompressed bytes are ever held whole and every cap is checked in one place.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { AppError } from '../../shared/base/errors.ts';
import type { SnapshotContent } from '../../shared/model/index.ts';
import { encodeSnapshot, readSnapshotFrom, SnapshotError, type ReadSnapshotOptions } from '../../shared/snapshot/index.ts';

/** Encoded lines are joined into pieces of about this size before compression. */
const WRITE_PIECE_CHARS = 1024 * 1024;
const READ_CHUNK_BYTES = 256 * 1024;

/** Writes the snapshot to `path` atomically (temporary file, fsync, rename). */
export async function writeSnapshotFile(path: string, content: SnapshotContent): Promise<void> {
  const target = resolve(path);
  const folder = dirname(target);
  const temporary = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = await existingMode(target);
  const handle = await open(temporary, 'wx', mode).catch((error: NodeJS.ErrnoException) => {
    throw new AppError(error.code === 'ENOENT' ? 'notFound' : 'invalidInput', `${path}: cannot write the snapshot there (${error.code ?? error.message})`, path);
  });
  try {
    await pipeline(Readable.from(joined(encodeSnapshot(content))), createGzip({ level: 6 }), async (compressed: AsyncIterable<Buffer>) => {
      for await (const chunk of compressed) await writeAll(handle, chunk);
    });
    await handle.sync();
    await handle.close();
    await rename(temporary, target);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

/**
 * Reads a snapshot file, gzip-compressed or plain JSON, as a stream into the shared reader, which
 * checks every cap once as the bytes arrive (the file's size before reading anything).
 */
export async function readSnapshotFile(path: string, options: ReadSnapshotOptions = {}): Promise<SnapshotContent> {
  const file = options.file ?? basename(path);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? new AppError('notFound', `${path}: no such file`, path) : error;
  });
  if (!info.isFile()) throw new SnapshotError('invalidInput', file, 'is not a file');
  const bytes = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  try {
    return await readSnapshotFrom(bytes, { ...options, file, size: info.size });
  } finally {
    bytes.destroy();
  }
}

/** Joins the encoder's lines into large pieces, so the gzip stream is not fed one record at a time. */
function* joined(lines: Iterable<string>): Generator<string, void, undefined> {
  let parts: string[] = [];
  let size = 0;
  for (const line of lines) {
    parts.push(line);
    size += line.length;
    if (size >= WRITE_PIECE_CHARS) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length) yield parts.join('');
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) offset += (await handle.write(bytes, offset, bytes.length - offset)).bytesWritten;
}

async function existingMode(path: string): Promise<number> {
  try {
    return (await stat(path)).mode & 0o777;
  } catch {
    return 0o644;
  }
}

/** Makes the rename durable. Not possible on every platform (Windows refuses to open a folder). */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The file itself is complete and renamed; only the durability of the rename is best-effort.
  }
}

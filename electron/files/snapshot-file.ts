/**
 * Snapshot files on disk. Writing is atomic: the gzip stream goes to a temporary file in the same
 * folder, which is flushed to disk (fsync) and then renamed over the target, so a crash or an error
 * part-way leaves the old file as it was. Reading streams the file through node:zlib into the
 * shared reader, so neither the compressed nor the decompressed bytes are ever held whole.
 *
 * node:zlib's createGunzip is used for reading rather than DecompressionStream: on a 200 MB
 * snapshot (1,000,000 spans) it was measured faster (see the numbers in docs/snapshot-format.md).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants as zlibConstants, createGunzip, createGzip } from 'node:zlib';
import { AppError } from '../../shared/base/errors.ts';
import type { SnapshotContent } from '../../shared/model/index.ts';
import { formatBytes } from '../../shared/base/format.ts';
import { encodeSnapshot, isGzip, readSnapshot, resolveLimits, SnapshotError, type Limits, type ReadSnapshotOptions } from '../../shared/snapshot/index.ts';

/** Encoded lines are joined into pieces of about this size before compression. */
const WRITE_PIECE_CHARS = 1024 * 1024;
const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Why a snapshot cannot be written to `path`, checked before any work: it exists and is not a
 * regular file (renaming over a folder fails, and over a named pipe, a device such as /dev/null or
 * a socket it would replace that with a file), or its folder does not exist. Undefined when it can.
 */
export async function snapshotTargetRefusal(path: string): Promise<string | undefined> {
  const target = resolve(path);
  let info;
  try {
    info = await stat(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
    const folder = await stat(dirname(target)).catch(() => undefined);
    if (folder === undefined) return 'its folder does not exist';
    return folder.isDirectory() ? undefined : 'its folder is not a folder';
  }
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return 'it is a folder';
  const what = info.isFIFO() ? 'a named pipe (FIFO)' : info.isCharacterDevice() ? 'a character device' : info.isBlockDevice() ? 'a block device' : info.isSocket() ? 'a socket' : 'not a regular file';
  return `it is ${what}, not a file; writing the snapshot would replace it`;
}

export interface WriteOptions {
  /**
   * gzip level, 1–9 (default 6). On the 324 MB of JSON of a 2,000,000-span import, level 6 took
   * 3.1 × as long as level 1 (19.0 s against 6.1 s, measured in one run on the loaded 2-core
   * machine) for a file 15 % smaller (53 against 62 MB): a big import uses level 1.
   */
  readonly compressionLevel?: number;
}

/** Writes the snapshot to `path` atomically (temporary file, fsync, rename); refuses a target that is not a file. */
export async function writeSnapshotFile(path: string, content: SnapshotContent, options: WriteOptions = {}): Promise<void> {
  const refusal = await snapshotTargetRefusal(path);
  if (refusal !== undefined) throw new AppError(refusal.startsWith('its folder') ? 'notFound' : 'invalidInput', `${path}: cannot write the snapshot there (${refusal})`, path);
  const target = resolve(path);
  const folder = dirname(target);
  const temporary = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = await existingMode(target);
  const handle = await open(temporary, 'wx', mode).catch((error: NodeJS.ErrnoException) => {
    throw new AppError(error.code === 'ENOENT' ? 'notFound' : 'invalidInput', `${path}: cannot write the snapshot there (${error.code ?? error.message})`, path);
  });
  try {
    await pipeline(Readable.from(joined(encodeSnapshot(content))), createGzip({ level: options.compressionLevel ?? 6 }), async (compressed: AsyncIterable<Buffer>) => {
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

/** Reads a snapshot file, gzip-compressed or plain JSON, checking the size caps as it goes. */
export async function readSnapshotFile(path: string, options: ReadSnapshotOptions = {}): Promise<SnapshotContent> {
  const file = options.file ?? basename(path);
  const limits = resolveLimits(options.limits);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? new AppError('notFound', `${path}: no such file`, path) : error;
  });
  if (!info.isFile()) throw new SnapshotError('invalidInput', file, 'is not a file');
  if (info.size > limits.maxCompressedBytes) {
    throw new SnapshotError('invalidInput', file, `is ${formatBytes(info.size)}, larger than the ${formatBytes(limits.maxCompressedBytes)} limit for a snapshot file`);
  }
  const compressed = isGzip(await firstBytes(path, 2));
  const bytes = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  const text = compressed ? gunzipStream(bytes, limits, file) : bytes;
  try {
    return await readSnapshot(text, { ...options, file, limits });
  } finally {
    bytes.destroy();
  }
}

/** Inflates with node:zlib, enforcing the decompressed cap and naming truncation. */
async function* gunzipStream(input: Readable, limits: Limits, file: string): AsyncGenerator<Uint8Array, void, undefined> {
  const gunzip = createGunzip({ chunkSize: READ_CHUNK_BYTES });
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  let total = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limits.maxDecompressedBytes) throw new SnapshotError('invalidInput', file, `is larger than the ${formatBytes(limits.maxDecompressedBytes)} limit once decompressed`);
      yield chunk;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || (error as { errno?: number }).errno === zlibConstants.Z_BUF_ERROR) {
      throw new SnapshotError('corrupt', file, 'truncated gzip: the compressed data ends before the gzip stream does; the file was probably cut off while being copied or written');
    }
    if (typeof code === 'string' && code.startsWith('Z_')) throw new SnapshotError('corrupt', file, `is not valid gzip data (${(error as Error).message})`);
    throw error;
  } finally {
    gunzip.destroy();
    input.destroy();
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

async function firstBytes(path: string, count: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * The one reader of input files (the command line's FILE… arguments). Each path is looked at with
 * `stat` before anything is read: a folder, a device, a named pipe or a socket is refused with
 * what it is (reading /dev/zero or a FIFO would never end), and a regular file is not read here at
 * all but handed on as a stream of 1 MiB chunks, so that no input is ever whole in memory: the
 * importers read JSON lines of any size line by line, and snapshots record by record.
 */
import { constants, type Stats } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import { AppError } from '../../shared/base/errors.ts';
import { describeFsError, notARegularFile } from './fs-errors.ts';
import type { InputFile } from '../../shared/incident/open-inputs.ts';
import type { Problem } from '../../shared/model/index.ts';

/** Chunk size of the read stream: large enough that per-chunk work is noise, small enough to stream. */
const READ_CHUNK_BYTES = 1024 * 1024;

export interface ReadInputs {
  readonly files: InputFile[];
  /** Paths that cannot be read, each with why. */
  readonly problems: Problem[];
  /** The readable files' total size on disk when checked. */
  readonly bytes: number;
}

/** Checks each path and gives the readable files as streams; a path that cannot be read becomes a problem naming it. */
export async function readInputFiles(paths: readonly string[]): Promise<ReadInputs> {
  const files: InputFile[] = [];
  const problems: Problem[] = [];
  let bytes = 0;
  for (const path of paths) {
    try {
      const info = await stat(path);
      const refusal = notAFile(info);
      if (refusal !== undefined) throw new AppError('invalidInput', refusal, path);
      await access(path, constants.R_OK);
      // The size lets the reader refuse a file too large for this machine before reading it.
      files.push({ name: path, chunks: () => fileChunks(path), size: info.size });
      bytes += info.size;
    } catch (error) {
      problems.push({ file: path, message: describeFsError(error) });
    }
  }
  return { files, problems, bytes };
}

/** Why this is not a file to read, or undefined for a regular file. */
export function notAFile(info: Stats): string | undefined {
  const what = notARegularFile(info);
  if (what === undefined) return undefined;
  if (info.isDirectory()) return 'is a folder; give the files inside it';
  return `is ${what}, not a file${info.isFIFO() ? '; save what it delivers to a file and give that' : ''}`;
}

/**
 * The file's bytes, streamed. Opened without blocking and checked again on the open descriptor, so
 * a path swapped for a pipe between the check and the read is refused rather than waited on.
 */
async function* fileChunks(path: string): AsyncGenerator<Uint8Array, void, undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new AppError('invalidInput', describeFsError(error), path);
  }
  try {
    const refusal = notAFile(await handle.stat());
    if (refusal !== undefined) throw new AppError('invalidInput', refusal, path);
    const stream = handle.createReadStream({ highWaterMark: READ_CHUNK_BYTES, autoClose: false });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
    } catch (error) {
      throw error instanceof AppError ? error : new AppError('invalidInput', `could not be read to the end: ${describeFsError(error)}`, path);
    } finally {
      stream.destroy();
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}

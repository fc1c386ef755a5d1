/**
 * One input of an open: a file already in memory (what the browser worker is handed), or one read
 * as a stream (what the command line reads from disk, so that no file is ever whole in memory).
 */
import { AppError } from '../base/errors.ts';
import { ChunkHead } from '../base/chunk-head.ts';
import { gunzip, isGzip, isSnapshot, readSnapshot, readSnapshotBytes } from '../snapshot/index.ts';
import type { SnapshotContent } from '../model/index.ts';

export type InputFile =
  | { readonly name: string; readonly bytes: Uint8Array }
  | {
      readonly name: string;
      /** The file's bytes as they are read; called once. Errors it throws should be AppErrors naming the problem. */
      chunks(): AsyncIterable<Uint8Array>;
    };

/** How much of an input is read to tell a snapshot (compressed or not) from an import file. */
const SNIFF_HEAD_BYTES = 64 * 1024;
/** In-memory inputs are handed on in pieces of this size (views, not copies). */
const PIECE_BYTES = 1024 * 1024;

/** An input opened for reading: whether it is a snapshot, and its bytes from the start. */
export interface OpenedInput {
  readonly name: string;
  readonly snapshot: boolean;
  chunks(): AsyncIterable<Uint8Array>;
  /** Reads it as a snapshot (only when `snapshot`). */
  readSnapshot(): Promise<SnapshotContent>;
}

export async function openInput(input: InputFile): Promise<OpenedInput> {
  if ('bytes' in input) {
    const { name, bytes } = input;
    return {
      name,
      snapshot: await isSnapshot(bytes),
      chunks: () => pieces(bytes),
      readSnapshot: () => readSnapshotBytes(bytes, { file: name }),
    };
  }
  const head = new ChunkHead(input.chunks());
  const start = await head.head(SNIFF_HEAD_BYTES);
  const snapshot = await isSnapshot(start);
  return {
    name: input.name,
    snapshot,
    chunks: () => head.chunks(),
    readSnapshot: () => readSnapshot(isGzip(start) ? gunzip(head.chunks(), undefined, input.name) : head.chunks(), { file: input.name }),
  };
}

async function* pieces(bytes: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
  for (let offset = 0; offset < bytes.length; offset += PIECE_BYTES) yield bytes.subarray(offset, offset + PIECE_BYTES);
}

/** An error met while reading a file, as the message a person reads; a bug says it is one. */
export function describeReadError(error: unknown): string {
  if (error instanceof AppError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `could not be read because of an internal error (${message}); this is a bug in Trace Explorer`;
}

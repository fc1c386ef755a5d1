/**
 * One input of an open: a file already in memory, one read as a stream of chunks (what the command
 * line reads from disk, so that no file is ever whole in memory), or a web stream (a dropped File's,
 * an HTTP body: what the browser worker reads). Its stored size, when known, is checked against the
 * caps before anything is read.
 */
import { AppError } from '../base/errors.ts';
import type { ByteSource } from '../snapshot/index.ts';

export type InputFile =
  | { readonly name: string; readonly bytes: Uint8Array }
  | {
      readonly name: string;
      /** The file's bytes as they are read; called once. Errors it throws should be AppErrors naming the problem. */
      chunks(): AsyncIterable<Uint8Array>;
      readonly size?: number | undefined;
    }
  | { readonly name: string; readonly source: ByteSource; readonly size?: number | undefined };

/** An error met while reading a file, as the message a person reads; a bug says it is one. */
export function describeReadError(error: unknown): string {
  if (error instanceof AppError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `could not be read because of an internal error (${message}); this is a bug in Trace Explorer`;
}

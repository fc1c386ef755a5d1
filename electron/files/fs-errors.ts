import type { Stats } from 'node:fs';
import { AppError, type AppErrorKind } from '../../shared/base/errors.ts';

/**
 * What a file-system error or a path's type means, for people: the one table the CLI's reading and
 * writing and the host's opening share (each adds the advice that fits what it was doing).
 */

interface FsCode {
  readonly text: string;
  readonly kind: AppErrorKind;
}

const CODES: Readonly<Record<string, FsCode>> = {
  ENOENT: { text: 'no such file', kind: 'notFound' },
  EACCES: { text: 'permission denied', kind: 'auth' },
  EPERM: { text: 'permission denied', kind: 'auth' },
  ENOTDIR: { text: 'a part of the path is not a folder', kind: 'notFound' },
  EISDIR: { text: 'it is a folder', kind: 'invalidInput' },
  ELOOP: { text: 'the path has a loop of symbolic links', kind: 'invalidInput' },
  EIO: { text: 'the disk reported an input/output error', kind: 'invalidInput' },
  ENOSPC: { text: 'the disk is full', kind: 'invalidInput' },
  EROFS: { text: 'the disk is read-only', kind: 'auth' },
};

function codeOf(error: unknown): FsCode | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && Object.hasOwn(CODES, code) ? CODES[code] : undefined;
}

/** `no such file`, `permission denied`… for the codes this table knows; undefined for others. */
export function fsErrorText(error: unknown): string | undefined {
  return codeOf(error)?.text;
}

/** `no such file`, `permission denied`…; an AppError's own message; otherwise the error's message. */
export function describeFsError(error: unknown): string {
  if (error instanceof AppError) return error.message;
  return fsErrorText(error) ?? (error instanceof Error ? error.message : String(error));
}

/** The kind of AppError a file-system error is (`notFound`, `auth`…; `invalidInput` when unknown). */
export function fsErrorKind(error: unknown): AppErrorKind {
  return codeOf(error)?.kind ?? 'invalidInput';
}

/** What a path is when it is not a regular file (`a folder`, `a named pipe (FIFO)`…), or undefined. */
export function notARegularFile(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device (a disk)';
  if (info.isSocket()) return 'a socket';
  return 'a special file';
}

import { randomBytes } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import { AppError } from '../../shared/base/errors.ts';
import { FILE_HANDLE_PATTERN, type GrantedFile } from '../../shared/contract/host/index.ts';

/**
 * The files the user chose, and the opaque handles the page knows them by. The page never names a
 * path: it hands back a handle it was given, and only handles in this registry open anything.
 * Handles come from the CLI's FILE, the recent list (each file keeps its handle there, so a link
 * still opens after a restart), the bundled demo, a capture's output, and later a desktop dialog.
 */

/** How a file came to be granted; decides what may be done with it. */
export type GrantKind = 'chosen' | 'recent' | 'capture' | 'demo';

export interface Grant {
  readonly handle: string;
  /** Absolute, resolved when granted. */
  readonly path: string;
  readonly kind: GrantKind;
}

/** A new handle: 128 random bits, base64url (22 characters). */
export function newHandle(): string {
  return randomBytes(16).toString('base64url');
}

export function isHandle(value: unknown): value is string {
  return typeof value === 'string' && FILE_HANDLE_PATTERN.test(value);
}

/** The message for a handle this host never gave out (or no longer knows); it names no path. */
export function unknownHandleError(handle: string): AppError {
  return new AppError(
    'notFound',
    `This page asked for a file this Trace Explorer session does not know (handle ${handle.slice(0, 6)}…): it was not chosen here and is not in the recent list. Open it again with "Open files…", or from the recent list.`,
  );
}

export class FileGrants {
  private readonly byHandle = new Map<string, Grant>();
  /** The handle each path is known by (the first one granted; a recent entry's, when it has one). */
  private readonly byPath = new Map<string, string>();
  /** Handles opened alone as an incident in this session: the snapshots notes may be saved into. */
  private readonly openedAlone = new Set<string>();

  /**
   * Grants `path` and returns its handle: the one it already has, else `handle` (a stable id from
   * the recent list), else a new one. The demo never shares a handle with a chosen file: it is
   * read-only, a chosen file is not.
   */
  grant(path: string, kind: GrantKind, handle?: string): string {
    const absolute = resolve(path);
    const key = kind === 'demo' ? `demo:${absolute}` : absolute;
    if (handle !== undefined) {
      if (!isHandle(handle)) throw new AppError('internal', 'A file handle must be 22 base64url characters.');
      const taken = this.byHandle.get(handle);
      if (taken === undefined) return this.add(key, { handle, path: absolute, kind });
      if (taken.path === absolute && (taken.kind === 'demo') === (kind === 'demo')) return handle;
      // The same stable id for another file (a hand-edited recent list): the path gets its own.
    }
    return this.byPath.get(key) ?? this.add(key, { handle: newHandle(), path: absolute, kind });
  }

  private add(key: string, grant: Grant): string {
    this.byHandle.set(grant.handle, grant);
    if (!this.byPath.has(key)) this.byPath.set(key, grant.handle);
    return grant.handle;
  }

  /** The grant behind a handle, or undefined: the only way from a handle to a path. */
  lookup(handle: string): Grant | undefined {
    return this.byHandle.get(handle);
  }

  /** The grant behind a handle; `notFound` (naming no path) when there is none. */
  require(handle: string): Grant {
    const grant = this.byHandle.get(handle);
    if (grant === undefined) throw unknownHandleError(handle);
    return grant;
  }

  /** The handle a path is known by, if granted (not the demo). */
  handleOf(path: string): string | undefined {
    return this.byPath.get(resolve(path));
  }

  /** What the page is told about a granted file: its handle, name and (except for the demo) folder. */
  describe(handle: string): GrantedFile {
    const grant = this.require(handle);
    return grant.kind === 'demo' ? { handle, name: basename(grant.path) } : { handle, name: basename(grant.path), folder: dirname(grant.path) };
  }

  /** Records what was just opened as one incident (notes may go into a snapshot opened alone). */
  noteOpened(handles: readonly string[]): void {
    if (handles.length === 1 && handles[0] !== undefined) this.openedAlone.add(handles[0]);
  }

  wasOpenedAlone(handle: string): boolean {
    return this.openedAlone.has(handle);
  }
}

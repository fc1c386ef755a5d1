import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { MAX_FILES_PER_OPEN } from '../../shared/contract/host/index.ts';
import { isHandle, newHandle } from './file-grants.ts';

/** How many recent entries are kept. */
export const MAX_RECENT = 20;

/**
 * The folder for the app's own small files (the recent list, captures): `TRACE_EXPLORER_HOME` when
 * set, else the OS config folder (XDG_CONFIG_HOME or ~/.config on Linux, ~/Library/Application
 * Support on macOS, %APPDATA% on Windows) + `trace-explorer`.
 */
export function appHomeDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.TRACE_EXPLORER_HOME) return env.TRACE_EXPLORER_HOME;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'trace-explorer');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'trace-explorer');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'trace-explorer');
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
export async function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, data, { mode: 0o600 });
  await rename(temporary, path);
}

export function recentLabel(paths: readonly string[]): string {
  const first = basename(paths[0] ?? '');
  return paths.length > 1 ? `${first} + ${paths.length - 1} more` : first;
}

/** One file of a recent entry as kept on disk: its path, and the handle the page knows it by. */
export interface RecentFile {
  readonly handle: string;
  readonly path: string;
}

export interface StoredRecentEntry {
  readonly files: readonly RecentFile[];
  readonly openedAt: string;
  readonly bytes: number;
}

const pathSchema = z.string().min(1).max(4096);
const storedFileSchema = z.object({ handle: z.string().refine(isHandle), path: pathSchema });
const storedEntrySchema = z.object({ files: z.array(storedFileSchema).min(1).max(MAX_FILES_PER_OPEN), openedAt: z.iso.datetime(), bytes: z.number().int().nonnegative() });
/** The list before handles (entries of paths only): read once, given handles, written back. */
const firstVersionEntrySchema = z.object({ paths: z.array(pathSchema).min(1).max(MAX_FILES_PER_OPEN), openedAt: z.iso.datetime(), bytes: z.number().int().nonnegative() });

/**
 * The recent list in `<home>/recent.json` (mode 0600, in a 0700 folder): `{version: 2, entries:
 * [{files: [{handle, path}], openedAt, bytes}]}`, newest first. Each path keeps one handle for as
 * long as it is listed, so a link to it opens again after the host restarts. The handle is a
 * capability only together with the session token (a new one each run), and this file is
 * readable only by its owner, who can read the files it names anyway.
 *
 * A missing or unreadable file is an empty list; an entry that does not parse is dropped, not the
 * whole list; a first-version list (paths without handles) gets handles and is written back.
 */
export class RecentStore {
  private readonly file: string;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(private readonly home: string) {
    this.file = join(home, 'recent.json');
  }

  list(): Promise<readonly StoredRecentEntry[]> {
    return this.serially(async () => {
      const { entries, migrated } = await this.read();
      if (migrated) await this.write(entries).catch(() => undefined);
      return entries;
    });
  }

  /**
   * Puts the files opened together first; the same set of paths is listed once. A path already in
   * the list keeps the handle it has there (it may differ from `files`' handle when another host
   * listed it first). Returns the entry as written.
   */
  add(files: readonly RecentFile[], bytes: number, now: Date = new Date()): Promise<StoredRecentEntry> {
    return this.serially(async () => {
      const { entries } = await this.read();
      const stored = new Map(entries.flatMap((entry) => entry.files.map((file) => [file.path, file.handle] as const)));
      const entry: StoredRecentEntry = { files: files.map((file) => ({ path: file.path, handle: stored.get(file.path) ?? file.handle })), openedAt: now.toISOString(), bytes };
      const key = JSON.stringify(entry.files.map((file) => file.path));
      const kept = entries.filter((old) => JSON.stringify(old.files.map((file) => file.path)) !== key);
      await this.write([entry, ...kept].slice(0, MAX_RECENT));
      return entry;
    });
  }

  /** Empties the list (the desktop app's File › Open Recent › Clear Recent). */
  clear(): Promise<void> {
    return this.serially(() => this.write([]));
  }

  private serially<T>(run: () => Promise<T>): Promise<T> {
    const next = this.pending.then(run);
    this.pending = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<{ entries: StoredRecentEntry[]; migrated: boolean }> {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      return { entries: [], migrated: false };
    }
    const list = (raw as { entries?: unknown } | null)?.entries;
    if (!Array.isArray(list)) return { entries: [], migrated: false };
    const entries: StoredRecentEntry[] = [];
    const handles = new Map<string, string>();
    let migrated = false;
    for (const item of list.slice(0, MAX_RECENT)) {
      const current = storedEntrySchema.safeParse(item);
      if (current.success) {
        entries.push(current.data);
        for (const file of current.data.files) handles.set(file.path, handles.get(file.path) ?? file.handle);
        continue;
      }
      const old = firstVersionEntrySchema.safeParse(item);
      if (!old.success) continue;
      migrated = true;
      const files = old.data.paths.map((path) => {
        const handle = handles.get(path) ?? newHandle();
        handles.set(path, handle);
        return { path, handle };
      });
      entries.push({ files, openedAt: old.data.openedAt, bytes: old.data.bytes });
    }
    return { entries, migrated };
  }

  private async write(entries: readonly StoredRecentEntry[]): Promise<void> {
    await mkdir(this.home, { recursive: true, mode: 0o700 });
    await writeFileAtomically(this.file, `${JSON.stringify({ version: 2, entries }, null, 2)}\n`);
  }
}

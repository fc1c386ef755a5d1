import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { recentListSchema, type RecentEntry, type RecentList } from '../../shared/contract/host/index.ts';

/** How many recent entries are kept. */
export const MAX_RECENT = 20;

/**
 * The folder for the app's own small files (the recent list): `TRACE_EXPLORER_HOME` when set,
 * else the OS config folder (XDG_CONFIG_HOME or ~/.config on Linux, ~/Library/Application Support
 * on macOS, %APPDATA% on Windows) + `trace-explorer`.
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

/** The recent list in `<home>/recent.json`. A missing or unreadable file is an empty list. */
export class RecentStore {
  private readonly file: string;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(private readonly home: string) {
    this.file = join(home, 'recent.json');
  }

  async list(): Promise<RecentList> {
    try {
      const parsed = recentListSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data : { entries: [] };
    } catch {
      return { entries: [] };
    }
  }

  /** Puts the files opened together first; the same set of paths is listed once. */
  add(paths: readonly string[], bytes: number, now: Date = new Date()): Promise<void> {
    const run = this.pending.then(async () => {
      const key = JSON.stringify(paths);
      const entry: RecentEntry = { paths: [...paths], label: recentLabel(paths), openedAt: now.toISOString(), bytes };
      const { entries } = await this.list();
      const kept = entries.filter((old) => JSON.stringify(old.paths) !== key);
      await mkdir(this.home, { recursive: true, mode: 0o700 });
      await writeFileAtomically(this.file, `${JSON.stringify({ entries: [entry, ...kept].slice(0, MAX_RECENT) }, null, 2)}\n`);
    });
    this.pending = run.catch(() => undefined);
    return run;
  }
}

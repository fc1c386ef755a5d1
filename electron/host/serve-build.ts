import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The repository root (this file is electron/host/serve-build.ts). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const DEFAULT_RENDERER_DIR = join(REPO_ROOT, 'dist', 'renderer');
export const DEMO_PATH = join(REPO_ROOT, 'resources', 'demo-incident.json.gz');

async function newestSourceTime(dir: string): Promise<number> {
  let newest = 0;
  const pending = [dir];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const entry of await readdir(next, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(next, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (/\.(tsx?|css|html)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, (await stat(path)).mtimeMs);
    }
  }
  return newest;
}

/** True when `outDir` has no index.html or is older than a renderer/ or shared/ source file. */
export async function rendererIsStale(outDir: string): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(join(outDir, 'index.html'))).mtimeMs;
  } catch {
    return true;
  }
  const sources = Math.max(await newestSourceTime(join(REPO_ROOT, 'renderer')), await newestSourceTime(join(REPO_ROOT, 'shared')));
  return sources > built;
}

/** Builds the renderer with Vite's JS API (renderer/vite.config.ts) into `outDir`. */
export async function buildRenderer(outDir: string = DEFAULT_RENDERER_DIR): Promise<string> {
  const { build } = await import('vite');
  await build({
    configFile: join(REPO_ROOT, 'renderer', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

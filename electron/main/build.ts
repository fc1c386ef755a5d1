import { build, type BuildOptions } from 'esbuild';
import { join } from 'node:path';
import { REPO_ROOT } from '../host/serve-build.ts';

/** Where the desktop bundles go: package.json's `main` points at the first. */
export const DESKTOP_DIR = join(REPO_ROOT, 'dist', 'electron');
export const MAIN_BUNDLE = join(DESKTOP_DIR, 'main.cjs');
export const PRELOAD_BUNDLE = join(DESKTOP_DIR, 'preload.cjs');

/**
 * Bundles the main process and the preload as CommonJS for Electron (the sandboxed preload may
 * require only `electron`, so everything it uses — the contract, zod — is bundled into it).
 * `electron` itself stays external: Electron provides it at run time.
 */
export async function buildDesktop(): Promise<void> {
  const common: BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', external: ['electron'], sourcemap: 'linked', logLevel: 'warning' };
  await Promise.all([
    build({ ...common, entryPoints: [join(REPO_ROOT, 'electron', 'main', 'index.ts')], outfile: MAIN_BUNDLE }),
    build({ ...common, entryPoints: [join(REPO_ROOT, 'electron', 'preload', 'index.ts')], outfile: PRELOAD_BUNDLE }),
  ]);
}

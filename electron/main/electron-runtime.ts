import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../host/serve-build.ts';

/** The command that fetches Electron's runtime where npm did not (allowScripts keeps its download off). */
export const INSTALL_ELECTRON = 'node node_modules/electron/install.js';

/**
 * The Electron executable npm installed, or undefined when its runtime is missing. Read from the
 * package's path.txt as its own index.js does, but without requiring that file: requiring it
 * starts a download when the binary is missing, which is exactly the case to report in one line.
 */
export function electronExecutable(packageDir: string = join(REPO_ROOT, 'node_modules', 'electron'), env: NodeJS.ProcessEnv = process.env): string | undefined {
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (relative === '') return undefined;
  const executable = env['ELECTRON_OVERRIDE_DIST_PATH'] ? join(env['ELECTRON_OVERRIDE_DIST_PATH'], relative) : join(packageDir, 'dist', relative);
  return existsSync(executable) ? executable : undefined;
}

/** The one line `npm start` prints when there is no runtime, before it opens the browser instead. */
export function missingRuntimeLine(): string {
  return `Trace Explorer: Electron's runtime is not installed (its download was skipped or blocked); run \`${INSTALL_ELECTRON}\` with internet access for the desktop window. Opening the same app in your browser instead.\n`;
}

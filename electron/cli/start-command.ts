import { spawn } from 'node:child_process';
import type { CliIo } from './cli-io.ts';
import { runServeCommand, untilSignal } from './serve-command.ts';
import type { RunningServer } from '../host/serve.ts';
import { buildRenderer, DEFAULT_RENDERER_DIR, REPO_ROOT, rendererIsStale } from '../host/serve-build.ts';
import { buildDesktop } from '../main/build.ts';
import { electronExecutable, missingRuntimeLine } from '../main/electron-runtime.ts';

/**
 * `npm start` / `trace-explorer start [FILE…]`: the desktop app on the bundled demo incident (or
 * the FILEs): it builds the renderer (when stale), the main process and the preload, and runs
 * Electron on them. Where Electron's runtime is missing (npm ci here skips its download), it says
 * so in one line with the fix and serves the same app on 127.0.0.1, opened in the default browser
 * (set TRACE_EXPLORER_NO_BROWSER=1 to only print the address).
 */
export async function runStartCommand(args: readonly string[], io: CliIo): Promise<number> {
  const electron = electronExecutable();
  if (electron !== undefined && !args.includes('--browser')) return runDesktop(electron, args, io);
  if (electron === undefined) io.stderr.write(missingRuntimeLine());
  return runServeCommand(args.filter((arg) => arg !== '--browser'), io, {
    untilStopped: async (server: RunningServer) => {
      if (!process.env.TRACE_EXPLORER_NO_BROWSER) openInBrowser(server.url, io);
      await untilSignal();
    },
  });
}

function openInBrowser(url: string, io: CliIo): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open';
  try {
    const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => io.stderr.write('Could not open a browser here; open the URL above yourself.\n'));
    child.unref();
  } catch {
    io.stderr.write('Could not open a browser here; open the URL above yourself.\n');
  }
}

/** Builds what the desktop app runs and runs it; resolves with Electron's exit code. */
async function runDesktop(electron: string, args: readonly string[], io: CliIo): Promise<number> {
  if (await rendererIsStale(DEFAULT_RENDERER_DIR)) await buildRenderer(DEFAULT_RENDERER_DIR);
  await buildDesktop();
  return new Promise((done) => {
    const child = spawn(electron, [REPO_ROOT, ...args], { stdio: 'inherit' });
    child.on('error', (error) => {
      io.stderr.write(`Could not start Electron (${error.message}); run \`npm start -- --browser\` to use the browser instead.\n`);
      done(1);
    });
    child.on('exit', (code) => done(code ?? 0));
  });
}

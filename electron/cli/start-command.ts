import { spawn } from 'node:child_process';
import type { CliIo } from './cli-io.ts';
import { runServeCommand, untilSignal } from './serve-command.ts';
import type { RunningServer } from '../host/serve.ts';

/**
 * `npm start` / `trace-explorer start [FILE]`: opens the explorer on the bundled demo incident (or
 * FILE). The Electron window comes with the desktop milestone; until then this serves the explorer
 * on 127.0.0.1 and opens it in the default browser (set TRACE_EXPLORER_NO_BROWSER=1 to only print
 * the address).
 */
export async function runStartCommand(args: readonly string[], io: CliIo): Promise<number> {
  io.stderr.write('Trace Explorer: the desktop window is not part of this version yet; opening the explorer in your browser.\n');
  return runServeCommand(args, io, {
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

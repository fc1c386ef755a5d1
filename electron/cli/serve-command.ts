import { stat } from 'node:fs/promises';
import { terminalSafe } from '../../shared/base/terminal-text.ts';
import { AppError } from '../../shared/base/errors.ts';
import { join } from 'node:path';
import type { RunningCaptureService } from '../capture/capture-service.ts';
import type { CliIo } from './cli-io.ts';
import { startServer, type RunningServer } from '../host/serve.ts';
import type { CaptureService } from '../capture/capture-service.ts';
import { appHomeDir } from '../files/recent-files.ts';
import { buildRenderer, DEFAULT_RENDERER_DIR, DEMO_PATH, rendererIsStale } from '../host/serve-build.ts';

export const SERVE_USAGE = `Usage: trace-explorer serve [FILE] [--port N]

Serves the explorer on 127.0.0.1 and prints its URL (with the session token) as the first line.
Opens FILE in it, or the demo incident when no FILE is given. Stop with Ctrl+C.
The page can capture from AWS with this machine's AWS configuration (default credential chain,
profiles); the credentials stay in this process. Captures are written to <app home>/captures
under a name the host picks. The page opens only FILE, the demo, recent files and captures: it
never names a path.
`;

export interface ServeArgs {
  readonly file?: string;
  readonly port?: number;
}

export function parseServeArgs(args: readonly string[]): ServeArgs | { readonly help: true } {
  let file: string | undefined;
  let port: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--help' || arg === '-h') return { help: true };
    const portText = arg === '--port' ? args[++i] : arg.startsWith('--port=') ? arg.slice('--port='.length) : undefined;
    if (arg === '--port' || arg.startsWith('--port=')) {
      const value = Number(portText);
      if (portText === undefined || !/^\d+$/.test(portText) || value < 1 || value > 65535) {
        throw new AppError('invalidInput', `--port needs a number from 1 to 65535, not ${portText === undefined ? 'nothing' : `'${portText}'`}.`);
      }
      port = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new AppError('invalidInput', `Unknown option '${arg}'.\n\n${SERVE_USAGE}`);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw new AppError('invalidInput', `serve opens one FILE; to merge several, run \`trace-explorer import\` first, or drop them all on the start page.`);
    }
  }
  return { ...(file !== undefined ? { file } : {}), ...(port !== undefined ? { port } : {}) };
}

export interface ServeCommandDeps {
  /** Resolves when the command should stop (default: SIGINT or SIGTERM). */
  readonly untilStopped?: (server: RunningServer) => Promise<void>;
  readonly staticDir?: string;
  readonly demoPath?: string;
  /** Capture from AWS (default: electron/capture's service, snapshots in <app home>/captures). */
  readonly capture?: CaptureService;
  /** The app home (recent list, captures); default appHomeDir(). */
  readonly home?: string;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The capture service, loaded (with the AWS SDK) on the first capture, so serving starts fast. */
export function lazyCaptureService(outputDir: string): CaptureService {
  let loaded: Promise<RunningCaptureService> | undefined;
  const load = (): Promise<RunningCaptureService> => (loaded ??= import('../capture/capture-service.ts').then((m) => m.createCaptureService({ outputDir })));
  return {
    start: async (request, emit) => (await load()).start(request, emit),
    setup: async () => (await load()).setup(),
    estimate: async (request) => (await load()).estimate(request),
    signIn: async (profile, emit) => (await load()).signIn(profile, emit),
    cancel: async (captureId) => (loaded === undefined ? { cancelled: false } : (await loaded).cancel(captureId)),
    close: async () => {
      if (loaded !== undefined) await (await loaded).close();
    },
  };
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<void> {
  return new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `trace-explorer serve [FILE] [--port N]`: the URL goes to stdout first; everything else to stderr. */
export async function runServeCommand(args: readonly string[], io: CliIo, deps: ServeCommandDeps = {}): Promise<number> {
  const parsed = parseServeArgs(args);
  if ('help' in parsed) {
    io.stdout.write(SERVE_USAGE);
    return 0;
  }
  if (parsed.file !== undefined && !(await isFile(parsed.file))) {
    io.stderr.write(`${terminalSafe(parsed.file)}: no such file. Give the path of a snapshot or an import file, or leave FILE out to open the demo.\n`);
    return 1;
  }
  const staticDir = deps.staticDir ?? DEFAULT_RENDERER_DIR;
  if (deps.staticDir === undefined && (await rendererIsStale(staticDir))) {
    io.stderr.write('Building the explorer (once after each change)…\n');
    await buildRenderer(staticDir);
  }
  const home = deps.home ?? appHomeDir();
  const capture = deps.capture ?? lazyCaptureService(join(home, 'captures'));
  const server = await startServer({ staticDir, demoPath: deps.demoPath ?? DEMO_PATH, capture, home, ...parsed });
  io.stdout.write(`${server.url}\n`);
  io.stderr.write(`Trace Explorer is serving on ${server.origin} (this machine only). Open the URL above; press Ctrl+C to stop.\n`);
  await (deps.untilStopped ?? untilSignal)(server);
  await server.close();
  return 0;
}

import { access, readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { AppError } from '../../shared/base/errors.ts';
import { APP_VERSION } from '../../shared/base/version.ts';
import type { CaptureCancelled, CaptureProgress, CaptureRequest, CaptureStarted, HostHandlers, OpenedFile } from '../../shared/contract/host/index.ts';
import { RecentStore } from '../files/recent-files.ts';
import type { CaptureService } from '../capture/capture-service.ts';
import { saveNotesIntoSnapshot } from './serve-notes.ts';

/** Most bytes one open reads into memory (all files together). */
export const MAX_OPEN_BYTES = 1024 * 1024 * 1024;

export interface WebHostOptions {
  readonly demoPath: string;
  /** Folder of the recent list (see appHomeDir). */
  readonly home: string;
  readonly capture?: CaptureService;
  /** Receives capture progress, to pass on to the renderer. */
  readonly emit?: (event: CaptureProgress) => void;
}

function describeFsError(path: string, error: unknown): AppError {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return new AppError('notFound', `${path}: no such file. It may have been moved or deleted; open it from its new place.`, path);
  if (code === 'EACCES' || code === 'EPERM') return new AppError('auth', `${path}: permission denied. Check the file's permissions.`, path);
  if (code === 'EISDIR') return new AppError('invalidInput', `${path} is a folder; open the files inside it.`, path);
  return new AppError('invalidInput', `${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`, path);
}

/** Reads regular files, with one size limit over all of them; errors name the file. */
async function readFiles(paths: readonly string[]): Promise<{ files: OpenedFile[]; bytes: number }> {
  const files: OpenedFile[] = [];
  let total = 0;
  for (const given of paths) {
    const path = resolve(given);
    try {
      const info = await stat(path);
      if (info.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
      if (!info.isFile()) throw new AppError('invalidInput', `${path} is not a regular file.`, path);
      total += info.size;
      if (total > MAX_OPEN_BYTES) throw new AppError('invalidInput', `The files are larger than the ${MAX_OPEN_BYTES / 2 ** 30} GiB one open may read. Open fewer files at once.`, path);
      files.push({ name: basename(path), path, bytes: new Uint8Array(await readFile(path)) });
    } catch (error) {
      throw error instanceof AppError ? error : describeFsError(path, error);
    }
  }
  return { files, bytes: total };
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The contract's handlers as the local web host implements them. */
export function createWebHostHandlers(options: WebHostOptions): HostHandlers {
  const recent = new RecentStore(options.home);
  const captureMissing = (): AppError =>
    new AppError('notFound', 'Capturing from AWS is not available in this browser session. Run `trace-explorer capture` in a terminal, then open the snapshot it writes.');
  return {
    getAppInfo: async () => ({
      name: 'Trace Explorer',
      version: APP_VERSION,
      host: 'web',
      demoAvailable: await fileExists(options.demoPath),
      canCapture: options.capture !== undefined,
      canSaveNotes: true,
    }),
    openSnapshot: async (request) => {
      if ('files' in request) {
        const total = request.files.reduce((sum, file) => sum + file.bytes.byteLength, 0);
        if (total > MAX_OPEN_BYTES) throw new AppError('invalidInput', 'The files are larger than one open may read. Open fewer files at once.');
        return { files: request.files.map((file) => ({ name: basename(file.name), bytes: file.bytes })) };
      }
      const { files, bytes } = await readFiles(request.paths);
      await recent.add(
        files.map((file) => file.path ?? file.name),
        bytes,
      ).catch(() => undefined);
      return { files };
    },
    openDemo: async () => {
      if (!(await fileExists(options.demoPath))) {
        throw new AppError('notFound', 'The demo incident is not installed (resources/demo-incident.json.gz is missing). Generate it with `npm run demo`, or open a file instead.');
      }
      const { files } = await readFiles([options.demoPath]);
      return { files: files.map((file) => ({ name: file.name, bytes: file.bytes })) };
    },
    listRecent: () => recent.list(),
    saveNotes: async (request) => {
      const path = resolve(request.path);
      await saveNotesIntoSnapshot(path, request.notes);
      return { path, savedAt: new Date().toISOString() };
    },
    startCapture: async (request) => {
      if (!options.capture) throw captureMissing();
      return options.capture.start(request, options.emit ?? (() => undefined));
    },
    cancelCapture: async (request) => {
      if (!options.capture) throw captureMissing();
      return options.capture.cancel(request.captureId);
    },
  };
}

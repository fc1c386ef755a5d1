import type { Stats } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError, type AppErrorKind } from '../../shared/base/errors.ts';
import { describeFsError, fsErrorKind, fsErrorText, notARegularFile } from '../files/fs-errors.ts';
import { APP_VERSION } from '../../shared/base/version.ts';
import { captureEstimateSchema, captureProgressSchema, captureSetupSchema, notAvailable, signInAnswerSchema, signInProgressSchema, type CaptureProgress, type HostHandlers, type OpenedFile, type SignInProgress } from '../../shared/contract/host/index.ts';
import { FileGrants, type Grant } from '../files/file-grants.ts';
import { recentLabel, RecentStore } from '../files/recent-files.ts';
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
  /** Receives how pending sign-ins end, to pass on to the renderer. */
  readonly emitSignIn?: (event: SignInProgress) => void;
}

/** The contract's handlers, and the registry of granted files they share with the HTTP side. */
export interface WebHost {
  readonly handlers: HostHandlers;
  readonly grants: FileGrants;
  /** The recent list the handlers keep (the desktop app's menu reads and clears it). */
  readonly recent: RecentStore;
  /** The demo's handle, when it is installed. */
  readonly demoHandle: string | undefined;
}

/** What advice the host adds to a file-system error of each kind, for a file the user opened. */
const OPEN_ADVICE: Partial<Record<AppErrorKind, string>> = {
  notFound: ' It may have been moved or deleted; open it from its new place.',
  auth: " Check the file's permissions.",
};

/** A file-system error while opening `path`, as the AppError the page shows (it names the file). */
export function openFileError(path: string, error: unknown): AppError {
  const kind = fsErrorKind(error);
  const known = fsErrorText(error);
  return new AppError(kind, known ? `${path}: ${known}.${OPEN_ADVICE[kind] ?? ''}` : `${path} cannot be read: ${describeFsError(error)}`, path);
}

/** Refuses what is not a regular file, naming the file (which the user chose) and what it is. */
export function checkRegularFile(path: string, info: Stats): void {
  const what = notARegularFile(info);
  if (what === undefined) return;
  const advice = info.isDirectory() ? 'open the files inside it' : 'open a snapshot or a file of X-Ray or CloudTrail data';
  throw new AppError('invalidInput', `${path} is ${what}, not a file; ${advice}.`, path);
}

/** The size of each granted file, checked to be a regular file; errors name the file (which the user chose). */
async function statGranted(grants: readonly Grant[]): Promise<number[]> {
  const sizes: number[] = [];
  for (const { path } of grants) {
    try {
      const info = await stat(path);
      checkRegularFile(path, info);
      sizes.push(info.size);
    } catch (error) {
      throw error instanceof AppError ? error : openFileError(path, error);
    }
  }
  return sizes;
}

/** Reads granted regular files, with one size limit over all of them; errors name the file (which the user chose). */
async function readGranted(grants: readonly Grant[]): Promise<{ files: OpenedFile[]; bytes: number }> {
  const sizes = await statGranted(grants);
  const files: OpenedFile[] = [];
  let total = 0;
  for (const [i, { path, handle }] of grants.entries()) {
    total += sizes[i]!;
    if (total > MAX_OPEN_BYTES) throw new AppError('invalidInput', `The files are larger than the ${MAX_OPEN_BYTES / 2 ** 30} GiB one open may read. Open fewer files at once.`, path);
    try {
      files.push({ handle, name: basename(path), bytes: new Uint8Array(await readFile(path)) });
    } catch (error) {
      throw openFileError(path, error);
    }
  }
  return { files, bytes: total };
}

/** A capture service's answer as the contract has it; anything else is the host's fault, said without the values. */
function checkAnswer<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } } }, value: unknown, channel: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');
  throw new AppError('internal', `The capture service answered ${channel} with what the page may not get (${where}).`);
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The contract's handlers as the local web host implements them. The page names no path: it opens
 * handles granted here (the recent list's, the demo's, the CLI's FILE, a capture's output), saves
 * notes only into a snapshot it opened alone, and captures into the host's captures folder.
 */
export async function createWebHost(options: WebHostOptions): Promise<WebHost> {
  const grants = new FileGrants();
  const recent = new RecentStore(options.home);
  /** Grants what the recent list holds; the page may open only those and what it was given. */
  const grantRecent = async () => {
    const entries = await recent.list();
    return entries.map((entry) => ({ ...entry, handles: entry.files.map((file) => grants.grant(file.path, 'recent', file.handle)) }));
  };
  await grantRecent();
  const demoHandle = (await fileExists(options.demoPath)) ? grants.grant(options.demoPath, 'demo') : undefined;
  const captureMissing = (): AppError =>
    new AppError('notFound', 'Capturing from AWS is not available in this browser session. Run `trace-explorer capture` in a terminal, then open the snapshot it writes.');
  const emit = (event: CaptureProgress): void => {
    // Only the contract's fields go to the page, whatever a plugged-in service adds.
    const checked = captureProgressSchema.safeParse(event);
    if (checked.success) options.emit?.(checked.data);
  };

  const requireDemo = async (): Promise<string> => {
    if (demoHandle === undefined || !(await fileExists(options.demoPath))) {
      throw new AppError('notFound', 'The demo incident is not installed (resources/demo-incident.json.gz is missing). Generate it with `npm run demo`, or open a file instead.');
    }
    return demoHandle;
  };
  /** What opening files does besides reading them: notes may go into one opened alone; the group goes into the recent list. */
  const opened = async (handles: readonly string[], asked: readonly Grant[], bytes: number): Promise<void> => {
    grants.noteOpened(handles);
    const remembered = asked.filter((grant) => grant.kind !== 'demo');
    if (remembered.length === asked.length) {
      const entry = await recent.add(remembered.map(({ handle, path }) => ({ handle, path })), bytes).catch(() => undefined);
      // A path another host listed first keeps its handle there; this session knows both.
      for (const file of entry?.files ?? []) grants.grant(file.path, 'recent', file.handle);
    }
  };

  const handlers: HostHandlers = {
    getAppInfo: async () => ({
      name: 'Trace Explorer',
      version: APP_VERSION,
      host: 'web',
      demoAvailable: await fileExists(options.demoPath),
      canCapture: options.capture !== undefined,
      canSaveNotes: true,
    }),
    openSnapshot: async (request) => {
      const handles = [...new Set(request.handles)];
      const asked = handles.map((handle) => grants.require(handle));
      const { files, bytes } = await readGranted(asked);
      await opened(handles, asked, bytes);
      return { files };
    },
    streamFiles: async (request) => {
      // The bytes follow over GET /api/files/<handle> (serve-files.ts); the reader's own caps apply there.
      const handles = 'demo' in request ? [await requireDemo()] : [...new Set(request.handles)];
      const asked = handles.map((handle) => grants.require(handle));
      const sizes = await statGranted(asked);
      if (!('demo' in request)) await opened(handles, asked, sizes.reduce((sum, size) => sum + size, 0));
      return { files: asked.map(({ handle, path }, i) => ({ handle, name: basename(path), size: sizes[i]! })) };
    },
    openDemo: async () => {
      const { files } = await readGranted([grants.require(await requireDemo())]);
      return { files };
    },
    pickFiles: async () => {
      throw notAvailable('Choosing files through the host', 'In a browser, use "Open files…" or drop the files on the page: the browser reads them itself, and they never go through the host.');
    },
    listRecent: async () => ({
      entries: (await grantRecent()).map((entry) => ({
        files: entry.handles.map((handle) => grants.describe(handle)),
        label: recentLabel(entry.files.map((file) => file.path)),
        openedAt: entry.openedAt,
        bytes: entry.bytes,
      })),
    }),
    saveNotes: async (request) => {
      const grant = grants.require(request.handle);
      const name = basename(grant.path);
      if (grant.kind === 'demo') {
        throw new AppError('invalidInput', 'The demo incident is read-only, so its notes cannot be saved. Import it into a snapshot of your own (`trace-explorer import`), open that, and add the notes there.', name);
      }
      if (!grants.wasOpenedAlone(request.handle)) {
        throw new AppError('invalidInput', `Notes are saved into the snapshot they were written on, and ${name} has not been opened on its own here. Open it, then save its notes.`, name);
      }
      await saveNotesIntoSnapshot(grant.path, request.notes);
      return { handle: request.handle, savedAt: new Date().toISOString() };
    },
    startCapture: async (request) => {
      if (!options.capture) throw captureMissing();
      const started = await options.capture.start(request, emit);
      return { captureId: started.captureId, file: grants.describe(grants.grant(started.outputPath, 'capture')) };
    },
    cancelCapture: async (request) => {
      if (!options.capture) throw captureMissing();
      return options.capture.cancel(request.captureId);
    },
    // The answers are checked against the contract here, before they leave: names and states
    // only, whatever a plugged-in service returns (a strict schema refuses any other field).
    getCaptureSetup: async () => {
      if (!options.capture?.setup) throw captureMissing();
      return checkAnswer(captureSetupSchema, await options.capture.setup(), 'getCaptureSetup');
    },
    estimateCapture: async (request) => {
      if (!options.capture?.estimate) throw captureMissing();
      return checkAnswer(captureEstimateSchema, await options.capture.estimate(request), 'estimateCapture');
    },
    signIn: async (request) => {
      if (!options.capture?.signIn) throw captureMissing();
      const emitSignIn = (event: SignInProgress): void => {
        const checked = signInProgressSchema.safeParse(event);
        if (checked.success) options.emitSignIn?.(checked.data);
      };
      return checkAnswer(signInAnswerSchema, await options.capture.signIn(request.profile, emitSignIn), 'signIn');
    },
  };
  return { handlers, grants, recent, demoHandle };
}

import { AppError } from '../../shared/base/errors.ts';
import { MAX_FILES_PER_OPEN, type HostHandlers } from '../../shared/contract/host/index.ts';
import type { WebHost } from '../host/serve-handlers.ts';

/** What the handlers use of Electron's dialog module. */
export interface DialogLike {
  showOpenDialog(options: {
    readonly title: string;
    readonly properties: ('openFile' | 'multiSelections')[];
    readonly filters: { readonly name: string; readonly extensions: string[] }[];
  }): Promise<{ readonly canceled: boolean; readonly filePaths: string[] }>;
}

/** The dialog's filters: snapshots first, then the raw inputs the import reads (docs/inputs.md). */
export const OPEN_FILTERS = [
  { name: 'Trace Explorer snapshots', extensions: ['tesnap', 'gz', 'json'] },
  { name: 'X-Ray, CloudTrail and log files', extensions: ['json', 'jsonl', 'ndjson', 'gz', 'txt', 'log'] },
  { name: 'All files', extensions: ['*'] },
];

/**
 * The contract's handlers in the desktop app: the web host's (same grants, recent list, notes and
 * capture), with what only a desktop host has — its own file dialog, whose choice is granted
 * here so the page gets handles, never paths; `host: 'desktop'` in the app info; and `onOpened`
 * told the paths of each open (the OS's recent documents, the File menu's Open Recent).
 */
export function desktopHandlers(web: WebHost, dialog: DialogLike, onOpened: (paths: readonly string[]) => void = () => undefined): HostHandlers {
  /** The paths behind handles the page opened (the demo is not a document of the user's). */
  const opened = (handles: readonly string[]): void => {
    const paths = handles.flatMap((handle) => {
      const grant = web.grants.lookup(handle);
      return grant && grant.kind !== 'demo' ? [grant.path] : [];
    });
    if (paths.length > 0) onOpened(paths);
  };
  return {
    ...web.handlers,
    openSnapshot: async (request) => {
      const answer = await web.handlers.openSnapshot(request);
      opened(request.handles);
      return answer;
    },
    streamFiles: async (request) => {
      const answer = await web.handlers.streamFiles(request);
      opened(answer.files.map((file) => file.handle));
      return answer;
    },
    getAppInfo: async (request) => ({ ...(await web.handlers.getAppInfo(request)), host: 'desktop' }),
    pickFiles: async (request) => {
      const chosen = await dialog.showOpenDialog({
        title: 'Open an incident',
        properties: request.multiple === false ? ['openFile'] : ['openFile', 'multiSelections'],
        filters: OPEN_FILTERS,
      });
      if (chosen.canceled) return { files: [] };
      if (chosen.filePaths.length > MAX_FILES_PER_OPEN) {
        throw new AppError('invalidInput', `${chosen.filePaths.length} files were chosen; one open takes at most ${MAX_FILES_PER_OPEN}. Choose fewer, or import them into one snapshot first (trace-explorer import).`);
      }
      return { files: chosen.filePaths.map((path) => web.grants.describe(web.grants.grant(path, 'chosen'))) };
    },
  };
}

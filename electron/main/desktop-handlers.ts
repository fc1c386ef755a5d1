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
 * capture), with the two things only a desktop host has — its own file dialog, whose choice is
 * granted here so the page gets handles, never paths — and `host: 'desktop'` in the app info.
 */
export function desktopHandlers(web: WebHost, dialog: DialogLike): HostHandlers {
  return {
    ...web.handlers,
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

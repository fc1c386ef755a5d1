import type { MenuCommand } from '../../shared/contract/host/index.ts';

/** A menu item as the main process builds it: the part of Electron's MenuItemConstructorOptions used here. */
export interface MenuItem {
  readonly label?: string;
  readonly role?: string;
  readonly type?: 'separator' | 'submenu' | 'normal';
  readonly accelerator?: string;
  readonly enabled?: boolean;
  readonly submenu?: readonly MenuItem[];
  readonly click?: () => void;
}

/** The views the View menu shows, in the tabs' order, with their keys (CmdOrCtrl+1…). */
export const MENU_VIEWS: readonly { readonly view: string; readonly label: string }[] = [
  { view: 'timeline', label: 'Timeline' },
  { view: 'map', label: 'Service Map' },
  { view: 'traces', label: 'Traces' },
  { view: 'changes', label: 'Changes' },
  { view: 'compare', label: 'Compare' },
];

export interface MenuContext {
  readonly appName: string;
  readonly isMac: boolean;
  /** Developer tools only in a build that is not packaged. */
  readonly isPackaged: boolean;
  /** The recent list's entries, newest first (label for people, and what reopens it). */
  readonly recent: readonly { readonly label: string; readonly open: () => void }[];
  readonly openFiles: () => void;
  readonly clearRecent: () => void;
  /** Sends a command to the focused window (ignored when none is). */
  readonly command: (command: MenuCommand) => void;
}

/**
 * The application menu (File, Edit, View, Window, Help; the app menu first on macOS), built from
 * data so a test can read it: opening files and the recent list are the main process's own work
 * (one window per snapshot); choosing a view or the shortcuts is a command to the focused window.
 */
export function menuTemplate(context: MenuContext): MenuItem[] {
  const separator: MenuItem = { type: 'separator' };
  const recent: MenuItem[] = context.recent.length
    ? [...context.recent.map((entry) => ({ label: entry.label, click: entry.open })), separator, { label: 'Clear Recent', click: context.clearRecent }]
    : [{ label: 'No recent incidents', enabled: false }];
  const file: MenuItem = {
    label: 'File',
    submenu: [
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: context.openFiles },
      { label: 'Open Recent', submenu: recent },
      separator,
      // The Capture view of the focused window (its dialog, progress and the snapshot it opens).
      { label: 'Capture from AWS…', click: () => context.command({ kind: 'view', view: 'capture' }) },
      separator,
      { role: context.isMac ? 'close' : 'quit' },
    ],
  };
  const view: MenuItem = {
    label: 'View',
    submenu: [
      ...MENU_VIEWS.map(({ view: name, label }, index) => ({ label, accelerator: `CmdOrCtrl+${index + 1}`, click: () => context.command({ kind: 'view', view: name }) })),
      separator,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
      ...(context.isPackaged ? [] : [separator, { role: 'toggleDevTools' }]),
    ],
  };
  const help: MenuItem = {
    role: 'help',
    label: 'Help',
    submenu: [{ label: 'Keyboard Shortcuts (?)', click: () => context.command({ kind: 'shortcuts' }) }, ...(context.isMac ? [] : [separator, { role: 'about', label: `About ${context.appName}` }])],
  };
  const appMenu: MenuItem[] = context.isMac ? [{ label: context.appName, submenu: [{ role: 'about' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }] }] : [];
  return [...appMenu, file, { role: 'editMenu' }, view, { role: 'windowMenu' }, help];
}

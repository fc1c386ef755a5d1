import { launchHash, type MenuCommand, type OpenSource } from '../../shared/contract/host/index.ts';
import { ipcEventChannel } from '../../shared/contract/host/index.ts';
import type { WebHost } from '../host/serve-handlers.ts';
import { appRequestHandler, APP_SCHEME_PRIVILEGES } from './app-protocol.ts';
import { desktopHandlers, OPEN_FILTERS, type DialogLike } from './desktop-handlers.ts';
import { registerHostIpc, type IpcMainLike } from './host-ipc.ts';
import { menuTemplate, type MenuItem } from './menu.ts';
import { APP_ORIGIN, APP_SCHEME, hardenContents, hardenSession, windowWebPreferences, type HardenableContents, type HardenableSession } from './security.ts';
import { placeFor, WindowStateStore, type Rect, type WindowState } from './window-state.ts';

/** A window as the app uses it. */
export interface WindowLike {
  readonly webContents: HardenableContents & { send(channel: string, payload: unknown): void };
  loadURL(url: string): Promise<void>;
  focus(): void;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  show(): void;
  maximize(): void;
  isMaximized(): boolean;
  /** The window's size and place when not maximized. */
  getNormalBounds(): Rect;
}

/**
 * The Electron APIs the main process uses, as one object: index.ts builds it from the real
 * `electron` module, and test/support/fake-electron.ts is a small fake of it, so the main process
 * is proved without the Electron binary.
 */
export interface ElectronLike {
  readonly app: {
    readonly name: string;
    readonly isPackaged: boolean;
    requestSingleInstanceLock(): boolean;
    quit(): void;
    whenReady(): Promise<unknown>;
    addRecentDocument(path: string): void;
    clearRecentDocuments(): void;
    on(event: 'second-instance', listener: (event: unknown, argv: string[], workingDirectory: string) => void): unknown;
    on(event: 'window-all-closed', listener: () => void): unknown;
    on(event: 'web-contents-created', listener: (event: unknown, contents: HardenableContents) => void): unknown;
    on(event: 'open-file', listener: (event: { preventDefault(): void }, path: string) => void): unknown;
  };
  readonly protocol: {
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
    handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
  };
  readonly session: { readonly defaultSession: HardenableSession };
  readonly ipcMain: IpcMainLike;
  readonly shell: { openExternal(url: string): Promise<void> };
  readonly dialog: DialogLike;
  createWindow(options: { readonly x?: number; readonly y?: number; readonly width: number; readonly height: number; readonly minWidth: number; readonly minHeight: number; readonly show: boolean; readonly backgroundColor: string; readonly title: string; readonly webPreferences: ReturnType<typeof windowWebPreferences> }): WindowLike;
  /** The displays' work areas (screen.getAllDisplays()), to open a remembered place only where it is still reachable. */
  displays(): Rect[];
  focusedWindow(): WindowLike | undefined;
  setApplicationMenu(template: MenuItem[]): void;
}

export interface DesktopOptions {
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  /** The bundled preload (CommonJS). */
  readonly preload: string;
  /** The contract's handlers and the grants, recent list and demo they share (electron/host). */
  readonly web: WebHost;
  /** Files named on the command line of this launch. */
  readonly files: readonly string[];
  readonly platform: NodeJS.Platform;
  /** The app home (window-state.json beside the recent list). */
  readonly home: string;
}

/** The files a launch's argv names (after the executable and, unpackaged, the app's path): what is not a switch. */
export function filesOfArgv(argv: readonly string[], skip: number): string[] {
  return argv.slice(skip).filter((arg) => arg !== '' && !arg.startsWith('-'));
}

/**
 * The main process: one instance (a second launch hands its files to this one, which opens each
 * in a window of its own), the app's scheme serving the renderer and the granted files, the
 * session and every webContents hardened before any page loads, the contract's IPC handlers, the
 * application menu, and one window per snapshot. Nothing heavy runs here: the snapshot is read in
 * the renderer's worker.
 */
export function startDesktopApp(electron: ElectronLike, options: DesktopOptions): { readonly ready: Promise<void> } {
  const { app } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve() };
  }
  const { web } = options;
  electron.protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME_PRIVILEGES.scheme, privileges: { ...APP_SCHEME_PRIVILEGES.privileges } }]);
  const windows: WindowLike[] = [];
  const openExternal = (url: string): void => void electron.shell.openExternal(url).catch(() => undefined);
  // Every webContents the app ever makes, before it loads anything.
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, openExternal));

  const states = new WindowStateStore(options.home);
  let remembered: WindowState | undefined;
  const openWindow = (source: OpenSource | undefined): WindowLike => {
    const place = placeFor(remembered, windows.length, electron.displays());
    const window = electron.createWindow({ ...place, minWidth: 640, minHeight: 400, show: false, backgroundColor: '#111418', title: 'Trace Explorer', webPreferences: windowWebPreferences(options.preload) });
    window.once('ready-to-show', () => {
      if (remembered?.maximized && windows.length === 1) window.maximize();
      window.show();
    });
    // The last window closed leaves its size and place for the next launch.
    window.on('close', () => {
      remembered = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
      void states.save(remembered).catch(() => undefined);
    });
    windows.push(window);
    void window.loadURL(`${APP_ORIGIN}/index.html${source ? launchHash(source) : '#/start'}`);
    return window;
  };
  const sourceOf = (paths: readonly string[]): OpenSource | undefined =>
    paths.length > 0 ? { kind: 'files', handles: paths.map((path) => web.grants.grant(path, 'chosen')) } : undefined;
  const command = (menuCommand: MenuCommand): void => electron.focusedWindow()?.webContents.send(ipcEventChannel('menuCommand'), menuCommand);

  const refreshMenu = async (): Promise<void> => {
    const answer = await web.handlers.listRecent({}).catch(() => ({ entries: [] }));
    electron.setApplicationMenu(
      menuTemplate({
        appName: 'Trace Explorer',
        isMac: options.platform === 'darwin',
        isPackaged: app.isPackaged,
        recent: answer.entries.map((entry) => ({ label: entry.label, open: () => openWindow({ kind: 'files', handles: entry.files.map((file) => file.handle) }) })),
        openFiles: () => void openChosen(),
        clearRecent: () => void web.recent.clear().then(() => {
          app.clearRecentDocuments();
          return refreshMenu();
        }),
        command,
      }),
    );
  };
  const openChosen = async (): Promise<void> => {
    const chosen = await electron.dialog.showOpenDialog({ title: 'Open an incident', properties: ['openFile', 'multiSelections'], filters: OPEN_FILTERS });
    if (!chosen.canceled && chosen.filePaths.length > 0) openWindow(sourceOf(chosen.filePaths));
  };
  const handlers = desktopHandlers(web, electron.dialog, (paths) => {
    for (const path of paths) app.addRecentDocument(path);
    void refreshMenu();
  });

  let ready = false;
  const pending: string[] = [];
  app.on('second-instance', (_event, argv) => {
    const files = filesOfArgv(argv, 1);
    if (files.length > 0) openWindow(sourceOf(files));
    else windows.at(-1)?.focus();
  });
  // macOS: a double-clicked snapshot arrives as an event, possibly before the app is ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (ready) openWindow(sourceOf([path]));
    else pending.push(path);
  });
  app.on('window-all-closed', () => {
    if (options.platform !== 'darwin') app.quit();
  });

  const whenReady = app.whenReady().then(async () => {
    remembered = await states.load();
    hardenSession(electron.session.defaultSession);
    electron.protocol.handle(APP_SCHEME, appRequestHandler(options.rendererDir, web.grants));
    registerHostIpc(electron.ipcMain, handlers);
    ready = true;
    const files = [...options.files, ...pending.splice(0)];
    const demo: OpenSource | undefined = web.demoHandle ? { kind: 'demo' } : undefined;
    openWindow(sourceOf(files) ?? demo);
    await refreshMenu();
  });
  return { ready: whenReady };
}

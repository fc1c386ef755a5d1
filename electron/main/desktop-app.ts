import { launchHash, type HostHandlers, type OpenSource } from '../../shared/contract/host/index.ts';
import type { FileGrants } from '../files/file-grants.ts';
import { appRequestHandler, APP_SCHEME_PRIVILEGES } from './app-protocol.ts';
import { registerHostIpc, type IpcMainLike } from './host-ipc.ts';
import { APP_ORIGIN, APP_SCHEME, hardenContents, hardenSession, windowWebPreferences, type HardenableContents, type HardenableSession } from './security.ts';

/** A window as the app uses it. */
export interface WindowLike {
  readonly webContents: HardenableContents & { send(channel: string, payload: unknown): void };
  loadURL(url: string): Promise<void>;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
}

/**
 * The Electron APIs the main process uses, as one object: the real `electron` module satisfies it
 * (index.ts passes it), and test/support/fake-electron.ts is a small fake of it, so the main
 * process is proved without the Electron binary.
 */
export interface ElectronLike {
  readonly app: {
    requestSingleInstanceLock(): boolean;
    quit(): void;
    whenReady(): Promise<unknown>;
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
  createWindow(options: { readonly width: number; readonly height: number; readonly show: boolean; readonly backgroundColor: string; readonly title: string; readonly webPreferences: ReturnType<typeof windowWebPreferences> }): WindowLike;
}

export interface DesktopOptions {
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  /** The bundled preload (CommonJS). */
  readonly preload: string;
  readonly handlers: HostHandlers;
  readonly grants: FileGrants;
  /** Files named on the command line of this launch. */
  readonly files: readonly string[];
  /** The demo's handle when no file is named (the first launch shows something). */
  readonly demoHandle?: string | undefined;
}

/** The files a launch's argv names (after the executable and, unpackaged, the app's path): what is not a switch. */
export function filesOfArgv(argv: readonly string[], skip: number): string[] {
  return argv.slice(skip).filter((arg) => arg !== '' && !arg.startsWith('-'));
}

/**
 * The main process: one instance (a second launch hands its files to this one, which opens each
 * in a window of its own), the app's scheme serving the renderer and the granted files, the
 * session and every webContents hardened before any page loads, the contract's IPC handlers, and
 * one window per snapshot. Nothing heavy runs here: the snapshot is read in the renderer's worker.
 */
export function startDesktopApp(electron: ElectronLike, options: DesktopOptions): { readonly ready: Promise<void> } {
  const { app } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve() };
  }
  electron.protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME_PRIVILEGES.scheme, privileges: { ...APP_SCHEME_PRIVILEGES.privileges } }]);
  const windows: WindowLike[] = [];
  const openExternal = (url: string): void => void electron.shell.openExternal(url).catch(() => undefined);
  // Every webContents the app ever makes, before it loads anything.
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, openExternal));

  const openWindow = (source: OpenSource | undefined): WindowLike => {
    const window = electron.createWindow({ width: 1440, height: 900, show: false, backgroundColor: '#111418', title: 'Trace Explorer', webPreferences: windowWebPreferences(options.preload) });
    window.once('ready-to-show', () => window.show());
    windows.push(window);
    void window.loadURL(`${APP_ORIGIN}/index.html${source ? launchHash(source) : '#/start'}`);
    return window;
  };
  const sourceOf = (paths: readonly string[]): OpenSource | undefined =>
    paths.length > 0 ? { kind: 'files', handles: paths.map((path) => options.grants.grant(path, 'chosen')) } : undefined;

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
  app.on('window-all-closed', () => app.quit());

  const whenReady = app.whenReady().then(() => {
    hardenSession(electron.session.defaultSession);
    electron.protocol.handle(APP_SCHEME, appRequestHandler(options.rendererDir, options.grants));
    registerHostIpc(electron.ipcMain, options.handlers);
    ready = true;
    const files = [...options.files, ...pending.splice(0)];
    const demo: OpenSource | undefined = options.demoHandle ? { kind: 'demo' } : undefined;
    openWindow(sourceOf(files) ?? demo);
  });
  return { ready: whenReady };
}

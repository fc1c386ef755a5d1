import type { ElectronLike, WindowLike } from '../../electron/main/desktop-app.ts';
import type { MenuItem } from '../../electron/main/menu.ts';
import type { IpcSender } from '../../electron/main/host-ipc.ts';
import type { PreventableEvent } from '../../electron/main/security.ts';

type Listener = (...args: never[]) => unknown;

/** Records listeners by event name and lets a test emit them. */
class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
  }
}

export class FakeContents extends Emitter {
  windowOpenHandler: ((details: { url: string; disposition: string }) => { action: string }) | undefined;
  readonly sent: [string, unknown][] = [];
  setWindowOpenHandler(handler: (details: { url: string; disposition: string }) => { action: 'deny' } | { action: 'allow' }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  /** Emits a navigation event; true when a listener prevented it. */
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', url: string): boolean {
    let prevented = false;
    const details: PreventableEvent & { url: string } = { url, preventDefault: () => (prevented = true) };
    this.emit(event, details);
    return prevented;
  }
}

export class FakeWindow extends Emitter implements WindowLike {
  readonly webContents = new FakeContents();
  readonly loaded: string[] = [];
  shown = false;
  focused = 0;
  maximized = false;
  /** Where the user moved it (its options' place until then). */
  bounds: { x: number; y: number; width: number; height: number };
  constructor(readonly options: Parameters<ElectronLike['createWindow']>[0]) {
    super();
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width, height: options.height };
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds() {
    return this.bounds;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
  focus(): void {
    this.focused++;
  }
  show(): void {
    this.shown = true;
  }
}

export type IpcHandler = (event: IpcSender, payload: unknown) => Promise<unknown>;

/**
 * A small fake of the Electron APIs the main process uses (electron/main/desktop-app.ts
 * ElectronLike): it records what the app registers — windows and their options, IPC handlers, the
 * protocol handler, the session's handlers — so a test can drive them as Electron would.
 */
export class FakeElectron implements ElectronLike {
  readonly windows: FakeWindow[] = [];
  readonly ipcHandlers = new Map<string, IpcHandler>();
  readonly protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  readonly privileged: { scheme: string; privileges: Record<string, boolean> }[] = [];
  readonly opened: string[] = [];
  /** The last application menu set, and the recent documents the OS was told of. */
  menu: MenuItem[] = [];
  readonly recentDocuments: string[] = [];
  /** What the next open dialog answers. */
  dialogAnswer: { canceled: boolean; filePaths: string[] } = { canceled: true, filePaths: [] };
  focused: FakeWindow | undefined;
  quitCalls = 0;
  private resolveReady: (() => void) | undefined;
  private readonly readyPromise = new Promise<void>((resolve) => (this.resolveReady = resolve));
  permissionRequest: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  permissionCheck: ((contents: unknown, permission: string) => boolean) | undefined;
  beforeRequest: ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void) | undefined;
  private readonly appEmitter = new Emitter();

  constructor(private readonly lock = true) {}

  readonly app = {
    name: 'Trace Explorer',
    isPackaged: false,
    addRecentDocument: (path: string) => void this.recentDocuments.push(path),
    clearRecentDocuments: () => void this.recentDocuments.splice(0),
    requestSingleInstanceLock: () => this.lock,
    quit: () => void this.quitCalls++,
    whenReady: () => this.readyPromise,
    on: (event: string, listener: Listener) => this.appEmitter.on(event, listener),
  } as unknown as ElectronLike['app'];

  readonly protocol = {
    registerSchemesAsPrivileged: (schemes: { scheme: string; privileges: Record<string, boolean> }[]) => void this.privileged.push(...schemes),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void this.protocolHandlers.set(scheme, handler),
  };

  readonly session = {
    defaultSession: {
      setPermissionRequestHandler: (handler: NonNullable<FakeElectron['permissionRequest']>) => void (this.permissionRequest = handler),
      setPermissionCheckHandler: (handler: NonNullable<FakeElectron['permissionCheck']>) => void (this.permissionCheck = handler),
      webRequest: { onBeforeRequest: (handler: NonNullable<FakeElectron['beforeRequest']>) => void (this.beforeRequest = handler) },
    },
  };

  readonly ipcMain = { handle: (channel: string, listener: IpcHandler) => void this.ipcHandlers.set(channel, listener) };
  readonly shell = { openExternal: async (url: string) => void this.opened.push(url) };
  readonly dialog = { showOpenDialog: async () => this.dialogAnswer };

  /** The displays' work areas: one 1920 × 1080 screen unless a test says otherwise. */
  screens = [{ x: 0, y: 0, width: 1920, height: 1050 }];
  displays() {
    return this.screens;
  }

  focusedWindow(): FakeWindow | undefined {
    return this.focused;
  }

  setApplicationMenu(template: MenuItem[]): void {
    this.menu = template;
  }

  /** The menu item at `labels` (File › Open…), or undefined. */
  menuItem(...labels: string[]): MenuItem | undefined {
    let items: readonly MenuItem[] | undefined = this.menu;
    let found: MenuItem | undefined;
    for (const label of labels) {
      found = items?.find((item) => item.label === label);
      items = found?.submenu;
    }
    return found;
  }

  createWindow(options: Parameters<ElectronLike['createWindow']>[0]): FakeWindow {
    const window = new FakeWindow(options);
    this.windows.push(window);
    // Electron reports every new webContents to the app before its page loads.
    this.appEmitter.emit('web-contents-created', {}, window.webContents);
    return window;
  }

  /** Makes the app ready (whenReady resolves). */
  ready(): void {
    this.resolveReady?.();
  }

  emitApp(event: string, ...args: unknown[]): void {
    this.appEmitter.emit(event, ...args);
  }
}

/**
 * The Electron security checklist, as code the main process applies to every window and to the
 * session (../shared/docs/architecture.md "Electron security"). Each rule is a plain function over
 * the few Electron objects it touches, typed structurally below, so a small fake of those objects
 * proves it in a unit test (no Electron binary runs on the build machines).
 */

/** The app's own scheme: the renderer, its worker and the granted files' bytes come from it, nothing from the network. */
export const APP_SCHEME = 'trace-explorer';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The web preferences of every window: sandboxed, isolated, no Node, no remote content. */
export function windowWebPreferences(preload: string) {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    // A middle click opens a link like window.open; the app's pages need neither.
    disableBlinkFeatures: 'Auxclick',
  } as const;
}

/** Whether `url` is a page or resource of the app itself (same scheme and host). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Links the app hands to the operating system: https only, no credentials in them. */
export function isExternalLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

export interface PreventableEvent {
  preventDefault(): void;
}

/** What hardenContents uses of a webContents. */
export interface HardenableContents {
  setWindowOpenHandler(handler: (details: { readonly url: string; readonly disposition: string }) => { action: 'deny' } | { action: 'allow' }): void;
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: PreventableEvent & { readonly url: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

/**
 * Every webContents: no navigation away from the app (a dropped file or a link would otherwise
 * replace it), no webview, and no new window — a link the user clicked that opens a new window
 * (`target=_blank`, the only way the pages open one) goes to the default browser when it is https,
 * else nowhere. Scripts cannot open windows: Chromium reports their window.open as disposition
 * `new-window` or `foreground-tab` too, so the app's pages never call it (no such call exists in
 * renderer/), and whatever asks is denied inside the app.
 */
export function hardenContents(contents: HardenableContents, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) openExternal(url);
    return { action: 'deny' };
  });
  const stayInApp = (event: PreventableEvent & { readonly url: string }): void => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-frame-navigate', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** What hardenSession uses of a session. */
export interface HardenableSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler?(handler: () => boolean): void;
  readonly webRequest: {
    onBeforeRequest(handler: (details: { readonly url: string }, callback: (response: { cancel: boolean }) => void) => void): void;
  };
}

/** Schemes a page may load from besides the app's own: inline data and blobs it made itself (worker bytes, images). */
const LOCAL_SCHEMES = new Set([`${APP_SCHEME}:`, 'data:', 'blob:', 'devtools:']);

/**
 * The session: every permission denied (camera, notifications, clipboard reads, HID…: the app
 * needs none), and every request outside the app's own scheme cancelled — the app has no remote
 * content, so a request to the network is a bug or an injected page, and is refused before it leaves.
 */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    let scheme = '';
    try {
      scheme = new URL(details.url).protocol;
    } catch {
      // unparsable: refused below
    }
    callback({ cancel: !LOCAL_SCHEMES.has(scheme) });
  });
}

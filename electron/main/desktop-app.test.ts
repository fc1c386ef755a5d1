import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, decodeSource, hostApiFromTransport } from '../../shared/contract/host/index.ts';
import { FakeElectron } from '../../test/support/fake-electron.ts';
import { fixturePath } from '../../test/support/fixtures.ts';
import { createWebHost, type WebHost } from '../host/serve-handlers.ts';
import { CONTENT_SECURITY_POLICY } from '../host/serve-static.ts';
import { filesOfArgv, startDesktopApp } from './desktop-app.ts';
import { APP_ORIGIN, APP_SCHEME } from './security.ts';

/**
 * The main process driven through a fake of the Electron APIs it uses (test/support/fake-electron.ts):
 * what it registers before and after `ready`, the windows it opens and their options, and the
 * IPC and scheme handlers answering as the renderer would call them.
 */

let dir: string;
let web: WebHost;
const BATCH = fixturePath('aws-cli-examples/batch-get-traces_output.json');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'desktop-app-'));
  await mkdir(join(dir, 'renderer'));
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>app</title>');
  web = await createWebHost({ demoPath: join(dir, 'no-demo.json.gz'), home: join(dir, 'home') });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function start(electron: FakeElectron, files: string[] = []) {
  electron.dialogAnswer = { canceled: false, filePaths: [BATCH] };
  return startDesktopApp(electron, { rendererDir: join(dir, 'renderer'), preload: '/app/preload.cjs', web, files, platform: 'linux', home: join(dir, 'home') });
}

/** The source a window's URL opens. */
function sourceOf(url: string) {
  const hash = new URL(url).hash;
  return decodeSource(new URLSearchParams(hash.split('?')[1] ?? '').getAll('src'));
}

describe('the desktop main process', () => {
  it('registers the privileged scheme before ready and serves nothing until then', async () => {
    const electron = new FakeElectron();
    const { ready } = start(electron);
    expect(electron.privileged).toEqual([expect.objectContaining({ scheme: APP_SCHEME, privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true, stream: true, bypassCSP: false }) })]);
    expect(electron.windows).toHaveLength(0);
    expect(electron.ipcHandlers.size).toBe(0);
    electron.ready();
    await ready;
    expect([...electron.ipcHandlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(electron.protocolHandlers.has(APP_SCHEME)).toBe(true);
    expect(electron.permissionRequest).toBeDefined();
  });

  it('opens a hardened window on the app scheme, showing it only once ready to show', async () => {
    const electron = new FakeElectron();
    const { ready } = start(electron);
    electron.ready();
    await ready;
    const [window] = electron.windows;
    expect(window!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false, preload: '/app/preload.cjs' });
    expect(window!.loaded[0]!.startsWith(`${APP_ORIGIN}/index.html#/start`)).toBe(true);
    expect(window!.shown).toBe(false);
    window!.emit('ready-to-show');
    expect(window!.shown).toBe(true);
    // Hardened through web-contents-created, before its page loaded.
    expect(window!.webContents.windowOpenHandler).toBeDefined();
    expect(window!.webContents.navigate('will-navigate', 'https://example.com/')).toBe(true);
  });

  it('opens the files of the command line by handle, never by path', async () => {
    const electron = new FakeElectron();
    const { ready } = start(electron, [BATCH]);
    electron.ready();
    await ready;
    const url = electron.windows[0]!.loaded[0]!;
    expect(url).not.toContain('batch-get-traces');
    const source = sourceOf(url);
    expect(source?.kind).toBe('files');
    const handle = source?.kind === 'files' ? source.handles[0]! : '';
    expect(web.grants.lookup(handle)?.path).toBe(BATCH);
  });

  it('quits when another instance holds the lock, and hands a second launch its own window', async () => {
    const second = new FakeElectron(false);
    start(second);
    expect(second.quitCalls).toBe(1);
    expect(second.privileged).toHaveLength(0);

    const electron = new FakeElectron();
    const { ready } = start(electron);
    electron.ready();
    await ready;
    electron.emitApp('second-instance', {}, ['/usr/bin/trace-explorer', '--flag', BATCH], '/');
    expect(electron.windows).toHaveLength(2);
    expect(sourceOf(electron.windows[1]!.loaded[0]!)?.kind).toBe('files');
    electron.emitApp('second-instance', {}, ['/usr/bin/trace-explorer'], '/');
    expect(electron.windows).toHaveLength(2);
    expect(electron.windows[1]!.focused).toBe(1);
  });

  it('keeps a file the OS hands over before ready (macOS open-file) and opens it then', async () => {
    const electron = new FakeElectron();
    const { ready } = start(electron);
    let prevented = false;
    electron.emitApp('open-file', { preventDefault: () => (prevented = true) }, BATCH);
    expect(prevented).toBe(true);
    electron.ready();
    await ready;
    expect(sourceOf(electron.windows[0]!.loaded[0]!)?.kind).toBe('files');
  });

  it('answers the contract over IPC from an app frame, and refuses other senders', async () => {
    const electron = new FakeElectron();
    const { ready } = start(electron);
    electron.ready();
    await ready;
    const fromApp = { senderFrame: { url: `${APP_ORIGIN}/index.html#/start`, parent: null } };
    const api = hostApiFromTransport({ invoke: (channel, request) => electron.ipcHandlers.get(channel)!(fromApp, request), subscribe: () => () => undefined });
    const info = await api.getAppInfo();
    expect(info).toMatchObject({ ok: true, value: { host: 'desktop', name: 'Trace Explorer' } });
    const picked = await api.pickFiles({});
    expect(picked.ok && picked.value.files[0]!.name).toBe('batch-get-traces_output.json');

    const handler = electron.ipcHandlers.get('getAppInfo')!;
    for (const sender of [{ senderFrame: { url: 'https://evil.example/', parent: null } }, { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: {} } }, { senderFrame: null }]) {
      expect(await handler(sender, {})).toMatchObject({ ok: false, error: { kind: 'auth' } });
    }
    // The contract's schema refuses a bad payload before any handler runs.
    expect(await electron.ipcHandlers.get('openSnapshot')!(fromApp, { paths: ['/etc/passwd'] })).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
  });

  it('serves the renderer and granted files on its scheme with the strict CSP, and nothing else', async () => {
    const electron = new FakeElectron();
    const { ready } = start(electron);
    electron.ready();
    await ready;
    const handler = electron.protocolHandlers.get(APP_SCHEME)!;
    const page = await handler(new Request(`${APP_ORIGIN}/`));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<title>app</title>');

    expect((await handler(new Request(`${APP_ORIGIN}/..%2F..%2Fetc%2Fpasswd`))).status).toBe(404);
    expect((await handler(new Request(`${APP_SCHEME}://elsewhere/index.html`))).status).toBe(404);
    expect((await handler(new Request(`${APP_ORIGIN}/index.html`, { method: 'POST', body: 'x' }))).status).toBe(405);

    const handle = web.grants.grant(BATCH, 'chosen');
    const file = await handler(new Request(`${APP_ORIGIN}/api/files/${handle}`));
    const bytes = new Uint8Array(await file.arrayBuffer());
    const { readFile } = await import('node:fs/promises');
    expect(bytes).toEqual(new Uint8Array(await readFile(BATCH)));
    expect(file.headers.get('content-length')).toBe(String(bytes.length));
    const unknown = await handler(new Request(`${APP_ORIGIN}/api/files/AAAAAAAAAAAAAAAAAAAAAA`));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).not.toContain('/');
  });
});

describe('the application menu', () => {
  it('opens chosen files in a window of their own, and lists each open in Open Recent and the OS', async () => {
    const electron = new FakeElectron();
    const { ready } = start(electron);
    electron.ready();
    await ready;
    expect(electron.menuItem('File', 'Open Recent', 'No recent incidents')?.enabled).toBe(false);
    electron.menuItem('File', 'Open…')!.click!();
    await vi.waitFor(() => expect(electron.windows).toHaveLength(2));
    expect(sourceOf(electron.windows[1]!.loaded[0]!)?.kind).toBe('files');

    // The window streams what it opens: that open is what the recent lists record.
    const fromApp = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };
    const source = sourceOf(electron.windows[1]!.loaded[0]!);
    const handles = source?.kind === 'files' ? source.handles : [];
    expect(await electron.ipcHandlers.get('streamFiles')!(fromApp, { handles })).toMatchObject({ ok: true });
    expect(electron.recentDocuments).toEqual([BATCH]);
    await vi.waitFor(() => expect(electron.menuItem('File', 'Open Recent', 'batch-get-traces_output.json')).toBeDefined());
    electron.menuItem('File', 'Open Recent', 'batch-get-traces_output.json')!.click!();
    expect(electron.windows).toHaveLength(3);
    expect(sourceOf(electron.windows[2]!.loaded[0]!)).toEqual(source);

    electron.menuItem('File', 'Open Recent', 'Clear Recent')!.click!();
    await vi.waitFor(() => expect(electron.menuItem('File', 'Open Recent', 'No recent incidents')).toBeDefined());
    expect(electron.recentDocuments).toEqual([]);
    // The demo is no document of the user's: opening it is not recorded.
    await electron.ipcHandlers.get('streamFiles')!(fromApp, { demo: true });
    expect(electron.recentDocuments).toEqual([]);
  });

  it('sends view and shortcut commands to the focused window only', async () => {
    const electron = new FakeElectron();
    const { ready } = start(electron);
    electron.ready();
    await ready;
    electron.menuItem('View', 'Traces')!.click!();
    expect(electron.windows[0]!.webContents.sent).toEqual([]);
    electron.focused = electron.windows[0];
    const view = electron.menuItem('View', 'Traces')!;
    expect(view.accelerator).toBe('CmdOrCtrl+3');
    view.click!();
    electron.menuItem('Help', 'Keyboard Shortcuts (?)')!.click!();
    expect(electron.windows[0]!.webContents.sent).toEqual([
      ['event:menuCommand', { kind: 'view', view: 'traces' }],
      ['event:menuCommand', { kind: 'shortcuts' }],
    ]);
    // Not packaged: the developer tools are in the View menu.
    expect(electron.menuItem('View')!.submenu!.some((item) => item.role === 'toggleDevTools')).toBe(true);
  });
});

describe('filesOfArgv', () => {
  it('keeps what is not a switch after the skipped entries', () => {
    expect(filesOfArgv(['electron', '.', '--inspect', 'a.json.gz', '', 'b.json'], 2)).toEqual(['a.json.gz', 'b.json']);
    expect(filesOfArgv(['/opt/Trace Explorer/trace-explorer', 'x.json.gz'], 1)).toEqual(['x.json.gz']);
  });
});

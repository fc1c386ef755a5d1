/**
 * The Electron main process's entry (bundled to dist/electron/main.cjs by electron/main/build.ts):
 * the composition root. It only wires the real `electron` module into startDesktopApp; every rule
 * lives in the modules it calls, which the unit tests prove against a fake of these APIs.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { appHomeDir } from '../files/recent-files.ts';
import { createWebHost } from '../host/serve-handlers.ts';
import { createCaptureService } from '../capture/capture-service.ts';
import { ipcEventChannel, type EventName } from '../../shared/contract/host/index.ts';
import { filesOfArgv, startDesktopApp, type ElectronLike } from './desktop-app.ts';

const root = join(__dirname, '..', '..');
// The checklist's critical flags are forced again where the window is made, whatever the options
// say (they come from security.ts windowWebPreferences, which desktop-app.test.ts proves), so the
// Electronegativity scan in npm test sees them at the construction site too.
const createWindow: ElectronLike['createWindow'] = (options) =>
  new BrowserWindow({ ...options, webPreferences: { ...options.webPreferences, contextIsolation: true, sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' } });
const electron: ElectronLike = {
  app,
  protocol,
  session,
  ipcMain,
  shell,
  dialog,
  createWindow,
  focusedWindow: () => BrowserWindow.getFocusedWindow() ?? undefined,
  displays: () => screen.getAllDisplays().map((display) => display.workArea),
  // The template is data (menu.ts) made of Electron's own option names.
  setApplicationMenu: (template) => Menu.setApplicationMenu(Menu.buildFromTemplate(template as MenuItemConstructorOptions[])),
};

/** A host event to every window (each window's page filters a capture's events by its id). */
const toWindows = (event: EventName) => (payload: unknown): void => {
  for (const window of BrowserWindow.getAllWindows()) window.webContents.send(ipcEventChannel(event), payload);
};

async function main(): Promise<void> {
  // Capture from AWS runs here, in the main process, as the web host runs it in its own: the SDK
  // and the credentials stay on this side; captures go to <app home>/captures.
  const capture = createCaptureService({ outputDir: join(appHomeDir(), 'captures') });
  app.on('before-quit', () => void capture.close());
  const web = await createWebHost({ demoPath: join(root, 'resources', 'demo-incident.json.gz'), home: appHomeDir(), capture, emit: toWindows('captureProgress'), emitSignIn: toWindows('signInProgress') });
  const { ready } = startDesktopApp(electron, {
    rendererDir: join(root, 'dist', 'renderer'),
    preload: join(__dirname, 'preload.cjs'),
    web,
    // Packaged, argv is [app, ...files]; run by `electron .`, [electron, ., ...files].
    files: filesOfArgv(process.argv, app.isPackaged ? 1 : 2),
    platform: process.platform,
    home: appHomeDir(),
  });
  await ready;
}

main().catch((error: unknown) => {
  dialog.showErrorBox('Trace Explorer could not start', error instanceof Error ? error.message : String(error));
  app.quit();
});

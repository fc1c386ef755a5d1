import { describe, expect, it } from 'vitest';
import { menuTemplate, type MenuContext } from './menu.ts';

const context = (overrides: Partial<MenuContext> = {}): MenuContext => ({
  appName: 'Trace Explorer',
  isMac: false,
  isPackaged: true,
  recent: [],
  openFiles: () => undefined,
  clearRecent: () => undefined,
  command: () => undefined,
  ...overrides,
});

describe('menuTemplate', () => {
  it('has File, Edit, View, Window and Help, with the app menu first on macOS only', () => {
    const labels = (template: ReturnType<typeof menuTemplate>) => template.map((item) => item.label ?? item.role);
    expect(labels(menuTemplate(context()))).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'Help']);
    const mac = menuTemplate(context({ isMac: true }));
    expect(labels(mac)).toEqual(['Trace Explorer', 'File', 'editMenu', 'View', 'windowMenu', 'Help']);
    // macOS closes the window from File and quits from the app menu; elsewhere File quits.
    expect(mac[1]!.submenu!.at(-1)!.role).toBe('close');
    expect(menuTemplate(context())[0]!.submenu!.at(-1)!.role).toBe('quit');
  });

  it('shows the Capture view of the focused window from File, Capture from AWS…', () => {
    const sent: unknown[] = [];
    const file = menuTemplate(context({ command: (command) => sent.push(command) }))[0]!.submenu!;
    const capture = file.find((item) => item.label === 'Capture from AWS…');
    (capture?.click as () => void)();
    expect(sent).toEqual([{ kind: 'view', view: 'capture' }]);
  });

  it('gives each view its key in tab order, zoom and full screen, and no developer tools when packaged', () => {
    const view = menuTemplate(context())[2]!.submenu!;
    expect(view.filter((item) => item.accelerator).map((item) => [item.label, item.accelerator])).toEqual([
      ['Timeline', 'CmdOrCtrl+1'],
      ['Service Map', 'CmdOrCtrl+2'],
      ['Traces', 'CmdOrCtrl+3'],
      ['Changes', 'CmdOrCtrl+4'],
      ['Compare', 'CmdOrCtrl+5'],
    ]);
    expect(view.map((item) => item.role).filter(Boolean)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });
});

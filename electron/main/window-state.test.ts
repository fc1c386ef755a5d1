import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeElectron } from '../../test/support/fake-electron.ts';
import { createWebHost } from '../host/serve-handlers.ts';
import { startDesktopApp } from './desktop-app.ts';
import { CASCADE, DEFAULT_SIZE, isReachable, placeFor, WindowStateStore } from './window-state.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'window-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SCREEN = [{ x: 0, y: 0, width: 1920, height: 1050 }];

describe('WindowStateStore', () => {
  it('keeps the last size and place, and reads a missing or damaged file as none', async () => {
    const store = new WindowStateStore(join(dir, 'home'));
    expect(await store.load()).toBeUndefined();
    await store.save({ bounds: { x: 40.4, y: 60, width: 1200, height: 700.6 }, maximized: true });
    expect(await store.load()).toEqual({ bounds: { x: 40, y: 60, width: 1200, height: 701 }, maximized: true });
    for (const text of ['{', '{"version":1,"bounds":{"x":0,"y":0,"width":10,"height":10},"maximized":false}', '{"version":2}']) {
      await writeFile(join(dir, 'home', 'window-state.json'), text);
      expect(await store.load()).toBeUndefined();
    }
  });
});

describe('placeFor', () => {
  it('opens the first window where the last one was and cascades the next ones', () => {
    const state = { bounds: { x: 100, y: 80, width: 1200, height: 800 }, maximized: false };
    expect(placeFor(undefined, 0, SCREEN)).toEqual(DEFAULT_SIZE);
    expect(placeFor(state, 0, SCREEN)).toEqual(state.bounds);
    expect(placeFor(state, 2, SCREEN)).toEqual({ ...state.bounds, x: 100 + 2 * CASCADE, y: 80 + 2 * CASCADE });
  });

  it('keeps only the size when the place is on no display any more', () => {
    const offscreen = { bounds: { x: 2500, y: 100, width: 1200, height: 800 }, maximized: false };
    expect(placeFor(offscreen, 0, SCREEN)).toEqual({ width: 1200, height: 800 });
    expect(isReachable({ x: 1850, y: 10, width: 800, height: 600 }, SCREEN)).toBe(false);
    expect(isReachable({ x: 1800, y: 10, width: 800, height: 600 }, SCREEN)).toBe(true);
    expect(isReachable({ x: 100, y: -40, width: 800, height: 600 }, SCREEN)).toBe(false);
  });
});

describe('the desktop app and the window state', () => {
  it("saves the closed window's place and opens the next launch there, maximized if it was", async () => {
    await mkdir(join(dir, 'renderer'));
    const web = await createWebHost({ demoPath: join(dir, 'none'), home: join(dir, 'home') });
    const options = { rendererDir: join(dir, 'renderer'), preload: '/p.cjs', web, files: [], platform: 'linux' as const, home: join(dir, 'home') };
    const first = new FakeElectron();
    const launched = startDesktopApp(first, options);
    first.ready();
    await launched.ready;
    const window = first.windows[0]!;
    expect(window.options).toMatchObject(DEFAULT_SIZE);
    window.bounds = { x: 300, y: 120, width: 1000, height: 700 };
    window.maximized = true;
    window.emit('close');
    await expect.poll(async () => JSON.parse(await readFile(join(dir, 'home', 'window-state.json'), 'utf8').catch(() => '{}')).bounds).toEqual(window.bounds);

    const second = new FakeElectron();
    const relaunched = startDesktopApp(second, options);
    second.ready();
    await relaunched.ready;
    expect(second.windows[0]!.options).toMatchObject({ x: 300, y: 120, width: 1000, height: 700 });
    second.windows[0]!.emit('ready-to-show');
    expect(second.windows[0]!.maximized).toBe(true);
  });
});

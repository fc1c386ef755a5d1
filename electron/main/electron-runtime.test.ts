import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronExecutable, missingRuntimeLine } from './electron-runtime.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'electron-runtime-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('electronExecutable', () => {
  it('is undefined without path.txt, or when the binary it names is missing (a skipped download)', async () => {
    expect(electronExecutable(dir, {})).toBeUndefined();
    await writeFile(join(dir, 'path.txt'), 'electron');
    expect(electronExecutable(dir, {})).toBeUndefined();
  });

  it('finds the binary under dist/, or under ELECTRON_OVERRIDE_DIST_PATH', async () => {
    await writeFile(join(dir, 'path.txt'), 'electron');
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', 'electron'), '');
    expect(electronExecutable(dir, {})).toBe(join(dir, 'dist', 'electron'));
    await mkdir(join(dir, 'custom'));
    expect(electronExecutable(dir, { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'custom') })).toBeUndefined();
    await writeFile(join(dir, 'custom', 'electron'), '');
    expect(electronExecutable(dir, { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'custom') })).toBe(join(dir, 'custom', 'electron'));
  });

  it('this checkout has no runtime (npm ci skips the download), and the line says so with the fix', () => {
    expect(electronExecutable()).toBeUndefined();
    const line = missingRuntimeLine();
    expect(line.trimEnd().split('\n')).toHaveLength(1);
    expect(line).toContain('node node_modules/electron/install.js');
  });
});

import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeOf, resolveStaticFile } from './serve-static.ts';

/** The built renderer's path checks, on a folder made here: what is served from inside it, and what is refused. */

let dir: string;
let root: string;

beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'serve-static-')));
  root = join(dir, 'static');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html>');
  await writeFile(join(root, 'assets', 'app.js'), '');
  await writeFile(join(root, 'a:b.js'), '');
  await writeFile(join(dir, 'outside.txt'), 'secret');
  await symlink(join(dir, 'outside.txt'), join(root, 'escape.txt'));
  await symlink(join(root, 'assets', 'app.js'), join(root, 'inside.js'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('static files of the built renderer', () => {
  it('serves index.html for the folder itself, and files by their path below it', async () => {
    for (const path of ['', '/', '//']) expect(await resolveStaticFile(root, path), JSON.stringify(path)).toBe(join(root, 'index.html'));
    expect(await resolveStaticFile(root, 'assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(await resolveStaticFile(root, 'assets//app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(await resolveStaticFile(root, 'inside.js')).toBe(join(root, 'assets', 'app.js'));
  });

  it('refuses . and .. even when they would stay inside, encoded slashes, NUL, colons, bad escapes, folders and links out', async () => {
    for (const path of ['assets/../index.html', './index.html', 'assets%2Fapp.js', 'assets%5Capp.js', 'index.html%00', 'a:b.js', 'a%3Ab.js', '%E0%A4%A', 'assets', 'escape.txt', 'missing.js']) {
      expect(await resolveStaticFile(root, path), path).toBeUndefined();
    }
  });

  it('names the content type by extension, whatever its case, and octet-stream otherwise', () => {
    expect(contentTypeOf('/x/INDEX.HTML')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/x/app.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/data.bin')).toBe('application/octet-stream');
    expect(contentTypeOf('/x/noextension')).toBe('application/octet-stream');
  });
});

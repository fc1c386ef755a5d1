import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECENT, RecentStore } from './recent-files.ts';

const HANDLE = /^[A-Za-z0-9_-]{22}$/;
let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'recent-files-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

const stored = async (): Promise<{ version: number; entries: { files: { handle: string; path: string }[] }[] }> => JSON.parse(await readFile(join(home, 'recent.json'), 'utf8'));

describe('the recent list', () => {
  it('is empty when missing or unreadable', async () => {
    expect(await new RecentStore(home).list()).toEqual([]);
    await writeFile(join(home, 'recent.json'), '{not json');
    expect(await new RecentStore(home).list()).toEqual([]);
  });

  it('keeps one handle per path across entries, newest first, the same set listed once', async () => {
    const store = new RecentStore(home);
    await store.add([{ handle: 'aaaaaaaaaaaaaaaaaaaaaa', path: '/data/a.json' }], 10, new Date('2026-01-01T00:00:00Z'));
    // Another session knows a.json by another handle: the listed one stays.
    await store.add([{ handle: 'bbbbbbbbbbbbbbbbbbbbbb', path: '/data/a.json' }, { handle: 'cccccccccccccccccccccc', path: '/data/c.json' }], 30, new Date('2026-01-02T00:00:00Z'));
    const again = await store.add([{ handle: 'dddddddddddddddddddddd', path: '/data/a.json' }], 11, new Date('2026-01-03T00:00:00Z'));
    expect(again.files).toEqual([{ handle: 'aaaaaaaaaaaaaaaaaaaaaa', path: '/data/a.json' }]);
    const { version, entries } = await stored();
    expect(version).toBe(2);
    expect(entries.map((entry) => entry.files)).toEqual([
      [{ handle: 'aaaaaaaaaaaaaaaaaaaaaa', path: '/data/a.json' }],
      [
        { handle: 'aaaaaaaaaaaaaaaaaaaaaa', path: '/data/a.json' },
        { handle: 'cccccccccccccccccccccc', path: '/data/c.json' },
      ],
    ]);
    expect((await stat(join(home, 'recent.json'))).mode & 0o777).toBe(0o600);
  });

  it(`keeps the ${MAX_RECENT} newest`, async () => {
    const store = new RecentStore(home);
    for (let i = 0; i < MAX_RECENT + 3; i++) await store.add([{ handle: `h${String(i).padStart(21, '0')}`, path: `/data/${i}.json` }], i);
    const entries = await store.list();
    expect(entries).toHaveLength(MAX_RECENT);
    expect(entries[0]?.files[0]?.path).toBe(`/data/${MAX_RECENT + 2}.json`);
  });

  it('gives a first-version list (paths only) handles once, and writes them back', async () => {
    const old = { entries: [{ paths: ['/data/a.json', '/data/b.json'], label: 'a.json + 1 more', openedAt: '2025-01-01T00:00:00.000Z', bytes: 5 }, { paths: ['/data/a.json'], label: 'a.json', openedAt: '2024-12-01T00:00:00.000Z', bytes: 2 }] };
    await writeFile(join(home, 'recent.json'), JSON.stringify(old));
    const first = await new RecentStore(home).list();
    const handles = first.flatMap((entry) => entry.files.map((file) => file.handle));
    expect(handles.every((handle) => HANDLE.test(handle))).toBe(true);
    // The same path has the same handle in both entries; another path has another.
    expect(first[1]?.files[0]?.handle).toBe(first[0]?.files[0]?.handle);
    expect(first[0]?.files[1]?.handle).not.toBe(first[0]?.files[0]?.handle);
    expect(await new RecentStore(home).list()).toEqual(first);
    expect((await stored()).version).toBe(2);
  });

  it('drops an entry that does not parse, not the whole list', async () => {
    const list = {
      version: 2,
      entries: [
        { files: [{ handle: '/etc/passwd', path: '/etc/passwd' }], openedAt: '2025-01-01T00:00:00.000Z', bytes: 1 },
        { files: [{ handle: 'kkkkkkkkkkkkkkkkkkkkkk', path: '/data/k.json' }], openedAt: '2025-01-01T00:00:00.000Z', bytes: 1 },
        'nonsense',
      ],
    };
    await writeFile(join(home, 'recent.json'), JSON.stringify(list));
    expect((await new RecentStore(home).list()).map((entry) => entry.files)).toEqual([[{ handle: 'kkkkkkkkkkkkkkkkkkkkkk', path: '/data/k.json' }]]);
  });
});

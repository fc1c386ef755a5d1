import { mkdtemp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/support/fixtures.ts';
import { apiHeaders, hostApiOver, launchHandles, rawRequest, writeRecentList } from '../../test/support/host-requests.ts';
import { decodeFrame, encodeFrame, EVENTS_PATH, fileBytesPath, type HostApi } from '../../shared/contract/host/index.ts';
import { openInputs } from '../../shared/incident/open-inputs.ts';
import { startServer, type RunningServer } from './serve.ts';
import { readSnapshotFile, writeSnapshotFile } from '../files/snapshot-file.ts';

const BATCH = fixturePath('aws-cli-examples/batch-get-traces_output.json');
const LOOKUP = fixturePath('aws-cli-examples/lookup-events_output.json');
/** Handles as a host writes them into the recent list (16 bytes, base64url). */
const RECENT_BATCH = 'recentBatchHandle00000';
const RECENT_LOOKUP = 'recentLookupHandle0000';
const RECENT_GONE = 'recentGoneHandle000000';

let dir: string;
let server: RunningServer;
let api: HostApi;
let snapshotPath: string;
let snapshotHandle: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-test-'));
  await mkdir(join(dir, 'static', 'assets'), { recursive: true });
  await writeFile(join(dir, 'static', 'index.html'), '<!doctype html><html><head><script type="module" src="./assets/app.js"></script><link rel="stylesheet" href="./assets/app.css"></head><body></body></html>');
  await writeFile(join(dir, 'static', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'secret');
  // The user opened the two CLI examples together before, and a file that has since been deleted.
  await writeRecentList(join(dir, 'home'), [
    [
      { handle: RECENT_BATCH, path: BATCH },
      { handle: RECENT_LOOKUP, path: LOOKUP },
    ],
    [{ handle: RECENT_GONE, path: join(dir, 'gone.json') }],
  ]);
  // `serve FILE` on a snapshot made from the CLI example.
  snapshotPath = join(dir, 'incident.json.gz');
  const { content } = await openInputs([{ name: 'batch.json', bytes: new Uint8Array(await readFile(BATCH)) }]);
  await writeSnapshotFile(snapshotPath, content);
  server = await startServer({ staticDir: join(dir, 'static'), demoPath: join(dir, 'no-demo.json.gz'), home: join(dir, 'home'), file: snapshotPath });
  [snapshotHandle = ''] = launchHandles(server.url);
  api = hostApiOver(server);
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('local web host', () => {
  it('listens on 127.0.0.1 and gives a URL with a long random token, and a handle (not a path) for its FILE', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
    expect(server.url).toBe(`${server.origin}/?token=${server.token}#/map?src=file%3A${snapshotHandle}`);
    expect(snapshotHandle).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(server.url).not.toContain('incident');
  });

  it('serves the page only with the token, with a strict CSP, and moves assets under the token', async () => {
    expect((await rawRequest(server, '/')).status).toBe(403);
    expect((await rawRequest(server, '/?token=0000')).status).toBe(403);
    const page = await rawRequest(server, `/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(page.body.toString()).toContain(`src="/t/${server.token}/assets/app.js"`);
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    const asset = await rawRequest(server, `/t/${server.token}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect((await rawRequest(server, '/assets/app.js')).status).toBe(404);
    expect((await rawRequest(server, `/t/${'f'.repeat(64)}/assets/app.js`)).status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding) on the page and its assets', async () => {
    for (const path of ['/', `/?token=${server.token}`, `/t/${server.token}/assets/app.js`]) {
      expect((await rawRequest(server, path, { headers: { host: 'evil.example:80' } })).status).toBe(403);
    }
    const { port } = new URL(server.origin);
    expect((await rawRequest(server, `/?token=${server.token}`, { headers: { host: `localhost:${port}` } })).status).toBe(200);
  });

  // Each request below is answered 200 with the right Host and carries the token, so only the Host check refuses it.
  it('refuses a foreign Host header on an API call, even with the token', async () => {
    const call = (host?: string) => rawRequest(server, '/api/getAppInfo', { method: 'POST', headers: apiHeaders(server, host ? { host } : {}), body: encodeFrame({}) });
    expect((await call()).status).toBe(200);
    const refused = await call('evil.example');
    expect(refused.status).toBe(403);
    expect(refused.body.toString()).toMatch(/wrong Host header/);
  });

  it('refuses a foreign Host header on the events stream, even with the token', async () => {
    expect((await rawRequest(server, EVENTS_PATH, { headers: apiHeaders(server), untilHeaders: true })).status).toBe(200);
    const refused = await rawRequest(server, EVENTS_PATH, { headers: apiHeaders(server, { host: 'evil.example:1234' }), untilHeaders: true });
    expect(refused.status).toBe(403);
  });

  it('refuses a foreign Host header on a granted file, even with the token', async () => {
    const fine = await rawRequest(server, fileBytesPath(snapshotHandle), { headers: apiHeaders(server) });
    expect(fine.status).toBe(200);
    const refused = await rawRequest(server, fileBytesPath(snapshotHandle), { headers: apiHeaders(server, { host: `rebind.example:${new URL(server.origin).port}` }) });
    expect(refused.status).toBe(403);
    expect(refused.body.toString()).toMatch(/wrong Host header/);
  });

  it('does not serve files outside the built renderer', async () => {
    for (const path of ['../secret.txt', '..%2fsecret.txt', '%2e%2e/secret.txt', 'assets/..%5c..%5csecret.txt']) {
      const response = await rawRequest(server, `/t/${server.token}/${path}`);
      expect([403, 404], path).toContain(response.status);
      expect(response.body.toString()).not.toContain('secret');
    }
  });

  it('requires the token header on API calls and refuses other origins and preflights', async () => {
    const frame = encodeFrame({});
    expect((await fetch(`${server.origin}/api/getAppInfo`, { method: 'POST', body: frame })).status).toBe(403);
    expect((await rawRequest(server, '/api/getAppInfo', { method: 'POST', headers: apiHeaders(server, { origin: 'http://evil.example' }), body: frame })).status).toBe(403);
    const preflight = await rawRequest(server, '/api/getAppInfo', { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const ok = await rawRequest(server, '/api/getAppInfo', { method: 'POST', headers: apiHeaders(server, { origin: server.origin }), body: frame });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers malformed bodies and unknown channels with errors as data', async () => {
    const garbage = decodeFrame(new Uint8Array((await rawRequest(server, '/api/getAppInfo', { method: 'POST', headers: apiHeaders(server), body: new Uint8Array([1, 2, 3]) })).body));
    expect(garbage).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    const unknown = decodeFrame(new Uint8Array((await rawRequest(server, '/api/__proto__', { method: 'POST', headers: apiHeaders(server), body: encodeFrame({}) })).body));
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'notFound' } });
  });

  it('tells the renderer about itself', async () => {
    const info = await api.getAppInfo();
    expect(info).toMatchObject({ ok: true, value: { host: 'web', demoAvailable: false, canCapture: false } });
  });

  it('lists recent files by name and folder with their handles, and opens an entry by its handles', async () => {
    const recent = await api.listRecent();
    if (!recent.ok) throw new Error(recent.error.message);
    expect(recent.value.entries.slice(0, 2).map((entry) => entry.files)).toEqual([
      [
        { handle: RECENT_BATCH, name: 'batch-get-traces_output.json', folder: dirname(BATCH) },
        { handle: RECENT_LOOKUP, name: 'lookup-events_output.json', folder: dirname(LOOKUP) },
      ],
      [{ handle: RECENT_GONE, name: 'gone.json', folder: dir }],
    ]);
    expect(recent.value.entries[0]?.label).toBe('batch-get-traces_output.json + 1 more');

    const opened = await api.openSnapshot({ handles: [RECENT_BATCH, RECENT_LOOKUP] });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.files.map((file) => [file.handle, file.name])).toEqual([
      [RECENT_BATCH, 'batch-get-traces_output.json'],
      [RECENT_LOOKUP, 'lookup-events_output.json'],
    ]);
    expect(Buffer.from(opened.value.files[0]?.bytes ?? []).equals(await readFile(BATCH))).toBe(true);
    expect(Buffer.from(opened.value.files[1]?.bytes ?? []).equals(await readFile(LOOKUP))).toBe(true);
    const stored = JSON.parse(await readFile(join(dir, 'home', 'recent.json'), 'utf8')) as { entries: { files: { handle: string }[] }[] };
    expect(stored.entries.map((entry) => entry.files.map((file) => file.handle))).toEqual([[RECENT_BATCH, RECENT_LOOKUP], [RECENT_GONE]]);
  });

  it('puts the launch FILE at the top of the recent list once opened, under the handle of its URL', async () => {
    const opened = await api.openSnapshot({ handles: [snapshotHandle] });
    expect(opened.ok && opened.value.files.map((file) => file.name)).toEqual(['incident.json.gz']);
    const recent = await api.listRecent();
    expect(recent.ok && recent.value.entries[0]?.files).toEqual([{ handle: snapshotHandle, name: 'incident.json.gz', folder: dir }]);
  });

  it('streamFiles: names and sizes of the files to stream (their bytes are GET /api/files/<handle>), the group in the recent list like openSnapshot', async () => {
    const streamed = await api.streamFiles({ handles: [RECENT_LOOKUP, RECENT_BATCH] });
    if (!streamed.ok) throw new Error(streamed.error.message);
    expect(streamed.value.files).toEqual([
      { handle: RECENT_LOOKUP, name: 'lookup-events_output.json', size: (await stat(LOOKUP)).size },
      { handle: RECENT_BATCH, name: 'batch-get-traces_output.json', size: (await stat(BATCH)).size },
    ]);
    const body = await rawRequest(server, fileBytesPath(RECENT_LOOKUP), { headers: apiHeaders(server) });
    expect(body.body.equals(await readFile(LOOKUP))).toBe(true);
    const recent = await api.listRecent();
    expect(recent.ok && recent.value.entries[0]?.files.map((file) => file.handle)).toEqual([RECENT_LOOKUP, RECENT_BATCH]);
    const missing = await api.streamFiles({ handles: [RECENT_GONE] });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'notFound', where: join(dir, 'gone.json') } });
    const demo = await api.streamFiles({ demo: true });
    expect(!demo.ok && demo.error.message).toMatch(/demo incident is not installed/);
    const unknown = await api.streamFiles({ handles: ['unknownHandle000000000'] });
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'notFound' } });
    expect(!unknown.ok && unknown.error.message).not.toContain('/');
  });

  it('says which recent file is missing, and that the demo is not installed', async () => {
    const missing = await api.openSnapshot({ handles: [RECENT_GONE] });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'notFound', where: join(dir, 'gone.json') } });
    expect(!missing.ok && missing.error.message).toMatch(/gone\.json: no such file/);
    const demo = await api.openDemo();
    expect(!demo.ok && demo.error.message).toMatch(/demo incident is not installed/);
  });

  it('has no file dialog in a browser, and says what to use instead', async () => {
    const picked = await api.pickFiles({ multiple: true });
    expect(picked).toMatchObject({ ok: false, error: { kind: 'notFound' } });
    expect(!picked.ok && picked.error.message).toMatch(/not available here.*"Open files…" or drop the files/);
  });

  it('saves notes into the snapshot opened from a handle, atomically, and nothing else of it changes', async () => {
    const before = await readSnapshotFile(snapshotPath);
    await api.openSnapshot({ handles: [snapshotHandle] });
    const notes = { summary: 'Deploy at 14:03 broke orders', bookmarks: [{ id: 'b1', target: { kind: 'trace' as const, ref: '1-abc' }, comment: 'slowest', createdAt: '2024-05-01T10:00:00.000Z' }] };
    const saved = await api.saveNotes({ handle: snapshotHandle, notes });
    expect(saved).toMatchObject({ ok: true, value: { handle: snapshotHandle } });
    const back = await readSnapshotFile(snapshotPath);
    expect(back.header.notes).toEqual(notes);
    expect(back.records).toEqual(before.records);
    // The writer's temporary file is gone (written beside the target, then renamed over it).
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses capture in a host without a capture service', async () => {
    const now = new Date().toISOString();
    const result = await api.startCapture({ regions: ['eu-west-1'], window: { start: now, end: now } });
    expect(!result.ok && result.error.message).toMatch(/trace-explorer capture/);
  });
});

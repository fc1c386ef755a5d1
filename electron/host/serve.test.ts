import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/support/fixtures.ts';
import { decodeFrame, encodeFrame, FRAME_CONTENT_TYPE, hostApiFromTransport, HTTP_TOKEN_HEADER, type HostApi } from '../../shared/contract/host/index.ts';
import { openInputs } from '../../shared/incident/open-inputs.ts';
import { startServer, type RunningServer } from './serve.ts';
import { readSnapshotFile, writeSnapshotFile } from '../files/snapshot-file.ts';

let dir: string;
let server: RunningServer;
let api: HostApi;

function raw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  const { port } = new URL(server.origin);
  return new Promise((done, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

async function post(channel: string, body: Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.origin}/api/${channel}`, { method: 'POST', body, headers: { [HTTP_TOKEN_HEADER]: server.token, 'content-type': FRAME_CONTENT_TYPE, ...headers } });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-test-'));
  await mkdir(join(dir, 'static', 'assets'), { recursive: true });
  await writeFile(join(dir, 'static', 'index.html'), '<!doctype html><html><head><script type="module" src="./assets/app.js"></script><link rel="stylesheet" href="./assets/app.css"></head><body></body></html>');
  await writeFile(join(dir, 'static', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'secret');
  server = await startServer({ staticDir: join(dir, 'static'), demoPath: join(dir, 'no-demo.json.gz'), home: join(dir, 'home') });
  api = hostApiFromTransport({
    invoke: async (channel, request) => decodeFrame(new Uint8Array(await (await post(channel, encodeFrame(request))).arrayBuffer())),
    subscribe: () => () => undefined,
  });
});

afterAll(async () => {
  await server.close();
});

describe('local web host', () => {
  it('listens on 127.0.0.1 and gives a URL with a long random token', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
    expect(server.url).toBe(`${server.origin}/?token=${server.token}`);
  });

  it('serves the page only with the token, with a strict CSP, and moves assets under the token', async () => {
    expect((await raw('/')).status).toBe(403);
    expect((await raw('/?token=0000')).status).toBe(403);
    const page = await raw(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(page.body.toString()).toContain(`src="/t/${server.token}/assets/app.js"`);
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    const asset = await raw(`/t/${server.token}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect((await raw('/assets/app.js')).status).toBe(404);
    expect((await raw(`/t/${'f'.repeat(64)}/assets/app.js`)).status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding) on every path', async () => {
    for (const path of ['/', `/?token=${server.token}`, `/t/${server.token}/assets/app.js`]) {
      expect((await raw(path, { host: 'evil.example:80' })).status).toBe(403);
    }
    const { port } = new URL(server.origin);
    expect((await raw(`/?token=${server.token}`, { host: `localhost:${port}` })).status).toBe(200);
  });

  it('does not serve files outside the built renderer', async () => {
    for (const path of ['../secret.txt', '..%2fsecret.txt', '%2e%2e/secret.txt', 'assets/..%5c..%5csecret.txt']) {
      const response = await raw(`/t/${server.token}/${path}`);
      expect([403, 404], path).toContain(response.status);
      expect(response.body.toString()).not.toContain('secret');
    }
  });

  it('requires the token header on API calls and refuses other origins and preflights', async () => {
    const frame = encodeFrame({});
    expect((await fetch(`${server.origin}/api/getAppInfo`, { method: 'POST', body: frame })).status).toBe(403);
    expect((await post('getAppInfo', frame, { origin: 'http://evil.example' })).status).toBe(403);
    const preflight = await raw('/api/getAppInfo', { origin: 'http://evil.example', 'access-control-request-method': 'POST' }, 'OPTIONS');
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const ok = await post('getAppInfo', frame, { origin: server.origin });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers malformed bodies and unknown channels with errors as data', async () => {
    const garbage = decodeFrame(new Uint8Array(await (await post('getAppInfo', new Uint8Array([1, 2, 3]) as Uint8Array<ArrayBuffer>)).arrayBuffer()));
    expect(garbage).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    const unknown = decodeFrame(new Uint8Array(await (await post('__proto__', encodeFrame({}))).arrayBuffer()));
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'notFound' } });
  });

  it('tells the renderer about itself', async () => {
    const info = await api.getAppInfo();
    expect(info).toMatchObject({ ok: true, value: { host: 'web', demoAvailable: false, canCapture: false } });
  });

  it('opens files by path as bytes and remembers them in the recent list', async () => {
    const paths = [fixturePath('aws-cli-examples/batch-get-traces_output.json'), fixturePath('aws-cli-examples/lookup-events_output.json')];
    const opened = await api.openSnapshot({ paths });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.files.map((file) => file.name)).toEqual(['batch-get-traces_output.json', 'lookup-events_output.json']);
    expect(Buffer.from(opened.value.files[0]?.bytes ?? []).equals(await readFile(paths[0] ?? ''))).toBe(true);
    const recent = await api.listRecent();
    expect(recent.ok && recent.value.entries[0]).toMatchObject({ paths, label: 'batch-get-traces_output.json + 1 more' });
    const stored = JSON.parse(await readFile(join(dir, 'home', 'recent.json'), 'utf8')) as { entries: unknown[] };
    expect(stored.entries).toHaveLength(1);
  });

  it('says which file is missing, and that the demo is not installed', async () => {
    const missing = await api.openSnapshot({ paths: [join(dir, 'gone.json')] });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'notFound', where: join(dir, 'gone.json') } });
    const demo = await api.openDemo();
    expect(!demo.ok && demo.error.message).toMatch(/demo incident is not installed/);
  });

  it('saves notes into a snapshot and refuses other files', async () => {
    const snapshotPath = join(dir, 'incident.json.gz');
    const { content } = await openInputs([{ name: 'batch.json', bytes: new Uint8Array(await readFile(fixturePath('aws-cli-examples/batch-get-traces_output.json'))) }]);
    await writeSnapshotFile(snapshotPath, content);
    const notes = { summary: 'Deploy at 14:03 broke orders', bookmarks: [{ id: 'b1', target: { kind: 'trace' as const, ref: '1-abc' }, comment: 'slowest', createdAt: '2024-05-01T10:00:00.000Z' }] };
    const saved = await api.saveNotes({ path: snapshotPath, notes });
    expect(saved.ok).toBe(true);
    const back = await readSnapshotFile(snapshotPath);
    expect(back.header.notes).toEqual(notes);
    expect(back.records).toEqual(content.records);
    const refused = await api.saveNotes({ path: fixturePath('aws-cli-examples/batch-get-traces_output.json'), notes });
    expect(!refused.ok && refused.error.message).toMatch(/is not one/);
    const missing = await api.saveNotes({ path: join(dir, 'gone.json.gz'), notes });
    expect(!missing.ok && missing.error.kind).toBe('notFound');
  });

  it('refuses capture in a host without a capture service', async () => {
    const now = new Date().toISOString();
    const result = await api.startCapture({ regions: ['eu-west-1'], window: { start: now, end: now } });
    expect(!result.ok && result.error.message).toMatch(/trace-explorer capture/);
  });
});

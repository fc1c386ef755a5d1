import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_NAME_HEADER, HTTP_TOKEN_HEADER } from '../../shared/contract/host/index.ts';
import { fixturePath } from '../../test/support/fixtures.ts';
import { startServer, type RunningServer } from './serve.ts';

let dir: string;
let server: RunningServer;
const demo = fixturePath('cloudtrail-processing-library/SerializerTestFileCompact.json.gz');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-files-'));
  await mkdir(join(dir, 'static'), { recursive: true });
  await writeFile(join(dir, 'static', 'index.html'), '<!doctype html><html><body></body></html>');
  server = await startServer({ staticDir: join(dir, 'static'), demoPath: demo, home: join(dir, 'home') });
});

afterAll(async () => {
  await server.close();
});

const get = (path: string, token: string | null = server.token): Promise<Response> => fetch(`${server.origin}${path}`, { headers: token !== null ? { [HTTP_TOKEN_HEADER]: token } : {} });

describe('local web host: files streamed to the page', () => {
  it('streams the demo with its size and name, to a request with the token only', async () => {
    expect((await get('/api/files/demo', null)).status).toBe(403);
    expect((await get('/api/files/demo', '00')).status).toBe(403);
    const response = await get('/api/files/demo');
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const expected = new Uint8Array(await readFile(demo));
    expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
    expect(response.headers.get('content-length')).toBe(String(expected.length));
    expect(decodeURIComponent(response.headers.get(FILE_NAME_HEADER) ?? '')).toBe('SerializerTestFileCompact.json.gz');
  });

  it('streams file i of the files opened together, and records the group in the recent list', async () => {
    const a = fixturePath('aws-cli-examples/batch-get-traces_output.json');
    const b = fixturePath('aws-cli-examples/lookup-events_output.json');
    const query = `path=${encodeURIComponent(a)}&path=${encodeURIComponent(b)}`;
    const second = await get(`/api/files/paths?${query}&index=1`);
    expect(await second.text()).toBe(await readFile(b, 'utf8'));
    const first = await get(`/api/files/paths?${query}&index=0`);
    expect(await first.text()).toBe(await readFile(a, 'utf8'));
    const recent = JSON.parse(await readFile(join(dir, 'home', 'recent.json'), 'utf8')) as { entries: { paths: string[] }[] };
    expect(recent.entries[0]?.paths).toEqual([a, b]);
  });

  it('says which file is missing or not a file, with a status the page can tell apart', async () => {
    const missing = await get(`/api/files/paths?path=${encodeURIComponent(join(dir, 'gone.json.gz'))}&index=0`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain(`${join(dir, 'gone.json.gz')}: no such file`);
    const folder = await get(`/api/files/paths?path=${encodeURIComponent(dir)}&index=0`);
    expect(folder.status).toBe(400);
    expect(await folder.text()).toContain('is a folder');
    expect((await get('/api/files/paths?index=0')).status).toBe(400);
    expect((await get(`/api/files/paths?path=${encodeURIComponent(demo)}&index=3`)).status).toBe(400);
    expect((await get('/api/files/other')).status).toBe(404);
  });
});

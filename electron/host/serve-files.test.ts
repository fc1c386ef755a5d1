import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/support/fixtures.ts';
import { apiHeaders, launchHandles, NEVER_GRANTED, rawRequest, writeRecentList } from '../../test/support/host-requests.ts';
import { fileBytesPath, HTTP_TOKEN_HEADER } from '../../shared/contract/host/index.ts';
import { startServer, type RunningServer } from './serve.ts';

const BATCH = fixturePath('aws-cli-examples/batch-get-traces_output.json');
const RANDOM_HANDLE = 'randomBytesHandle00000';
const SPARSE_HANDLE = 'sparseFileHandle000000';
const DELETED_HANDLE = 'deletedFileHandle00000';
const EMPTY_HANDLE = 'emptyFileHandle0000000';
const DEVICE_HANDLE = 'deviceFileHandle000000';
/** A sparse file this large costs no disk and shows whether the host holds the whole file in memory. */
const SPARSE_BYTES = 256 * 1024 * 1024;

let dir: string;
let server: RunningServer;
let launchHandle: string;
let randomPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-files-'));
  await mkdir(join(dir, 'static'));
  await writeFile(join(dir, 'static', 'index.html'), '<!doctype html>');
  randomPath = join(dir, 'random.bin');
  await writeFile(randomPath, randomBytes(5 * 1024 * 1024 + 17));
  const sparse = await open(join(dir, 'sparse.bin'), 'w');
  await sparse.truncate(SPARSE_BYTES);
  await sparse.close();
  await writeFile(join(dir, 'deleted.json'), '{}');
  await writeFile(join(dir, 'empty.json'), '');
  await writeRecentList(join(dir, 'home'), [
    [{ handle: RANDOM_HANDLE, path: randomPath }],
    [{ handle: SPARSE_HANDLE, path: join(dir, 'sparse.bin') }],
    [{ handle: DELETED_HANDLE, path: join(dir, 'deleted.json') }],
    [{ handle: EMPTY_HANDLE, path: join(dir, 'empty.json') }],
    [{ handle: DEVICE_HANDLE, path: '/dev/null' }],
  ]);
  server = await startServer({ staticDir: join(dir, 'static'), demoPath: join(dir, 'no-demo'), home: join(dir, 'home'), file: BATCH });
  [launchHandle = ''] = launchHandles(server.url);
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('GET /api/files/<handle>', () => {
  it('streams a granted file byte for byte with its Content-Length', async () => {
    for (const [handle, path] of [
      [launchHandle, BATCH],
      [RANDOM_HANDLE, randomPath],
    ] as const) {
      const expected = await readFile(path);
      const response = await fetch(`${server.origin}${fileBytesPath(handle)}`, { headers: { [HTTP_TOKEN_HEADER]: server.token } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(response.headers.get('content-length')).toBe(String(expected.byteLength));
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(Buffer.from(await response.arrayBuffer()).equals(expected)).toBe(true);
    }
    const head = await rawRequest(server, fileBytesPath(RANDOM_HANDLE), { method: 'HEAD', headers: apiHeaders(server) });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(5 * 1024 * 1024 + 17));
    expect(head.body.byteLength).toBe(0);
  });

  it('refuses an unknown handle with notFound as data, naming no path', async () => {
    for (const handle of [NEVER_GRANTED, 'not-a-handle', '%2Fetc%2Fpasswd']) {
      const answer = await rawRequest(server, fileBytesPath(handle), { headers: apiHeaders(server) });
      expect(answer.status, handle).toBe(404);
      const error = JSON.parse(answer.body.toString('utf8')) as { kind: string; message: string };
      expect(error.kind).toBe('notFound');
      expect(error.message).not.toMatch(/\//);
      expect(error.message).toBe('No file with this handle in this Trace Explorer session. Open it again with "Open files…", or from the recent list.');
    }
  });

  it('sends an empty file as an empty answer, and refuses what is not a regular file, naming it', async () => {
    const empty = await rawRequest(server, fileBytesPath(EMPTY_HANDLE), { headers: apiHeaders(server) });
    expect([empty.status, empty.headers['content-length'], empty.body.byteLength]).toEqual([200, '0', 0]);
    const device = await rawRequest(server, fileBytesPath(DEVICE_HANDLE), { headers: apiHeaders(server) });
    expect(device.status).toBe(400);
    expect(JSON.parse(device.body.toString('utf8'))).toMatchObject({ kind: 'invalidInput', message: '/dev/null is a character device, not a file; open a snapshot or a file of X-Ray or CloudTrail data.', where: '/dev/null' });
  });

  it('says which granted file is gone', async () => {
    await rm(join(dir, 'deleted.json'));
    const answer = await rawRequest(server, fileBytesPath(DELETED_HANDLE), { headers: apiHeaders(server) });
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body.toString('utf8'))).toMatchObject({ kind: 'notFound', message: expect.stringMatching(/deleted\.json: no such file/) });
  });

  it('refuses a request without the token, with a wrong one, from another origin, or with another method', async () => {
    const path = fileBytesPath(launchHandle);
    expect((await rawRequest(server, path)).status).toBe(403);
    expect((await rawRequest(server, path, { headers: { [HTTP_TOKEN_HEADER]: 'f'.repeat(64) } })).status).toBe(403);
    expect((await rawRequest(server, path, { headers: apiHeaders(server, { origin: 'http://evil.example' }) })).status).toBe(403);
    expect((await rawRequest(server, path, { method: 'POST', headers: apiHeaders(server) })).status).toBe(405);
    for (const refused of [await rawRequest(server, path), await rawRequest(server, path, { headers: apiHeaders(server, { origin: 'http://evil.example' }) })]) {
      expect(refused.body.toString('utf8')).not.toContain('Scorekeep');
    }
  });

  it('never holds the file in memory: 256 MiB read slowly, the host grows by far less', async () => {
    // The reader takes one chunk at a time and pauses between them, so a host that buffered would show it.
    const before = process.memoryUsage().rss;
    let peak = before;
    let received = 0;
    const { port } = new URL(server.origin);
    await new Promise<void>((done, fail) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: fileBytesPath(SPARSE_HANDLE), headers: { host: `127.0.0.1:${port}`, [HTTP_TOKEN_HEADER]: server.token } }, (res) => {
        expect(res.headers['content-length']).toBe(String(SPARSE_BYTES));
        let chunks = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (++chunks % 64 === 0) {
            peak = Math.max(peak, process.memoryUsage().rss);
            res.pause();
            setImmediate(() => res.resume());
          }
        });
        res.on('end', () => done());
        res.on('error', fail);
      });
      req.on('error', fail);
      req.end();
    });
    expect(received).toBe(SPARSE_BYTES);
    const grown = (peak - before) / 2 ** 20;
    console.log(`host+client RSS while streaming 256 MiB: +${grown.toFixed(0)} MiB`);
    // A host that buffered the file would grow by at least its 256 MiB; streaming measured +13 to +44 MiB (host and client).
    expect(grown).toBeLessThan(128);
  });
});

import { connect, createServer } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiHeaders, hostApiOver, launchHandles, rawRequest, writeRecentList } from '../../test/support/host-requests.ts';
import { encodeFrame } from '../../shared/contract/host/index.ts';
import { EVENTS_PATH, launchHash } from '../../shared/contract/host/index.ts';
import { startServer, type RunningServer, type ServeOptions } from './serve.ts';

/**
 * Starting and stopping the local web host, each server started inside its test (what a server
 * started in `beforeAll` does is outside every test for mutation testing): the launch URL with
 * and without the demo, a chosen port and one in use, a renderer that is not built, an internal
 * error, the body cap's refusal as sent, and close().
 */
let dir: string;
const running: RunningServer[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-start-'));
  await mkdir(join(dir, 'static'), { recursive: true });
  await writeFile(join(dir, 'static', 'index.html'), '<!doctype html>');
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
  await rm(dir, { recursive: true, force: true });
});

async function start(options: Partial<ServeOptions> = {}): Promise<RunningServer> {
  const server = await startServer({ staticDir: join(dir, 'static'), demoPath: join(dir, 'demo.json.gz'), home: join(dir, 'home'), ...options });
  running.push(server);
  return server;
}

/** A port that was free a moment ago (from listen(0)). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', () => done()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

describe('starting the local web host', () => {
  it('opens the demo when it is installed, and the start page when it is not or when told not to', async () => {
    const bare = await start();
    expect(bare.url).toBe(`${bare.origin}/?token=${bare.token}`);
    await writeFile(join(dir, 'demo.json.gz'), 'installed');
    const demo = await start();
    expect(demo.url).toBe(`${demo.origin}/?token=${demo.token}${launchHash({ kind: 'demo' })}`);
    const plain = await start({ openDemoByDefault: false });
    expect(plain.url).toBe(`${plain.origin}/?token=${plain.token}`);
  });

  it('listens on the port it is given, and says so when that port is taken', async () => {
    const port = await freePort();
    const first = await start({ port });
    expect(first.origin).toBe(`http://127.0.0.1:${port}`);
    await expect(start({ port })).rejects.toMatchObject({ kind: 'invalidInput', message: `Port ${port} is in use; choose another with --port, or leave it out for a free one.` });
  });

  it('refuses to start without a built renderer, naming the folder', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    await expect(start({ staticDir: empty })).rejects.toMatchObject({ kind: 'notFound', message: `The renderer is not built: ${empty} has no index.html. Build it with vite (renderer/vite.config.ts).` });
  });

  it('answers 500 with a generic message when serving fails, naming no path', async () => {
    const server = await start();
    await rm(join(dir, 'static', 'index.html'));
    const answer = await rawRequest(server, `/?token=${server.token}`);
    expect([answer.status, answer.headers['content-type'], answer.body.toString('utf8')]).toEqual([500, 'text/plain; charset=utf-8', 'Internal error in the Trace Explorer host; see its terminal.\n']);
  });

  it('refuses a body over the cap with 413, the whole reason, and a closed connection', async () => {
    const server = await start({ bodyLimits: { perRequest: 64, total: 256 } });
    const answer = await rawRequest(server, '/api/getAppInfo', { method: 'POST', headers: apiHeaders(server), body: new Uint8Array(100) });
    const reason = 'Request too large: the Trace Explorer host accepts at most 64 B per request (files are read by the host, never sent to it). Shorten the notes, or save them in parts.\n';
    expect([answer.status, answer.headers['content-type'], answer.headers['connection'], answer.headers['content-length'], answer.body.toString('utf8')]).toEqual([
      413,
      'text/plain; charset=utf-8',
      'close',
      String(Buffer.byteLength(reason)),
      reason,
    ]);
  });

  it('ends open event streams and stops listening when closed', async () => {
    const server = await start();
    let closing: Promise<void> | undefined;
    const ended = new Promise<string>((done, fail) => {
      void import('node:http').then(({ request }) => {
        const { port } = new URL(server.origin);
        const req = request({ host: '127.0.0.1', port, path: EVENTS_PATH, headers: { host: `127.0.0.1:${port}`, ...apiHeaders(server) } }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => {
            body += chunk.toString('utf8');
            // The stream is open (its first line came): now close the host.
            if (body === '\n') closing = server.close();
          });
          res.on('end', () => done(body));
        });
        req.on('error', fail);
        req.end();
      });
    });
    expect(await ended).toBe('\n');
    running.splice(running.indexOf(server), 1);
    await closing;
    // Nothing answers any more (refused, or the socket is hung up as closeAllConnections ends it).
    await expect(rawRequest(server, '/')).rejects.toThrow();
  });

  it('gives the CLI\'s FILE a handle in the launch URL, never its path', async () => {
    const server = await start({ file: join(dir, 'incident.json.gz') });
    const handles = launchHandles(server.url);
    expect(handles).toHaveLength(1);
    expect(handles[0]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(server.url).toBe(`${server.origin}/?token=${server.token}${launchHash({ kind: 'files', handles })}`);
  });

  it('reads the recent list from the home folder it is given', async () => {
    const home = join(dir, 'my-home');
    await writeRecentList(home, [[{ handle: 'recentStartHandle00000', path: join(dir, 'listed.json') }]]);
    const server = await start({ home });
    const recent = await hostApiOver(server).listRecent();
    if (!recent.ok) throw new Error(recent.error.message);
    expect(recent.value.entries.map((entry) => entry.files.map((file) => [file.handle, file.name]))).toEqual([[['recentStartHandle00000', 'listed.json']]]);
  });

  it('refuses an API call from another origin and takes one from its own', async () => {
    const server = await start();
    const call = (origin: string) => rawRequest(server, '/api/getAppInfo', { method: 'POST', headers: apiHeaders(server, { origin }), body: encodeFrame({}) });
    expect((await call('http://evil.example')).status).toBe(403);
    expect((await call(server.origin)).status).toBe(200);
  });

  it('listens on 127.0.0.1 only: not on the IPv6 loopback, not on any other interface', async () => {
    const server = await start();
    const port = Number(new URL(server.origin).port);
    const others = Object.values(networkInterfaces()).flatMap((list) => list ?? []).filter((entry) => !entry.internal).map((entry) => entry.address);
    for (const address of ['::1', ...others]) {
      const reached = await new Promise<boolean>((done) => {
        const socket = connect({ host: address, port }, () => {
          socket.destroy();
          done(true);
        });
        socket.on('error', () => done(false));
      });
      expect(reached, address).toBe(false);
    }
  });
});

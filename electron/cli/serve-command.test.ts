import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServeArgs, runServeCommand } from './serve-command.ts';

/** A port the system just handed out for listen(0) and that nothing holds now (a random pick can be taken). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('trace-explorer serve', () => {
  it('parses FILE and --port in any order', () => {
    expect(parseServeArgs([])).toEqual({});
    expect(parseServeArgs(['a.json', '--port', '8080'])).toEqual({ file: 'a.json', port: 8080 });
    expect(parseServeArgs(['--port=9000', 'b.json.gz'])).toEqual({ file: 'b.json.gz', port: 9000 });
    expect(() => parseServeArgs(['--port', 'x'])).toThrow(/1 to 65535/);
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(/1 to 65535/);
    expect(() => parseServeArgs(['a', 'b'])).toThrow(/one FILE/);
    expect(() => parseServeArgs(['--open'])).toThrow(/Unknown option/);
  });

  it('refuses a FILE that does not exist before serving anything', async () => {
    const err: string[] = [];
    const code = await runServeCommand(['/no/such/file.json'], { stdout: { write: () => undefined }, stderr: { write: (t: string) => err.push(t) } }, { staticDir: '/nonexistent', untilStopped: async () => undefined });
    expect(code).toBe(1);
    expect(err.join('')).toMatch(/no such file/);
  });

  it('prints the URL with its token as the first line, opening the file given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'serve-cmd-'));
    await mkdir(join(dir, 'static'));
    await writeFile(join(dir, 'static', 'index.html'), '<!doctype html><title>x</title>');
    const out: string[] = [];
    const err: string[] = [];
    let status = 0;
    const file = join(dir, 'some file.json');
    await writeFile(file, '{}');
    const port = await freePort();
    const code = await runServeCommand([file, '--port', String(port)], { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } }, {
      staticDir: join(dir, 'static'),
      demoPath: join(dir, 'none'),
      home: join(dir, 'home'),
      untilStopped: async (server) => {
        status = (await fetch(server.url.split('#')[0] ?? '')).status;
      },
    });
    expect(code).toBe(0);
    const first = out.join('').split('\n')[0] ?? '';
    // The file goes to the page as a handle: its path is nowhere in the URL.
    expect(first).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[0-9a-f]{64}#/map\\?src=file%3A[A-Za-z0-9_-]{22}$`));
    expect(decodeURIComponent(first)).not.toContain('some file');
    expect(status).toBe(200);
    expect(err.join('')).toMatch(/Ctrl\+C/);
  });
});

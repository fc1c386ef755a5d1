import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHeaders, rawRequest, type RawAnswer } from '../../test/support/host-requests.ts';
import { decodeFrame, encodeFrame, EVENTS_PATH, FILES_PATH, FRAME_CONTENT_TYPE } from '../../shared/contract/host/index.ts';
import { startServer, type RunningServer } from './serve.ts';

/**
 * What the local web host answers, word for word: each refusal's status, plain-text reason and
 * content type, the events stream's first bytes, and HTML assets moved under the token like the
 * page. The page shows these reasons, so they are part of the behaviour, not decoration.
 */
let dir: string;
let server: RunningServer;
const TEXT = 'text/plain; charset=utf-8';
/** A script that holds the text the page's rewrite looks for, and bytes that are not UTF-8 (a PNG's signature and more). */
const SCRIPT = 'const html = \'<img src="./icon.png">\';\n';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-answers-'));
  await mkdir(join(dir, 'static', 'assets'), { recursive: true });
  await writeFile(join(dir, 'static', 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script>');
  await writeFile(join(dir, 'static', 'assets', 'help.html'), '<a href="./index.html">back</a>');
  await writeFile(join(dir, 'static', 'assets', 'app.js'), SCRIPT);
  await writeFile(join(dir, 'static', 'assets', 'icon.png'), PNG);
  server = await startServer({ staticDir: join(dir, 'static'), demoPath: join(dir, 'no-demo.json.gz'), home: join(dir, 'home'), openDemoByDefault: false });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const text = (answer: RawAnswer): [number, string | undefined, string] => [answer.status, answer.headers['content-type'] as string | undefined, answer.body.toString('utf8')];

describe('local web host answers', () => {
  it('names the reason of every refusal of an API call, in plain text', async () => {
    const frame = encodeFrame({});
    expect(text(await rawRequest(server, '/api/getAppInfo', { method: 'POST', headers: apiHeaders(server, { host: 'evil.example' }), body: frame }))).toEqual([403, TEXT, 'Forbidden: wrong Host header.\n']);
    expect(text(await rawRequest(server, '/api/getAppInfo', { method: 'POST', body: frame }))).toEqual([403, TEXT, 'Forbidden: missing or wrong token.\n']);
    expect(text(await rawRequest(server, '/api/getAppInfo', { method: 'POST', headers: apiHeaders(server, { origin: 'http://localhost:1' }), body: frame }))).toEqual([403, TEXT, 'Forbidden: cross-origin request.\n']);
    expect(text(await rawRequest(server, '/api/getAppInfo', { headers: apiHeaders(server) }))).toEqual([405, TEXT, 'Method not allowed.\n']);
    expect(text(await rawRequest(server, `${FILES_PATH}neverGrantedHandle0000`, { method: 'POST', headers: apiHeaders(server) }))).toEqual([405, TEXT, 'Method not allowed.\n']);
    // The events path takes GET only: a POST there is an ordinary (unknown) call.
    const posted = await rawRequest(server, EVENTS_PATH, { method: 'POST', headers: apiHeaders(server), body: frame });
    expect([posted.status, posted.headers['content-type'], decodeFrame(new Uint8Array(posted.body))]).toMatchObject([200, FRAME_CONTENT_TYPE, { ok: false, error: { kind: 'notFound' } }]);
  });

  it('accepts the page\'s own origin under either name, and answers calls as frames', async () => {
    const { port } = new URL(server.origin);
    for (const origin of [server.origin, `http://localhost:${port}`]) {
      const answer = await rawRequest(server, '/api/getAppInfo', { method: 'POST', headers: apiHeaders(server, { origin }), body: encodeFrame({}) });
      expect([answer.status, answer.headers['content-type']]).toEqual([200, FRAME_CONTENT_TYPE]);
      expect(decodeFrame(new Uint8Array(answer.body))).toMatchObject({ ok: true, value: { name: 'Trace Explorer', host: 'web', demoAvailable: false, canCapture: false } });
    }
  });

  it('answers a body that is not a frame with invalidInput as a frame', async () => {
    const answer = await rawRequest(server, '/api/getAppInfo', { method: 'POST', headers: apiHeaders(server), body: new Uint8Array([9, 9, 9]) });
    expect([answer.status, answer.headers['content-type']]).toEqual([200, FRAME_CONTENT_TYPE]);
    expect(decodeFrame(new Uint8Array(answer.body))).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
  });

  it('opens the events stream as NDJSON with an empty first line', async () => {
    const answer = await new Promise<[number, string | undefined, string]>((done, fail) => {
      void import('node:http').then(({ request }) => {
        const { port } = new URL(server.origin);
        const req = request({ host: '127.0.0.1', port, path: EVENTS_PATH, headers: { host: `127.0.0.1:${port}`, ...apiHeaders(server) } }, (res) => {
          res.once('data', (chunk: Buffer) => {
            done([res.statusCode ?? 0, res.headers['content-type'], chunk.toString('utf8')]);
            req.destroy();
          });
        });
        req.on('error', (error) => (req.destroyed ? undefined : fail(error)));
        req.end();
      });
    });
    expect(answer).toEqual([200, 'application/x-ndjson; charset=utf-8', '\n']);
  });

  it('names the reason of every refusal of the page and its files', async () => {
    expect(text(await rawRequest(server, '/', { method: 'POST' }))).toEqual([405, TEXT, 'Method not allowed.\n']);
    expect(text(await rawRequest(server, '/?token=nope'))).toEqual([403, TEXT, 'Forbidden: open the URL that `trace-explorer serve` printed; it carries the session token.\n']);
    expect(text(await rawRequest(server, `/t/${'0'.repeat(64)}/assets/help.html`))).toEqual([403, TEXT, 'Forbidden: missing or wrong token.\n']);
    // The right token with no slash after it is not the asset prefix.
    expect(text(await rawRequest(server, `/t/${server.token}assets/help.html`))).toEqual([403, TEXT, 'Forbidden: missing or wrong token.\n']);
    expect(text(await rawRequest(server, `/t/${server.token}/assets/none.js`))).toEqual([404, TEXT, 'Not found.\n']);
    expect(text(await rawRequest(server, '/favicon.ico'))).toEqual([404, TEXT, 'Not found.\n']);
  });

  it('serves the page and answers HEAD for it, and moves an HTML asset\'s links under the token as it does the page\'s', async () => {
    const page = await rawRequest(server, `/?token=${server.token}`);
    expect(text(page)).toEqual([200, 'text/html; charset=utf-8', `<!doctype html><script type="module" src="/t/${server.token}/assets/app.js"></script>`]);
    expect((await rawRequest(server, `/?token=${server.token}`, { method: 'HEAD' })).status).toBe(200);
    const help = await rawRequest(server, `/t/${server.token}/assets/help.html`);
    expect(text(help)).toEqual([200, 'text/html; charset=utf-8', `<a href="/t/${server.token}/index.html">back</a>`]);
  });

  it('serves every other asset byte for byte: a script is not rewritten, an image is not decoded', async () => {
    const script = await rawRequest(server, `/t/${server.token}/assets/app.js`);
    expect(text(script)).toEqual([200, 'text/javascript; charset=utf-8', SCRIPT]);
    const image = await rawRequest(server, `/t/${server.token}/assets/icon.png`);
    expect([image.status, image.headers['content-type']]).toEqual([200, 'image/png']);
    expect(image.body.equals(PNG)).toBe(true);
  });

  it('opens the start page, with no launch fragment, when told not to open the demo', () => {
    expect(server.url).toBe(`${server.origin}/?token=${server.token}`);
  });
});

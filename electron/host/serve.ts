import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { AppError } from '../../shared/base/errors.ts';
import {
  decodeFrame,
  dispatchRequest,
  encodeFrame,
  EVENTS_PATH,
  FILES_PATH,
  FRAME_CONTENT_TYPE,
  HTTP_TOKEN_HEADER,
  launchHash,
  type CaptureProgress,
  type EventName,
  type OpenSource,
  type SignInProgress,
} from '../../shared/contract/host/index.ts';
import { appHomeDir } from '../files/recent-files.ts';
import type { CaptureService } from '../capture/capture-service.ts';
import { BodyTooLarge, createBodyReader, type BodyLimits } from './serve-body.ts';
import { sendGrantedFile } from './serve-files.ts';
import { createWebHost, fileExists } from './serve-handlers.ts';
import { COMMON_HEADERS, send } from './serve-response.ts';
import { assetPrefix, contentTypeOf, readIndexHtml, resolveStaticFile, rewriteIndexHtml } from './serve-static.ts';

export interface ServeOptions {
  /** A file to open at launch; without it the demo incident opens (when installed). */
  readonly file?: string;
  /** 0 or absent: a free port. */
  readonly port?: number;
  readonly demoPath: string;
  /** The built renderer (dist/renderer), holding index.html. */
  readonly staticDir: string;
  /** Where the recent list is kept; default appHomeDir(). */
  readonly home?: string;
  /** False: the URL opens the start page even when no file is given. Default true. */
  readonly openDemoByDefault?: boolean;
  readonly capture?: CaptureService;
  /** Request body caps (tests); default MAX_REQUEST_BODY_BYTES and MAX_CONCURRENT_BODY_BYTES. */
  readonly bodyLimits?: BodyLimits;
}

export interface RunningServer {
  /** The URL to open: origin, `?token=`, and the fragment that opens the file or the demo. */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly token: string;
  close(): Promise<void>;
}

function sameToken(expected: Buffer, given: string | undefined | null): boolean {
  if (typeof given !== 'string') return false;
  const candidate = Buffer.from(given, 'utf8');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/** Answers 413 and closes the connection; the rest of the body is never read. */
function refuseBody(request: IncomingMessage, response: ServerResponse, message: string): void {
  response.writeHead(413, { ...COMMON_HEADERS, connection: 'close', 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(message) + 1) });
  response.end(`${message}\n`, () => request.destroy());
}

/**
 * The local web host: the built renderer and the contract's API over HTTP on 127.0.0.1 only.
 * Every request needs the session token (`?token=` for the page, the path prefix for its assets,
 * the `x-trace-explorer-token` header for API calls) and a Host header naming this server, which
 * stops DNS rebinding; no CORS headers are ever sent, so other origins cannot read answers. The
 * token is necessary but not sufficient: files are opened only by the handles the host gave out
 * (serve-handlers.ts), and request bodies are capped (serve-body.ts).
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = randomBytes(32).toString('hex');
  const expected = Buffer.from(token, 'utf8');
  const staticDir = resolve(options.staticDir);
  const eventStreams = new Set<ServerResponse>();
  const pushEvent = (event: EventName, payload: unknown): void => {
    const line = `${JSON.stringify({ event, payload })}\n`;
    for (const stream of eventStreams) stream.write(line);
  };
  const emit = (event: CaptureProgress): void => pushEvent('captureProgress', event);
  const emitSignIn = (event: SignInProgress): void => pushEvent('signInProgress', event);
  const host = await createWebHost({ demoPath: options.demoPath, home: options.home ?? appHomeDir(), emit, emitSignIn, ...(options.capture ? { capture: options.capture } : {}) });
  const bodies = createBodyReader(options.bodyLimits);
  if (!(await fileExists(resolve(staticDir, 'index.html')))) {
    throw new AppError('notFound', `The renderer is not built: ${staticDir} has no index.html. Build it with vite (renderer/vite.config.ts).`);
  }
  let port = 0;
  const allowedHosts = (): ReadonlySet<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): ReadonlySet<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!allowedHosts().has(request.headers.host ?? '')) return send(response, 403, 'Forbidden: wrong Host header.\n');
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const method = request.method ?? 'GET';
    if (url.pathname.startsWith('/api/')) {
      if (!sameToken(expected, request.headers[HTTP_TOKEN_HEADER] as string | undefined)) return send(response, 403, 'Forbidden: missing or wrong token.\n');
      const origin = request.headers.origin;
      if (origin !== undefined && !allowedOrigins().has(origin)) return send(response, 403, 'Forbidden: cross-origin request.\n');
      if (url.pathname === EVENTS_PATH && method === 'GET') {
        response.writeHead(200, { ...COMMON_HEADERS, 'content-type': 'application/x-ndjson; charset=utf-8' });
        response.write('\n');
        eventStreams.add(response);
        request.on('close', () => eventStreams.delete(response));
        return;
      }
      if (url.pathname.startsWith(FILES_PATH)) {
        if (method !== 'GET' && method !== 'HEAD') return send(response, 405, 'Method not allowed.\n');
        return sendGrantedFile(host.grants, url.pathname.slice(FILES_PATH.length), request, response);
      }
      if (method !== 'POST') return send(response, 405, 'Method not allowed.\n');
      let payload: unknown;
      try {
        payload = decodeFrame(await bodies.read(request));
      } catch (error) {
        if (error instanceof BodyTooLarge) return refuseBody(request, response, error.message);
        const message = error instanceof Error ? error.message : String(error);
        return send(response, 200, encodeFrame({ ok: false, error: { kind: 'invalidInput', message } }), FRAME_CONTENT_TYPE);
      }
      const result = await dispatchRequest(host.handlers, url.pathname.slice('/api/'.length), payload);
      return send(response, 200, encodeFrame(result), FRAME_CONTENT_TYPE);
    }
    if (method !== 'GET' && method !== 'HEAD') return send(response, 405, 'Method not allowed.\n');
    if (url.pathname === '/') {
      if (!sameToken(expected, url.searchParams.get('token'))) {
        return send(response, 403, 'Forbidden: open the URL that `trace-explorer serve` printed; it carries the session token.\n');
      }
      return send(response, 200, rewriteIndexHtml(await readIndexHtml(staticDir), token), 'text/html; charset=utf-8');
    }
    const prefix = assetPrefix(token);
    if (url.pathname.startsWith('/t/')) {
      const given = url.pathname.slice(3, 3 + token.length);
      if (!sameToken(expected, given) || !url.pathname.startsWith(prefix)) return send(response, 403, 'Forbidden: missing or wrong token.\n');
      const file = await resolveStaticFile(staticDir, url.pathname.slice(prefix.length));
      if (!file) return send(response, 404, 'Not found.\n');
      const body = await readFile(file);
      const html = contentTypeOf(file).startsWith('text/html');
      return send(response, 200, html ? rewriteIndexHtml(body.toString('utf8'), token) : body, contentTypeOf(file));
    }
    return send(response, 404, 'Not found.\n');
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // Details (paths) stay in the host's terminal; the page gets a generic answer.
      process.stderr.write(`internal error serving ${request.url?.split('?')[0] ?? ''}: ${error instanceof Error ? error.message : String(error)}\n`);
      if (!response.headersSent) send(response, 500, 'Internal error in the Trace Explorer host; see its terminal.\n');
      else response.destroy();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'EADDRINUSE' ? new AppError('invalidInput', `Port ${options.port} is in use; choose another with --port, or leave it out for a free one.`) : error),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  let launch: OpenSource | undefined;
  // The CLI's FILE is the user's choice: it gets a handle (its recent-list one, if listed).
  if (options.file !== undefined) launch = { kind: 'files', handles: [host.grants.grant(options.file, 'chosen')] };
  else if (options.openDemoByDefault !== false && (await fileExists(options.demoPath))) launch = { kind: 'demo' };
  return {
    url: `${origin}/?token=${token}${launch ? launchHash(launch) : ''}`,
    origin,
    token,
    close: async () => {
      // A running capture is cancelled first, so its partial snapshot is written and its last event sent.
      await options.capture?.close?.();
      for (const stream of eventStreams) stream.end();
      eventStreams.clear();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * Talking to the local web host (electron/host/serve.ts) from tests: raw HTTP requests with any
 * Host header, method and body; contract calls as binary frames; a HostApi over HTTP; the handle
 * a launch URL carries; and a recent list written as if the user had opened files before.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { Result } from '../../shared/base/errors.ts';
import { decodeFrame, decodeSource, encodeFrame, FRAME_CONTENT_TYPE, hostApiFromTransport, HTTP_TOKEN_HEADER, SOURCE_PARAM, type HostApi } from '../../shared/contract/host/index.ts';
import type { RunningServer } from '../../electron/host/serve.ts';

export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export interface RawOptions {
  readonly method?: string;
  /** Sent as given; `host` defaults to the server's own `127.0.0.1:<port>`. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** Resolve as soon as the status and headers arrive, and close (for streams that never end). */
  readonly untilHeaders?: boolean;
}

/** One HTTP request through node:http (so Host can be anything), the whole answer read. */
export function rawRequest(server: Pick<RunningServer, 'origin'>, path: string, options: RawOptions = {}): Promise<RawAnswer> {
  const { port } = new URL(server.origin);
  return new Promise((done, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      if (options.untilHeaders) {
        done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0) });
        return void req.destroy();
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', (error) => (options.untilHeaders && req.destroyed ? undefined : fail(error)));
    req.end(options.body);
  });
}

/** The headers an API call carries: the session token (and the frame's content type). */
export function apiHeaders(server: Pick<RunningServer, 'token'>, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { [HTTP_TOKEN_HEADER]: server.token, 'content-type': FRAME_CONTENT_TYPE, ...extra };
}

/** A contract call with any payload (the typed HostApi would refuse a hostile one before sending). */
export async function callHost(server: Pick<RunningServer, 'origin' | 'token'>, channel: string, payload: unknown): Promise<Result<unknown>> {
  const answer = await rawRequest(server, `/api/${channel}`, { method: 'POST', headers: apiHeaders(server), body: encodeFrame(payload) });
  if (answer.status !== 200) throw new Error(`HTTP ${answer.status}: ${answer.body.toString('utf8')}`);
  return decodeFrame(new Uint8Array(answer.body)) as Result<unknown>;
}

/** The renderer's view of the host: the contract's HostApi over HTTP. */
export function hostApiOver(server: Pick<RunningServer, 'origin' | 'token'>): HostApi {
  return hostApiFromTransport({
    invoke: async (channel, request) => {
      const response = await fetch(`${server.origin}/api/${channel}`, { method: 'POST', headers: apiHeaders(server), body: encodeFrame(request) });
      return decodeFrame(new Uint8Array(await response.arrayBuffer()));
    },
    subscribe: () => () => undefined,
  });
}

/** The file handles a launch URL's fragment carries (`#/map?src=file:<handle>`). */
export function launchHandles(url: string): string[] {
  const query = new URL(url).hash.split('?')[1] ?? '';
  const source = decodeSource(new URLSearchParams(query).getAll(SOURCE_PARAM));
  if (source?.kind !== 'files') throw new Error(`${url} opens no files`);
  return [...source.handles];
}

/** Writes `<home>/recent.json` as a host writes it: entries of files opened together, each with its handle. */
export async function writeRecentList(home: string, entries: readonly (readonly { readonly handle: string; readonly path: string }[])[], openedAt = '2026-01-05T10:00:00.000Z'): Promise<void> {
  await mkdir(home, { recursive: true });
  const list = { version: 2, entries: entries.map((files) => ({ files, openedAt, bytes: 1 })) };
  await writeFile(join(home, 'recent.json'), `${JSON.stringify(list, null, 2)}\n`);
}

/** A handle-shaped string no host gave out (fixed, so a failure names it). */
export const NEVER_GRANTED = 'neverGrantedHandle0000';

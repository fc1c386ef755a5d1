import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AppError, toErrorData, type AppErrorData } from '../../shared/base/errors.ts';
import { FILES_PATH } from '../../shared/contract/host/index.ts';
import { isHandle, type FileGrants } from '../files/file-grants.ts';
import { checkRegularFile, openFileError } from '../host/serve-handlers.ts';
import { COMMON_HEADERS } from '../host/serve-response.ts';
import { contentTypeOf, resolveStaticFile } from '../host/serve-static.ts';
import { APP_HOST, APP_SCHEME } from './security.ts';

/**
 * The app's scheme, registered before the app is ready (protocol.registerSchemesAsPrivileged): a
 * standard, secure origin, so the page has `self`, workers and fetch work as on https, and the
 * analysis worker streams a snapshot's bytes from it as it does from the web host.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: false, allowServiceWorkers: false, bypassCSP: false, codeCache: true },
} as const;

const STATUS: Readonly<Record<string, number>> = { notFound: 404, auth: 403, invalidInput: 400 };

function errorResponse(status: number, error: AppErrorData): Response {
  return new Response(`${JSON.stringify(error)}\n`, { status, headers: { ...COMMON_HEADERS, 'content-type': 'application/json; charset=utf-8' } });
}

function notFound(what: string): Response {
  return errorResponse(404, new AppError('notFound', what).toData());
}

/**
 * Answers the app's scheme (protocol.handle): `GET <scheme>://app/<path>` is a file of the built
 * renderer (index.html for `/`), `GET <scheme>://app/api/files/<handle>` the bytes of a file the
 * main process granted (a dialog, a drop, the command line, the recent list), streamed from disk
 * with its length. Every answer carries the web host's headers (the strict CSP among them); any
 * other host, method or path is refused. The page never names a path, only handles it was given.
 */
export function appRequestHandler(rendererDir: string, grants: FileGrants): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return notFound(`No such place in the app: ${url.host.slice(0, 40)}.`);
    if (request.method !== 'GET' && request.method !== 'HEAD') return errorResponse(405, new AppError('invalidInput', `${request.method} is not answered here.`).toData());
    if (url.pathname.startsWith(FILES_PATH)) return grantedFile(grants, url.pathname.slice(FILES_PATH.length), request.method === 'HEAD');
    const path = await resolveStaticFile(rendererDir, url.pathname);
    if (path === undefined) return notFound(`The app has no file ${url.pathname.slice(0, 80)}.`);
    const file = await open(path, 'r');
    const { size } = await file.stat();
    const body = request.method === 'HEAD' ? null : (Readable.toWeb(file.createReadStream({ autoClose: true })) as ReadableStream<Uint8Array>);
    if (body === null) await file.close();
    return new Response(body, { status: 200, headers: { ...COMMON_HEADERS, 'content-type': contentTypeOf(path), 'content-length': String(size) } });
  };
}

async function grantedFile(grants: FileGrants, handle: string, head: boolean): Promise<Response> {
  const grant = isHandle(handle) ? grants.lookup(handle) : undefined;
  if (grant === undefined) return notFound('No file with this handle in this Trace Explorer session. Open it again with "Open…", or from the recent list.');
  let file;
  try {
    file = await open(grant.path, 'r');
    const info = await file.stat();
    checkRegularFile(grant.path, info);
    const body = head || info.size === 0 ? null : (Readable.toWeb(file.createReadStream({ start: 0, end: info.size - 1, autoClose: true })) as ReadableStream<Uint8Array>);
    if (body === null) await file.close();
    return new Response(body, { status: 200, headers: { ...COMMON_HEADERS, 'content-type': 'application/octet-stream', 'content-length': String(info.size) } });
  } catch (error) {
    await file?.close();
    const data = error instanceof AppError ? error.toData() : toErrorData(openFileError(grant.path, error));
    return errorResponse(STATUS[data.kind] ?? 500, data);
  }
}

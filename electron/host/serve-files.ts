import { open, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AppError, toErrorData } from '../../shared/base/errors.ts';
import { isHandle, type FileGrants } from '../files/file-grants.ts';
import { checkRegularFile, openFileError } from './serve-handlers.ts';
import { COMMON_HEADERS, sendError } from './serve-response.ts';

const STATUS: Readonly<Record<string, number>> = { notFound: 404, auth: 403, invalidInput: 400 };

/**
 * `GET /api/files/<handle>`: the bytes of a granted file, streamed from disk (never whole in
 * memory) with its Content-Length. The file is opened once and its size taken from that open file,
 * so what is sent is what was measured; a file that shrinks while it is sent ends the connection
 * early rather than send a short answer that looks whole. Errors are AppErrorData as JSON; an
 * unknown handle names no path. The caller has already checked the Host header and the token.
 */
export async function sendGrantedFile(grants: FileGrants, handle: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const grant = isHandle(handle) ? grants.lookup(handle) : undefined;
  if (grant === undefined) {
    return sendError(response, 404, new AppError('notFound', `No file with this handle in this Trace Explorer session. Open it again with "Open files…", or from the recent list.`).toData());
  }
  let file: FileHandle | undefined;
  let size: number;
  try {
    file = await open(grant.path, 'r');
    const info = await file.stat();
    checkRegularFile(grant.path, info);
    size = info.size;
  } catch (error) {
    await file?.close();
    const data = error instanceof AppError ? error.toData() : toErrorData(openFileError(grant.path, error));
    return sendError(response, STATUS[data.kind] ?? 500, data);
  }
  response.writeHead(200, { ...COMMON_HEADERS, 'content-type': 'application/octet-stream', 'content-length': String(size) });
  if (request.method === 'HEAD' || size === 0) {
    await file.close();
    response.end();
    return;
  }
  let sent = 0;
  const stream = file.createReadStream({ start: 0, end: size - 1, autoClose: true });
  stream.on('data', (chunk: Buffer | string) => (sent += chunk.length));
  try {
    await pipeline(stream, response);
  } catch {
    response.destroy();
    return;
  }
  if (sent !== size) response.destroy();
}

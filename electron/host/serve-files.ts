import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { basename, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/base/errors.ts';
import { FILE_NAME_HEADER, FILES_PATH, MAX_FILES_PER_OPEN } from '../../shared/contract/host/index.ts';
import type { RecentStore } from '../files/recent-files.ts';

/**
 * The files behind `GET /api/files/…` (shared/contract/host/http.ts): the demo, or file `index` of
 * a group of paths, streamed from disk to the response as it is read — the page's worker reads the
 * snapshot while it arrives, and the host never holds the file. Opening the first file of a group
 * records the group in the recent list, as `openSnapshot` does. Answers a status and a plain-text
 * message when the file cannot be streamed.
 */
export async function serveFile(url: URL, headers: Readonly<Record<string, string>>, response: ServerResponse, demoPath: string, recent: RecentStore): Promise<void> {
  const what = url.pathname.slice(FILES_PATH.length);
  let path: string;
  if (what === 'demo') path = demoPath;
  else if (what === 'paths') {
    const paths = url.searchParams.getAll('path').map((given) => resolve(given));
    const index = Number(url.searchParams.get('index') ?? '0');
    if (paths.length === 0 || paths.length > MAX_FILES_PER_OPEN || !Number.isInteger(index) || index < 0 || index >= paths.length) return refuse(response, headers, 400, 'Bad file request.');
    path = paths[index]!;
    if (index === 0) {
      const sizes = await Promise.all(paths.map((each) => stat(each).then((info) => info.size, () => 0)));
      await recent.add(paths, sizes.reduce((sum, size) => sum + size, 0)).catch(() => undefined);
    }
  } else return refuse(response, headers, 404, 'Not found.');
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new AppError('invalidInput', `${path} is a folder; open the files inside it.`);
    if (!info.isFile()) throw new AppError('invalidInput', `${path} is not a regular file.`);
    size = info.size;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') return refuse(response, headers, 404, `${path}: no such file. It may have been moved or deleted; open it from its new place.`);
    if (code === 'EACCES' || code === 'EPERM') return refuse(response, headers, 403, `${path}: permission denied. Check the file's permissions.`);
    return refuse(response, headers, 400, error instanceof AppError ? error.message : `${path} cannot be read.`);
  }
  response.writeHead(200, { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(size), [FILE_NAME_HEADER]: encodeURIComponent(basename(path)) });
  await pipeline(createReadStream(path, { highWaterMark: 256 * 1024 }), response).catch(() => response.destroy());
}

function refuse(response: ServerResponse, headers: Readonly<Record<string, string>>, status: number, message: string): void {
  response.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
  response.end(`${message}\n`);
}

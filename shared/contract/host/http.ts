import type { ChannelName } from './channels.ts';

/**
 * How the contract maps onto the local web host's HTTP API (electron/host/serve.ts and the
 * renderer's HTTP transport): every channel is `POST /api/<channel>` with a binary frame
 * (frame.ts) as body and answer; events stream from `GET /api/events` as JSON lines
 * `{"event": name, "payload": …}`. Every API request carries the session token in this header.
 */
export const HTTP_TOKEN_HEADER = 'x-trace-explorer-token';
export const EVENTS_PATH = '/api/events';

export function apiPath(channel: ChannelName): string {
  return `/api/${channel}`;
}

/**
 * `GET /api/files/demo` and `GET /api/files/paths?path=…&path=…&index=i` stream a file's bytes as
 * they are read from disk (the demo incident, or file i of the files opened together), with its
 * size in Content-Length and its name in FILE_NAME_HEADER (URI-encoded). A stopgap until the page
 * names files by opaque handles (issue 8): it opens the same paths `openSnapshot` accepts.
 */
export const FILES_PATH = '/api/files/';
export const FILE_NAME_HEADER = 'x-trace-explorer-file-name';

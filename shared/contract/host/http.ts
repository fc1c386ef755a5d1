import type { ChannelName } from './channels.ts';

/**
 * How the contract maps onto the local web host's HTTP API (electron/host/serve.ts and the
 * renderer's HTTP transport): every channel is `POST /api/<channel>` with a binary frame
 * (frame.ts) as body and answer; events stream from `GET /api/events` as JSON lines
 * `{"event": name, "payload": …}`; `GET /api/files/<handle>` streams the bytes of a file the host
 * gave a handle for. Every API request carries the session token in this header.
 */
export const HTTP_TOKEN_HEADER = 'x-trace-explorer-token';
export const EVENTS_PATH = '/api/events';
export const FILES_PATH = '/api/files/';

export function apiPath(channel: ChannelName): string {
  return `/api/${channel}`;
}

/** Where a granted file's bytes can be read (a handle is base64url: nothing to escape). */
export function fileBytesPath(handle: string): string {
  return `${FILES_PATH}${handle}`;
}

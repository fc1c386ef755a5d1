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

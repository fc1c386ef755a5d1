import type { ServerResponse } from 'node:http';
import type { AppErrorData } from '../../shared/base/errors.ts';
import { CONTENT_SECURITY_POLICY } from './serve-static.ts';

/** Sent with every answer of the local web host. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export function send(response: ServerResponse, status: number, body: string | Uint8Array, contentType = 'text/plain; charset=utf-8', headers: Readonly<Record<string, string>> = {}): void {
  response.writeHead(status, { ...COMMON_HEADERS, ...headers, 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}

/** An error as data (the contract's AppErrorData), for answers that are not frames (the file stream). */
export function sendError(response: ServerResponse, status: number, error: AppErrorData): void {
  send(response, status, `${JSON.stringify(error)}\n`, 'application/json; charset=utf-8');
}

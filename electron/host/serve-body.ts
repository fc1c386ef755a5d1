import type { IncomingMessage } from 'node:http';
import { formatBytes } from '../../shared/base/format.ts';

/**
 * Request bodies, bounded. Requests carry no file bytes (the host reads files by handle), so the
 * largest legitimate body is a saveNotes request: a summary at its 1,000,000-character maximum is
 * at most 3 MB of UTF-8, plus bookmarks. 4 MiB per request holds that; 16 MiB over all bodies being
 * read at once is four such requests, where the page sends one at a time. Over either cap the
 * host answers 413 and closes the connection without reading the rest, so nothing is kept.
 */
export const MAX_REQUEST_BODY_BYTES = 4 * 1024 * 1024;
export const MAX_CONCURRENT_BODY_BYTES = 16 * 1024 * 1024;

export class BodyTooLarge extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BodyTooLarge';
  }
}

export interface BodyLimits {
  readonly perRequest: number;
  readonly total: number;
}

/** Bytes of bodies being read right now, over every request this reader serves. */
export interface BodyReader {
  read(request: IncomingMessage): Promise<Uint8Array>;
  inFlight(): number;
}

export function createBodyReader(limits: BodyLimits = { perRequest: MAX_REQUEST_BODY_BYTES, total: MAX_CONCURRENT_BODY_BYTES }): BodyReader {
  let inFlight = 0;
  const tooLarge = (): BodyTooLarge =>
    new BodyTooLarge(`Request too large: the Trace Explorer host accepts at most ${formatBytes(limits.perRequest)} per request (files are read by the host, never sent to it). Shorten the notes, or save them in parts.`);
  const busy = (): BodyTooLarge =>
    new BodyTooLarge(`Request refused: the Trace Explorer host is already receiving ${formatBytes(limits.total)} of other requests. Try again when they are done.`);

  const read = (request: IncomingMessage): Promise<Uint8Array> => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (!Number.isSafeInteger(declared) || declared > limits.perRequest) return Promise.reject(tooLarge());
    if (inFlight + declared > limits.total) return Promise.reject(busy());
    let reserved = declared;
    inFlight += reserved;
    const release = (): void => {
      inFlight -= reserved;
      reserved = 0;
    };
    return new Promise<Uint8Array>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const stop = (error: Error): void => {
        // Stop reading at once (no draining of a body that may be gigabytes); the caller answers and closes.
        request.off('data', onData);
        request.off('end', onEnd);
        request.pause();
        chunks.length = 0;
        release();
        reject(error);
      };
      const onData = (chunk: Buffer): void => {
        size += chunk.length;
        if (size > limits.perRequest) return stop(tooLarge());
        if (size > reserved) {
          if (inFlight + (size - reserved) > limits.total) return stop(busy());
          inFlight += size - reserved;
          reserved = size;
        }
        chunks.push(chunk);
      };
      const onEnd = (): void => {
        const body = Buffer.concat(chunks);
        release();
        resolve(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
      };
      request.on('data', onData);
      request.once('end', onEnd);
      request.once('error', (error) => stop(error));
      request.once('close', () => {
        if (!request.complete) stop(new Error('The request was cut off before its end.'));
      });
    });
  };
  return { read, inFlight: () => inFlight };
}

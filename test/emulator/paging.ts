/**
 * Stateless NextTokens: each token carries the offset of the next page and a hash of the request
 * it belongs to, so a token survives an emulator restart (as AWS tokens survive a client's) and a
 * token sent with different parameters is refused the way CloudTrail refuses it.
 */
import { createHash } from 'node:crypto';

export function requestHash(body: Readonly<Record<string, unknown>>, ignore: readonly string[] = ['NextToken']): string {
  const kept = Object.keys(body)
    .filter((k) => !ignore.includes(k))
    .sort()
    .map((k) => [k, body[k]]);
  return createHash('sha256').update(JSON.stringify(kept)).digest('hex').slice(0, 16);
}

export function encodeToken(offset: number, hash: string): string {
  return Buffer.from(JSON.stringify({ o: offset, h: hash })).toString('base64url');
}

/** The offset of a token made for this request hash, or undefined when it is not one of ours. */
export function decodeToken(token: string, hash: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const { o, h } = parsed as { o?: unknown; h?: unknown };
    if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || h !== hash) return undefined;
    return o;
  } catch {
    return undefined;
  }
}

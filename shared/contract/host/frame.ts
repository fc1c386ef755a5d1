/**
 * A binary frame for sending contract values over HTTP without base64: the byte arrays'
 * lengths, then a JSON header in which every Uint8Array is replaced by `{"$bytes": i}`, then the
 * byte arrays themselves. All integers are u32 little-endian.
 *
 *   [count][size 0]…[size count-1][header length][header: UTF-8 JSON][bytes 0][bytes 1]…
 *
 * Decoded byte arrays are views into the frame's buffer (no copy). Decoding checks every length
 * and index and throws FrameError on anything malformed; the result still has to be parsed with
 * the channel's schema, as any untrusted value.
 */

export const FRAME_CONTENT_TYPE = 'application/x-trace-explorer-frame';
/** The largest JSON header accepted; bytes go in the body, so headers are small. */
export const MAX_FRAME_HEADER_BYTES = 16 * 1024 * 1024;

export class FrameError extends Error {
  constructor(message: string) {
    super(`Malformed message: ${message}`);
    this.name = 'FrameError';
  }
}

function isBytesRef(value: unknown): value is { $bytes: number } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === '$bytes';
}

export function encodeFrame(value: unknown): Uint8Array<ArrayBuffer> {
  const blobs: Uint8Array[] = [];
  const header =
    JSON.stringify(value, (_key, item: unknown) => {
      if (item instanceof Uint8Array) {
        blobs.push(item);
        return { $bytes: blobs.length - 1 };
      }
      return item;
    }) ?? 'null';
  const headerBytes = new TextEncoder().encode(header);
  const prefix = 4 * (blobs.length + 2);
  const total = prefix + headerBytes.byteLength + blobs.reduce((sum, blob) => sum + blob.byteLength, 0);
  const frame = new Uint8Array(total);
  const view = new DataView(frame.buffer);
  view.setUint32(0, blobs.length, true);
  blobs.forEach((blob, i) => view.setUint32(4 * (i + 1), blob.byteLength, true));
  view.setUint32(prefix - 4, headerBytes.byteLength, true);
  frame.set(headerBytes, prefix);
  let offset = prefix + headerBytes.byteLength;
  for (const blob of blobs) {
    frame.set(blob, offset);
    offset += blob.byteLength;
  }
  return frame;
}

export function decodeFrame(frame: Uint8Array): unknown {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const u32 = (at: number): number => {
    if (at + 4 > frame.byteLength) throw new FrameError('cut short');
    return view.getUint32(at, true);
  };
  const count = u32(0);
  if (count > frame.byteLength / 4) throw new FrameError('too many byte arrays');
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) sizes.push(u32(4 * (i + 1)));
  const headerStart = 4 * (count + 2);
  const headerLength = u32(headerStart - 4);
  if (headerLength > MAX_FRAME_HEADER_BYTES || headerStart + headerLength > frame.byteLength) throw new FrameError('header length out of range');
  const blobs: Uint8Array[] = [];
  let offset = headerStart + headerLength;
  for (const size of sizes) {
    if (offset + size > frame.byteLength) throw new FrameError('bytes run past the end');
    blobs.push(frame.subarray(offset, offset + size));
    offset += size;
  }
  if (offset !== frame.byteLength) throw new FrameError('trailing bytes');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(headerStart, headerStart + headerLength));
  } catch {
    throw new FrameError('header is not UTF-8');
  }
  const used = new Set<number>();
  try {
    // JSON.parse's reviver walks the value bottom-up for us (no recursion of ours over its depth).
    return JSON.parse(text, (_key, item: unknown) => {
      if (!isBytesRef(item)) return item;
      const index = item.$bytes;
      if (!Number.isSafeInteger(index) || index < 0 || index >= blobs.length || used.has(index)) throw new FrameError('bad bytes reference');
      used.add(index);
      return blobs[index];
    }) as unknown;
  } catch (error) {
    if (error instanceof FrameError) throw error;
    throw new FrameError('header is not JSON');
  }
}

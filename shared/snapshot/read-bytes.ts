import type { SnapshotContent } from '../model/index.ts';
import { gunzip } from './gunzip.ts';
import { readSnapshotFrom, type ReadSnapshotOptions } from './read-snapshot.ts';
import { SNIFF_BYTES, sniffOpening } from './sniff.ts';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Reads a snapshot held in memory, gzip-compressed or plain JSON text. */
export async function readSnapshotBytes(bytes: Uint8Array, options: ReadSnapshotOptions = {}): Promise<SnapshotContent> {
  return readSnapshotFrom(bytes, { ...options, size: bytes.length });
}

/**
 * Whether the bytes are a snapshot: plain text starting with our opening, or gzip whose start
 * inflates to it. Only the first few KiB are inflated, so this is cheap on any file. (Opening a
 * file sniffs it while reading it, see SnapshotStream.open; this is for callers holding bytes.)
 */
export async function isSnapshot(bytes: Uint8Array): Promise<boolean> {
  if (!isGzip(bytes)) return sniffOpening(bytes.subarray(0, SNIFF_BYTES)).ours;
  const head = new Uint8Array(SNIFF_BYTES);
  let length = 0;
  try {
    for await (const chunk of gunzip(pieces(bytes.subarray(0, 64 * 1024), 512))) {
      const part = chunk.subarray(0, SNIFF_BYTES - length);
      head.set(part, length);
      length += part.length;
      if (length >= SNIFF_BYTES) break;
    }
  } catch {
    // Not gzip after all, or cut short (we only gave it the start): judge what came out.
  }
  return sniffOpening(head.subarray(0, length)).ours;
}

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array, void, undefined> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

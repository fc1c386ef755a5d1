import { open, truncate, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

/**
 * Hostile snapshots made at test time, so nothing large is committed: a gzip *member* is made once
 * from a small block of text and written many times over (a multi-member gzip file, which gunzip
 * and DecompressionStream read as the concatenation of the members), and a file of any size is a
 * sparse file (truncate) that costs no disk.
 */

/** The header line of a valid snapshot with one source, ready for records to follow. */
export function snapshotOpening(): string {
  const header = {
    provenance: { sources: [{ name: 'bomb.json', format: 'xray.segments', importedAt: '2024-05-24T00:00:00.000Z' }], accountIds: [], regions: [], queries: [], appVersion: 'test', createdAt: '2024-05-24T00:00:00.000Z' },
    gaps: [],
    notes: { summary: '', bookmarks: [] },
  };
  return `{"format":"trace-explorer-snapshot","version":1,"header":${JSON.stringify(header)},"records":[\n`;
}

/** A tiny valid segment record line (with its comma): the smallest thing the reader keeps. */
export function tinyRecord(i: number): string {
  return `{"kind":"xray.segment","source":0,"doc":{"id":"${i.toString(16).padStart(16, '0')}","trace_id":"1-66508f50-00000000000000000000000${i % 10}","start_time":1716555600}},\n`;
}

/** `count` tiny records, as one block of text: each its own (`distinct`), or the same one repeated, as a bomb has them. */
export function tinyRecords(count: number, distinct = true): string {
  if (!distinct) return tinyRecord(0).repeat(count);
  let text = '';
  for (let i = 0; i < count; i++) text += tinyRecord(i);
  return text;
}

/** A complete snapshot of `count` tiny records (the last one without its comma). */
export function tinySnapshot(count: number, between = ''): string {
  const records = tinyRecords(count);
  return `${snapshotOpening()}${records.slice(0, -2)}\n${between}]}\n`;
}

/**
 * Writes `opening` then `repeats` copies of `block`, each copy one gzip member compressed once:
 * the file inflates to `opening.length + repeats × block.length` bytes but costs only
 * `repeats × (compressed block)` on disk. Returns the inflated size.
 */
export async function writeRepeatedGzip(path: string, opening: string, block: string, repeats: number): Promise<{ inflated: number; stored: number }> {
  const first = gzipSync(opening);
  const member = gzipSync(block, { level: 9 });
  const handle = await open(path, 'w');
  try {
    await handle.write(first);
    const batch = Buffer.concat(Array.from({ length: Math.min(repeats, 256) }, () => member));
    let written = 0;
    while (written < repeats) {
      const count = Math.min(256, repeats - written);
      await handle.write(count === 256 ? batch : batch.subarray(0, count * member.length));
      written += count;
    }
  } finally {
    await handle.close();
  }
  return { inflated: Buffer.byteLength(opening) + repeats * Buffer.byteLength(block), stored: first.length + repeats * member.length };
}

/** The same as bytes in memory (for small bombs). */
export function repeatedGzip(opening: string, block: string, repeats: number): Uint8Array {
  const member = gzipSync(block, { level: 9 });
  return new Uint8Array(Buffer.concat([gzipSync(opening), ...Array.from({ length: repeats }, () => member)]));
}

/** A sparse file of `size` bytes starting with `start` (zeros after it, taking no disk). */
export async function sparseFile(path: string, size: number, start: Uint8Array = new Uint8Array([0x1f, 0x8b, 0x08, 0x00])): Promise<void> {
  await writeFile(path, start);
  await truncate(path, size);
}

/** gzip of some text (for tests whose folder may not import node:zlib). */
export function gzipText(text: string): Uint8Array {
  return new Uint8Array(gzipSync(text));
}

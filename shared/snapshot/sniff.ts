import { SNAPSHOT_FORMAT } from './limits.ts';
import { utf8Decoder } from '../base/web-apis.ts';

/** How much of the start of the (decompressed) text is looked at to recognise a snapshot. */
export const SNIFF_BYTES = 1024;

export const EXPECTED = `expected a Trace Explorer snapshot: gzip-compressed JSON that starts with {"format":"${SNAPSHOT_FORMAT}"`;

/**
 * Our opening, allowing any whitespace (a file pretty-printed by jq keeps the key order), and the
 * version when it follows straight after the format.
 */
const OPENING = /^\uFEFF?\s*\{\s*"format"\s*:\s*"trace-explorer-snapshot"\s*(?:,\s*"version"\s*:\s*(-?\d[\d.eE+-]*))?/;
const OTHER_FORMAT = /^\s*\{\s*"format"\s*:\s*("(?:[^"\\]|\\.){0,60}")/;

export type Sniffed = { readonly ours: true; readonly version?: number } | { readonly ours: false; readonly what: string };

const MAGIC: readonly (readonly [readonly number[], string])[] = [
  [[0x1f, 0x8b], 'gzip-compressed data (decompress it first, or it was compressed twice)'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive'],
  [[0x42, 0x5a, 0x68], 'bzip2-compressed data'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed data'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed data'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7-Zip archive'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
];

const lenientDecoder = utf8Decoder(false);

/** Recognises our opening in the first bytes of the decompressed text, or says what the bytes are instead. */
export function sniffOpening(head: Uint8Array): Sniffed {
  const text = lenientDecoder.decode(head.subarray(0, SNIFF_BYTES));
  const match = OPENING.exec(text);
  if (match) return match[1] === undefined ? { ours: true } : { ours: true, version: Number(match[1]) };
  return { ours: false, what: describeStart(head, text) };
}

function describeStart(head: Uint8Array, text: string): string {
  if (head.length === 0) return 'empty';
  for (const [magic, name] of MAGIC) {
    if (magic.every((byte, i) => head[i] === byte)) return name;
  }
  if (/[\u0000-\u0008\u000e-\u001a\ufffd]/.test(text.slice(0, 64))) {
    const bytes = [...head.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
    return `binary data (it starts with the bytes ${bytes})`;
  }
  const start = text.replace(/^\uFEFF/, '').trimStart();
  const other = OTHER_FORMAT.exec(start);
  if (other) return `JSON whose "format" is ${other[1]}`;
  const collapsed = start.replace(/\s+/g, ' ');
  const shown = `\`${collapsed.length > 60 ? `${collapsed.slice(0, 60)}…` : collapsed}\``;
  if (start.startsWith('{') || start.startsWith('[')) {
    return `JSON that starts with ${shown} (if it is X-Ray or CloudTrail data, import it instead of opening it as a snapshot)`;
  }
  return `text that starts with ${shown}`;
}

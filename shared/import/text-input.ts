/**
 * The bytes of an import file as UTF-8 text, streamed: gzip is inflated as it arrives, a UTF-8 BOM
 * is dropped, UTF-16 (what Windows PowerShell 5's `>` and `Out-File` write: little-endian with a
 * BOM) is converted chunk by chunk, and what is not text at all is refused with what it is.
 * Nothing here holds more than a chunk.
 */
import { formatBytes } from '../base/format.ts';
import { ChunkHead } from '../base/chunk-head.ts';
import { utf16Decoder, utf8Encoder } from '../base/web-apis.ts';
import { gunzip, isGzip } from '../snapshot/index.ts';
import { ImportError } from './format/types.ts';

/**
 * Cap on the text a gzip-compressed import file inflates to. The text itself streams, so this is
 * not about memory: it stops a small file that inflates without end (a gzip bomb) after at most a
 * few seconds of inflating, well above a 2,000,000-span file of JSON lines (~320 MB).
 */
export const MAX_INFLATED_IMPORT_BYTES = 4 * 1024 * 1024 * 1024;

/** How much of the start is looked at to tell the encoding. */
const HEAD_BYTES = 1024;

/** The file's text as UTF-8 bytes (no BOM). Throws ImportError when it is empty or not text. */
export async function* importText(file: string, raw: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const source = new ChunkHead(raw);
  const magic = await source.head(2);
  if (magic.length === 0) throw new ImportError(file, 'the file is empty');
  const text = new ChunkHead(isGzip(magic) ? inflated(file, source.chunks()) : source.chunks());
  const head = await text.head(HEAD_BYTES);
  if (head.length === 0) throw new ImportError(file, 'the file is empty once decompressed');
  const encoding = encodingOf(file, head);
  if (encoding === 'utf-8') {
    let first = true;
    for await (const chunk of text.chunks()) {
      yield first && hasUtf8Bom(chunk) ? chunk.subarray(3) : chunk;
      first = false;
    }
    return;
  }
  const decoder = utf16Decoder(encoding === 'utf-16le' ? 'le' : 'be', false);
  const encoder = utf8Encoder();
  let first = true;
  for await (const chunk of text.chunks()) {
    // Not fatal: a lone surrogate becomes U+FFFD rather than losing the whole file.
    let decoded = decoder.decode(chunk, { stream: true });
    if (first && decoded.charCodeAt(0) === 0xfeff) decoded = decoded.slice(1);
    first = false;
    if (decoded.length > 0) yield encoder.encode(decoded);
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield encoder.encode(rest);
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const JSON_START = new Set([0x7b, 0x5b, 0x20, 0x09, 0x0a, 0x0d]);

/** UTF-8, or UTF-16 by its BOM or by the zero bytes around the ASCII of a JSON start; else refused. */
function encodingOf(file: string, head: Uint8Array): Encoding {
  const [b0, b1, b2, b3] = head;
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) throw new ImportError(file, 'is UTF-32 text; save it as UTF-8 (for example `iconv -f UTF-32 -t UTF-8 in.json > out.json`)');
  if (b0 === 0xff && b1 === 0xfe) return 'utf-16le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  // JSON starts with `{`, `[` or white space, and the next character is ASCII too: in UTF-16 each has a zero byte beside it.
  if (head.length >= 4 && b1 === 0 && b3 === 0 && JSON_START.has(b0!) && isAscii(b2!)) return 'utf-16le';
  if (head.length >= 4 && b0 === 0 && b2 === 0 && JSON_START.has(b1!) && isAscii(b3!)) return 'utf-16be';
  if (head.includes(0)) {
    const bytes = [...head.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
    throw new ImportError(file, `binary data, not text (it starts with the bytes ${bytes}); expected JSON`);
  }
  return 'utf-8';
}

function isAscii(byte: number): boolean {
  return byte >= 0x09 && byte <= 0x7e;
}

function hasUtf8Bom(chunk: Uint8Array): boolean {
  return chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
}

/** Inflates gzip as it streams, under the cap; a decompression failure names the file. */
async function* inflated(file: string, compressed: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    yield* gunzip(compressed, { maxDecompressedBytes: MAX_INFLATED_IMPORT_BYTES, maxCompressedBytes: Number.MAX_SAFE_INTEGER }, file);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const own = message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
    throw new ImportError(file, `cannot decompress: ${own.includes('limit once decompressed') ? `it inflates to more than ${formatBytes(MAX_INFLATED_IMPORT_BYTES)}, more than an import file may (a gzip bomb?)` : own}`);
  }
}

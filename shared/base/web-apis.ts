/**
 * The few Web APIs the snapshot codec uses — TextDecoder, TextEncoder and DecompressionStream —
 * typed here because shared/ compiles without the DOM lib. They exist as globals in Node 20, in
 * browsers and in Web Workers.
 *
 * These are module-scoped types looked up on `globalThis`, not ambient `declare var`s: shared/ is
 * also compiled inside the electron/ program (with @types/node) and the test program (with the DOM
 * lib), where a second global declaration of the same names would clash.
 */

export interface Utf8Decoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

export interface Utf8Encoder {
  encode(input: string): Uint8Array;
}

export type StreamReadResult<T> = { done: true; value?: undefined } | { done: false; value: T };

export interface StreamReader<T> {
  read(): Promise<StreamReadResult<T>>;
  cancel(reason?: unknown): Promise<void>;
}

export interface StreamWriter<T> {
  write(chunk: T): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}

/** A web ReadableStream of bytes as shared/ reads it (a fetch body, `Blob.stream()`, a transferred stream). */
export interface ByteStreamLike {
  getReader(): StreamReader<Uint8Array>;
}

export interface DecompressionStreamLike {
  readonly readable: { getReader(): StreamReader<Uint8Array> };
  readonly writable: { getWriter(): StreamWriter<Uint8Array> };
}

interface WebGlobals {
  readonly TextDecoder?: new (label: 'utf-8' | 'utf-16le' | 'utf-16be', options?: { fatal?: boolean; ignoreBOM?: boolean }) => Utf8Decoder;
  readonly TextEncoder?: new () => Utf8Encoder;
  readonly DecompressionStream?: new (format: 'gzip') => DecompressionStreamLike;
}

const web = globalThis as unknown as WebGlobals;

function missing(name: string): Error {
  return new Error(`${name} is not available in this JavaScript environment (Node 20+, a current browser or a Web Worker is needed)`);
}

/** A UTF-8 decoder; `fatal` makes invalid UTF-8 throw a TypeError instead of becoming U+FFFD. */
export function utf8Decoder(fatal: boolean): Utf8Decoder {
  if (!web.TextDecoder) throw missing('TextDecoder');
  return new web.TextDecoder('utf-8', { fatal, ignoreBOM: true });
}

/** A UTF-16 decoder (PowerShell 5's `>` writes UTF-16 LE); `fatal` makes a lone surrogate throw. The BOM is not skipped. */
export function utf16Decoder(endianness: 'le' | 'be', fatal: boolean): Utf8Decoder {
  if (!web.TextDecoder) throw missing('TextDecoder');
  return new web.TextDecoder(endianness === 'le' ? 'utf-16le' : 'utf-16be', { fatal, ignoreBOM: true });
}

export function utf8Encoder(): Utf8Encoder {
  if (!web.TextEncoder) throw missing('TextEncoder');
  return new web.TextEncoder();
}

export function gzipDecompressionStream(): DecompressionStreamLike {
  if (!web.DecompressionStream) throw missing('DecompressionStream');
  return new web.DecompressionStream('gzip');
}

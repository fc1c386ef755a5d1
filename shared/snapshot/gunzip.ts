import { formatBytes } from '../base/format.ts';
import type { Limits } from './limits.ts';
import { SnapshotError } from './snapshot-error.ts';
import { gzipDecompressionStream, type StreamWriter } from '../base/web-apis.ts';

/**
 * Inflates gzip data with the platform's `DecompressionStream('gzip')` (Node 20, browsers, Web
 * Workers). Output is pulled chunk by chunk, so inflation runs ahead of the reader by one piece at
 * most: a consumer that stops (the snapshot reader at one of its caps) stops the inflation too. The
 * caps given in `limits` are checked here (for the importer's use); the snapshot reader gives none
 * and checks its own, once (read-stream.ts). A stream that ends early is reported as truncated gzip.
 */
export async function* gunzip(
  compressed: AsyncIterable<Uint8Array> | Uint8Array,
  limits?: Partial<Limits>,
  file?: string,
): AsyncGenerator<Uint8Array, void, undefined> {
  const maxCompressedBytes = limits?.maxCompressedBytes ?? Number.POSITIVE_INFINITY;
  const maxDecompressedBytes = limits?.maxDecompressedBytes ?? Number.POSITIVE_INFINITY;
  if (compressed instanceof Uint8Array && compressed.length > maxCompressedBytes) {
    throw new SnapshotError('invalidInput', file, `is ${formatBytes(compressed.length)}, larger than the ${formatBytes(maxCompressedBytes)} limit for a compressed file`);
  }
  const stream = gzipDecompressionStream();
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const input: InputState = { done: false, bytes: 0 };
  const pumping = pump(compressed, writer, input, maxCompressedBytes, file);
  let finished = false;
  let total = 0;
  try {
    for (;;) {
      let result;
      try {
        result = await reader.read();
      } catch (error) {
        throw input.error ?? inflateError(error, input.done, file);
      }
      if (result.done) break;
      total += result.value.length;
      if (total > maxDecompressedBytes) {
        throw new SnapshotError('invalidInput', file, `is larger than the ${formatBytes(maxDecompressedBytes)} limit once decompressed`);
      }
      yield result.value;
    }
    await pumping;
    if (input.error !== undefined) throw input.error;
    finished = true;
  } finally {
    // Stopping early (cap, error, or the consumer broke off) cancels inflation; the pump then
    // sees its next write fail, stops, and closes the input iterator.
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

/**
 * Input is written in pieces so that inflation can run ahead of the reader by at most one piece
 * even where a stream inflates a whole written chunk at once (Node's applies backpressure inside a
 * chunk; the Streams spec does not require it). At deflate's maximum ratio of about 1:1032, a
 * 64 KiB piece inflates to at most ~64 MiB; smaller pieces cost more round trips (16 KiB ones took
 * 0.7 s of a 1,000,000-span open in Chromium, these a quarter of it).
 */
const PIECE_BYTES = 64 * 1024;

interface InputState {
  done: boolean;
  bytes: number;
  error?: unknown;
}

/**
 * Writes the input into the stream. A failure of the input itself is kept in `state.error` and
 * aborts the stream; a failed write means the stream failed or was cancelled, which the reading
 * side reports.
 */
async function pump(
  compressed: AsyncIterable<Uint8Array> | Uint8Array,
  writer: StreamWriter<Uint8Array>,
  state: InputState,
  maxCompressedBytes: number,
  file: string | undefined,
): Promise<void> {
  try {
    for await (const chunk of compressed instanceof Uint8Array ? [compressed] : compressed) {
      state.bytes += chunk.length;
      if (state.bytes > maxCompressedBytes) {
        state.error = new SnapshotError('invalidInput', file, `is larger than the ${formatBytes(maxCompressedBytes)} limit for a compressed file`);
        break;
      }
      for (let offset = 0; offset < chunk.length; offset += PIECE_BYTES) {
        if (!(await written(writer, chunk.subarray(offset, offset + PIECE_BYTES)))) return;
      }
    }
  } catch (error) {
    state.error = error;
  }
  if (state.error !== undefined) {
    await writer.abort(state.error).catch(() => undefined);
    return;
  }
  state.done = true;
  await writer.close().catch(() => undefined);
}

async function written(writer: StreamWriter<Uint8Array>, piece: Uint8Array): Promise<boolean> {
  try {
    await writer.write(piece);
    return true;
  } catch {
    return false;
  }
}

function inflateError(error: unknown, inputDone: boolean, file: string | undefined): SnapshotError {
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected end|truncat/i.test(message) || (inputDone && !/header|invalid|junk|incorrect/i.test(message))) {
    return new SnapshotError('corrupt', file, 'truncated gzip: the compressed data ends before the gzip stream does; the file was probably cut off while being copied or written');
  }
  return new SnapshotError('corrupt', file, `is not valid gzip data (${message})`);
}

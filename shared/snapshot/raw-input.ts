import { AppError } from '../base/errors.ts';
import { formatBytes } from '../base/format.ts';
import type { ByteStreamLike } from '../base/web-apis.ts';
import type { Limits } from './limits.ts';
import { SnapshotError } from './snapshot-error.ts';
import { concat } from './line-bytes.ts';

/** Bytes as they come: all at once, a Node stream (any async iterable), or a web ReadableStream. */
export type ByteSource = Uint8Array | AsyncIterable<Uint8Array> | ByteStreamLike;

/**
 * The stored bytes, counted against the compressed cap as they are handed to the inflater, at most
 * PIECE_BYTES at a time (so the ratio check sees what the inflater was given, even when the whole
 * file came as one chunk). Every chunk read from the source is kept until the caller knows the file
 * is a snapshot (`stopKeeping`); until then `all` can give every byte to a caller that must read
 * the file some other way.
 */
export class RawInput {
  /** Bytes handed out. */
  bytes = 0;
  private sourceBytes = 0;
  private kept: Uint8Array[] | undefined = [];
  /** What is left of the chunk being handed out. */
  private left: Uint8Array | undefined;
  private ended = false;
  private readonly source: () => Promise<Uint8Array | undefined>;
  private readonly cancelSource: () => Promise<unknown>;

  constructor(
    source: ByteSource,
    private readonly limits: Limits,
    private readonly file: string | undefined,
  ) {
    // isView, not instanceof: bytes from another realm (a test environment, a frame) are bytes too.
    if (ArrayBuffer.isView(source)) {
      let given: Uint8Array | undefined = source;
      this.source = async () => {
        const chunk = given;
        given = undefined;
        return chunk;
      };
      this.cancelSource = async () => undefined;
    } else if ('getReader' in source) {
      const reader = source.getReader();
      this.source = async () => {
        const result = await reader.read();
        return result.done ? undefined : result.value;
      };
      this.cancelSource = () => reader.cancel();
    } else {
      const iterator = source[Symbol.asyncIterator]();
      this.source = async () => {
        const result = await iterator.next();
        return result.done ? undefined : result.value;
      };
      this.cancelSource = async () => iterator.return?.();
    }
  }

  /** The first two bytes at least (the gzip magic), without handing them out. */
  async peek(): Promise<Uint8Array | undefined> {
    while (this.left === undefined || this.left.length < 2) {
      const chunk = await this.read();
      if (chunk === undefined) break;
      this.left = this.left === undefined ? chunk : concat([this.left, chunk], this.left.length + chunk.length);
    }
    return this.left;
  }

  iterable(): AsyncIterable<Uint8Array> {
    return {
      [Symbol.asyncIterator]: () => ({
        next: async (): Promise<IteratorResult<Uint8Array, undefined>> => {
          const chunk = await this.pull();
          return chunk === undefined ? { done: true, value: undefined } : { done: false, value: chunk };
        },
        return: async (): Promise<IteratorResult<Uint8Array, undefined>> => ({ done: true, value: undefined }),
      }),
    };
  }

  stopKeeping(): void {
    this.kept = undefined;
  }

  /** Every byte: the chunks already read, then the rest of the source. */
  async rest(): Promise<Uint8Array> {
    if (this.kept === undefined) throw new AppError('internal', 'the start of the file is no longer held');
    while ((await this.read()) !== undefined) {
      // read() keeps what it reads.
    }
    const all = this.kept.length === 1 ? this.kept[0]! : concat(this.kept, this.sourceBytes);
    this.kept = undefined;
    return all;
  }

  /**
   * Every byte as chunks, without holding them: those already read, then the rest of the source as
   * it comes. For a caller that found the file is not a snapshot and reads it as a stream itself.
   */
  async *replay(): AsyncGenerator<Uint8Array, void, undefined> {
    if (this.kept === undefined) throw new AppError('internal', 'the start of the file is no longer held');
    const kept = this.kept;
    this.kept = undefined;
    this.left = undefined;
    try {
      while (kept.length > 0) yield kept.shift()!;
      for (let chunk = await this.read(); chunk !== undefined; chunk = await this.read()) yield chunk;
    } finally {
      await this.cancel();
    }
  }

  async cancel(): Promise<void> {
    this.kept = undefined;
    this.left = undefined;
    if (this.ended) return;
    this.ended = true;
    await this.cancelSource().catch(() => undefined);
  }

  private async pull(): Promise<Uint8Array | undefined> {
    while (this.left === undefined || this.left.length === 0) {
      const chunk = await this.read();
      if (chunk === undefined) return undefined;
      this.left = chunk;
    }
    const piece = this.left.length > PIECE_BYTES ? this.left.subarray(0, PIECE_BYTES) : this.left;
    this.left = this.left.length > PIECE_BYTES ? this.left.subarray(PIECE_BYTES) : undefined;
    this.bytes += piece.length;
    if (this.bytes > this.limits.maxCompressedBytes) {
      throw new SnapshotError('invalidInput', this.file, `is larger than the ${formatBytes(this.limits.maxCompressedBytes)} limit for a file opened on this machine`);
    }
    return piece;
  }

  /** The next chunk of the source, kept while keeping. */
  private async read(): Promise<Uint8Array | undefined> {
    if (this.ended) return undefined;
    const chunk = await this.source();
    if (chunk === undefined) {
      this.ended = true;
      return undefined;
    }
    this.sourceBytes += chunk.length;
    this.kept?.push(chunk);
    return chunk;
  }
}

/** The most handed to the inflater at once (it inflates at most ~64 MiB from it at deflate's ceiling). */
const PIECE_BYTES = 64 * 1024;

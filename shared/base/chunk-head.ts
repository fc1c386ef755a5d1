/**
 * Reads the start of a stream of byte chunks without losing it: `head(n)` gives the first n bytes
 * (fewer at the end), in one chunk; `chunks()` then gives every byte once, the head first. For
 * telling a file's format from its start (gzip, BOM, snapshot opening) before reading it through.
 */
export class ChunkHead {
  private readonly buffered: Uint8Array[] = [];
  private bufferedBytes = 0;
  private readonly iterator: AsyncIterator<Uint8Array>;
  private done = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** The first `bytes` bytes (all of them when the stream is shorter), read once. */
  async head(bytes: number): Promise<Uint8Array> {
    while (this.bufferedBytes < bytes && !this.done) {
      const next = await this.iterator.next();
      if (next.done) this.done = true;
      else if (next.value.length > 0) {
        this.buffered.push(next.value);
        this.bufferedBytes += next.value.length;
      }
    }
    if (this.buffered.length > 1) {
      // One chunk holds the whole head, so that a BOM or a magic number is never split.
      const merged = new Uint8Array(this.bufferedBytes);
      let offset = 0;
      for (const chunk of this.buffered) {
        merged.set(chunk, offset);
        offset += chunk.length;
      }
      this.buffered.splice(0, this.buffered.length, merged);
    }
    return (this.buffered[0] ?? new Uint8Array(0)).subarray(0, bytes);
  }

  async *chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      for (const chunk of this.buffered.splice(0)) yield chunk;
      while (!this.done) {
        const next = await this.iterator.next();
        if (next.done) this.done = true;
        else yield next.value;
      }
    } finally {
      if (!this.done) await this.iterator.return?.();
    }
  }
}


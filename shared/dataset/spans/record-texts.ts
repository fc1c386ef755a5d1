import { utf8Decoder } from '../../base/web-apis.ts';

/**
 * The raw JSON line of every record kept open, as the UTF-8 bytes they arrived in, outside the
 * JavaScript heap (one copy of the text, no object per record): what the detail panel, the search
 * and the filter's later indexes parse again when they need a document. A line of a stable chunk
 * (see SnapshotSink: a decompressed chunk the reader handed over, which nothing writes to again)
 * is kept as a reference into that chunk, so the text is neither copied nor allocated twice; only
 * a line that spanned two chunks (in the reader's reused carry buffer) is copied.
 */
export class RecordTexts {
  private readonly chunks: Uint8Array[] = [];
  private lastChunk: Uint8Array | undefined;
  private chunk = new Int32Array(1024);
  private offset = new Int32Array(1024);
  private length = new Int32Array(1024);
  private count = 0;
  /** Bytes of text kept (the lines themselves). */
  bytes = 0;
  /** Bytes of the chunks held (the lines and what lies between them: the header, line ends). */
  held = 0;
  private readonly decoder = utf8Decoder(false);

  /** Keeps `bytes[start..end)`; returns its number. `stable`: see SnapshotSink. */
  add(bytes: Uint8Array, start: number, end: number, stable = false): number {
    const slot = this.count++;
    if (slot >= this.chunk.length) this.grow();
    if (stable) {
      if (bytes !== this.lastChunk) {
        this.chunks.push(bytes);
        this.lastChunk = bytes;
        this.held += bytes.byteLength;
      }
      this.offset[slot] = start;
    } else {
      this.chunks.push(bytes.slice(start, end));
      this.lastChunk = undefined;
      this.held += end - start;
      this.offset[slot] = 0;
    }
    this.chunk[slot] = this.chunks.length - 1;
    this.length[slot] = end - start;
    this.bytes += end - start;
    return slot;
  }

  /**
   * Keeps `count` lines of one stable chunk at once (a shard's, store-shard.ts): line i is
   * `bytes[starts[i], starts[i] + lengths[i])`. Returns the first line's number.
   */
  addLines(bytes: Uint8Array, starts: Int32Array, lengths: Int32Array, count: number): number {
    const first = this.count;
    while (first + count > this.chunk.length) this.grow();
    this.chunks.push(bytes);
    this.lastChunk = bytes;
    this.held += bytes.byteLength;
    this.chunk.fill(this.chunks.length - 1, first, first + count);
    this.offset.set(starts.subarray(0, count), first);
    this.length.set(lengths.subarray(0, count), first);
    for (let i = 0; i < count; i++) this.bytes += lengths[i]!;
    this.count += count;
    return first;
  }

  /** Where each kept line starts in its chunk, and its length (a shard's lines are all in its one chunk). */
  lines(): { readonly starts: Int32Array; readonly lengths: Int32Array } {
    return { starts: this.offset.slice(0, this.count), lengths: this.length.slice(0, this.count) };
  }

  text(slot: number): string {
    const start = this.offset[slot]!;
    return this.decoder.decode(this.chunks[this.chunk[slot]!]!.subarray(start, start + this.length[slot]!));
  }

  /** Bytes of record `slot`'s text. */
  size(slot: number): number {
    return this.length[slot]!;
  }

  private grow(): void {
    const size = this.chunk.length * 2;
    for (const name of ['chunk', 'offset', 'length'] as const) {
      const next = new Int32Array(size);
      next.set(this[name]);
      this[name] = next;
    }
  }
}

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

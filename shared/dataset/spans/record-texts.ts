import { utf8Decoder } from '../../base/web-apis.ts';

const BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * The raw JSON line of every record kept open, as UTF-8 bytes in large blocks outside the
 * JavaScript heap (one copy of the text, no object per record): what the detail panel, the search
 * and the filter's later indexes parse again when they need a document. A record longer than a
 * block gets a block of its own.
 */
export class RecordTexts {
  private readonly blocks: Uint8Array[] = [];
  private current = new Uint8Array(0);
  private used = 0;
  private block = new Int32Array(1024);
  private offset = new Int32Array(1024);
  private length = new Int32Array(1024);
  private count = 0;
  /** Bytes of text held. */
  bytes = 0;
  private readonly decoder = utf8Decoder(false);

  /** Keeps `bytes[start..end)`; returns its number. */
  add(bytes: Uint8Array, start: number, end: number): number {
    const size = end - start;
    if (this.used + size > this.current.length) {
      this.current = new Uint8Array(Math.max(BLOCK_BYTES, size));
      this.blocks.push(this.current);
      this.used = 0;
    }
    const slot = this.count++;
    if (slot >= this.block.length) this.grow();
    this.current.set(bytes.subarray(start, end), this.used);
    this.block[slot] = this.blocks.length - 1;
    this.offset[slot] = this.used;
    this.length[slot] = size;
    this.used += size;
    this.bytes += size;
    return slot;
  }

  text(slot: number): string {
    const block = this.blocks[this.block[slot]!]!;
    const start = this.offset[slot]!;
    return this.decoder.decode(block.subarray(start, start + this.length[slot]!));
  }

  /** Bytes of record `slot`'s text. */
  size(slot: number): number {
    return this.length[slot]!;
  }

  /** Bytes allocated (blocks and index), for memory accounting. */
  get allocated(): number {
    let total = this.block.byteLength * 3;
    for (const block of this.blocks) total += block.byteLength;
    return total;
  }

  private grow(): void {
    const size = this.block.length * 2;
    for (const name of ['block', 'offset', 'length'] as const) {
      const next = new Int32Array(size);
      next.set(this[name]);
      this[name] = next;
    }
  }
}

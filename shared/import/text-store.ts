import { utf8Decoder, utf8Encoder } from '../base/web-apis.ts';

/** Texts are copied into blocks of this size; a longer one gets a block of its own. */
const BLOCK_BYTES = 8 * 1024 * 1024;

/**
 * Texts kept as UTF-8 bytes outside the JavaScript heap, in a few large blocks, each read back
 * with `text(block, start, end)` (what `add` tells in `at`). An import keeps the JSON text of
 * every document it has written this way until it ends: as strings, 317 MB of them were copied by
 * every collection they survived (435 MB promoted, against 131 MB with the bytes out of the heap).
 * A string that is not well-formed UTF-16 (a lone surrogate, which UTF-8 cannot hold) is not
 * taken: `add` returns false and the caller keeps it as it is.
 */
export class TextStore {
  private readonly blocks: Uint8Array[] = [];
  private current = new Uint8Array(0);
  private used = 0;
  private readonly encoder = utf8Encoder();
  private readonly decoder = utf8Decoder(false);
  /** Where the last text added is: its block and byte range. */
  readonly at = { block: 0, start: 0, end: 0 };

  add(text: string): boolean {
    if (!(text as unknown as { isWellFormed(): boolean }).isWellFormed()) return false;
    const most = text.length * 3;
    if (this.used + most > this.current.length) {
      this.current = new Uint8Array(Math.max(BLOCK_BYTES, most));
      this.blocks.push(this.current);
      this.used = 0;
    }
    const { written } = this.encoder.encodeInto(text, this.current.subarray(this.used));
    this.at.block = this.blocks.length - 1;
    this.at.start = this.used;
    this.at.end = this.used + written;
    this.used += written;
    return true;
  }

  text(block: number, start: number, end: number): string {
    return this.decoder.decode(this.blocks[block]!.subarray(start, end));
  }
}

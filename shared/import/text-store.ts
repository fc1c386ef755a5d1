/** Texts are joined into blocks of about this many characters. */
const BLOCK_CHARS = 1024 * 1024;

/**
 * Many texts kept in few strings: each text added waits in a short list and is joined, with the
 * ones around it, into a block of about a million characters; `text(block, start, end)` (what
 * `add` tells in `at`) cuts it out again. An import keeps the JSON text of every document it has
 * written this way until it ends: as 162,083 strings, the texts (317 MB) were copied by every
 * collection they survived (435 MB promoted by scavenges in one run); a block of this size is
 * made outside the young generation, so each text is copied once, into its block.
 */
export class TextStore {
  private readonly blocks: string[] = [];
  private pending: string[] = [];
  private pendingChars = 0;
  /** Where the last text added is: its block and character range. */
  readonly at = { block: 0, start: 0, end: 0 };

  add(text: string): void {
    this.at.block = this.blocks.length;
    this.at.start = this.pendingChars;
    this.at.end = this.pendingChars + text.length;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= BLOCK_CHARS) this.flush();
  }

  text(block: number, start: number, end: number): string {
    if (block === this.blocks.length) this.flush();
    return this.blocks[block]!.slice(start, end);
  }

  private flush(): void {
    this.blocks.push(this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }
}

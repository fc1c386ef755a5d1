/**
 * Splits a stream of UTF-8 byte chunks into lines on `\n` without building strings: a line inside
 * one chunk is handed over as (chunk, start, end); only a line that spans chunks is copied, into
 * one reused buffer (`carried` is then true: those bytes change with the next such line). The
 * handler must not keep the bytes it is given.
 */
export type LineHandler = (bytes: Uint8Array, start: number, end: number, lineNumber: number, last: boolean, carried: boolean) => void;

const NEWLINE = 0x0a;

export class TextLines {
  private carry = new Uint8Array(64 * 1024);
  private carryLength = 0;
  private lineNumber = 0;
  private stopped = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: LineHandler,
    private readonly tooLong: (lineNumber: number) => Error,
  ) {}

  /** Stops splitting: the rest of the current chunk is returned by push, unsplit. */
  stop(): void {
    this.stopped = true;
  }

  /** Splits one chunk. Returns the unsplit rest of it when the handler called stop(). */
  push(chunk: Uint8Array): Uint8Array | undefined {
    let start = 0;
    const length = chunk.length;
    while (start < length) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) {
        this.keep(chunk, start, length);
        return undefined;
      }
      if (this.carryLength === 0) {
        if (newline - start > this.maxLineBytes) throw this.tooLong(this.lineNumber + 1);
        this.onLine(chunk, start, newline, ++this.lineNumber, false, false);
      } else {
        this.keep(chunk, start, newline);
        const carried = this.carryLength;
        this.carryLength = 0;
        this.onLine(this.carry, 0, carried, ++this.lineNumber, false, true);
      }
      start = newline + 1;
      if (this.stopped) return chunk.subarray(start);
    }
    return undefined;
  }

  /** Hands over the last line when the text does not end with `\n`. */
  end(): void {
    if (this.carryLength === 0 || this.stopped) return;
    const carried = this.carryLength;
    this.carryLength = 0;
    this.onLine(this.carry, 0, carried, ++this.lineNumber, true, true);
  }

  private keep(chunk: Uint8Array, start: number, end: number): void {
    const needed = this.carryLength + (end - start);
    if (needed > this.maxLineBytes) throw this.tooLong(this.lineNumber + 1);
    if (needed > this.carry.length) {
      const grown = new Uint8Array(Math.min(Math.max(needed, this.carry.length * 2), this.maxLineBytes));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(chunk.subarray(start, end), this.carryLength);
    this.carryLength = needed;
  }
}

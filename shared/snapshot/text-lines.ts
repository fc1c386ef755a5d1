/**
 * Splits a stream of UTF-8 byte chunks into lines on `\n` without building strings: a line inside
 * one chunk is handed over as (chunk, start, end); only a line that spans chunks is copied, into
 * one reused buffer (`carried` is then true: those bytes change with the next such line). The
 * handler must not keep the bytes it is given.
 */
export type LineHandler = (bytes: Uint8Array, start: number, end: number, lineNumber: number, last: boolean, carried: boolean) => void;

import { ByteCarry } from '../base/byte-carry.ts';

const NEWLINE = 0x0a;

export class TextLines {
  private readonly carry: ByteCarry;
  /** Lines handed over (or skipped) so far: the number of the last one. */
  lineNumber = 0;
  private stopped = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: LineHandler,
    private readonly tooLong: (lineNumber: number) => Error,
  ) {
    this.carry = new ByteCarry(maxLineBytes);
  }

  /** Whether a line is begun and not yet ended (its start is in the carry buffer). */
  get carrying(): boolean {
    return this.carry.length > 0;
  }

  /** Counts `lines` whole lines read elsewhere (a batch, record-batches.ts), so later line numbers stay right. */
  skip(lines: number): void {
    this.lineNumber += lines;
  }

  /** Stops splitting: the rest of the current chunk is returned by push, unsplit. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Splits one chunk. Returns the unsplit rest of it when the handler called stop(). `text`, when
   * given, is the chunk decoded with one character per byte (ASCII): the newlines are searched in
   * it, which a string does at memchr speed (Uint8Array.indexOf took 0.4 s of a 374 MB open in
   * Chromium's profile).
   */
  push(chunk: Uint8Array, text?: string): Uint8Array | undefined {
    let start = 0;
    const length = chunk.length;
    const search = text !== undefined && text.length === length ? text : undefined;
    while (start < length) {
      const newline = search !== undefined ? search.indexOf('\n', start) : chunk.indexOf(NEWLINE, start);
      if (newline === -1) {
        this.keep(chunk, start, length);
        return undefined;
      }
      if (this.carry.length === 0) {
        if (newline - start > this.maxLineBytes) throw this.tooLong(this.lineNumber + 1);
        this.onLine(chunk, start, newline, ++this.lineNumber, false, false);
      } else {
        this.keep(chunk, start, newline);
        this.handCarried(false);
      }
      start = newline + 1;
      if (this.stopped) return chunk.subarray(start);
    }
    return undefined;
  }

  /** Hands over the last line when the text does not end with `\n`. */
  end(): void {
    if (this.carry.length === 0 || this.stopped) return;
    this.handCarried(true);
  }

  /** The carried line to the handler; the buffer is free for the next one as soon as it returns. */
  private handCarried(last: boolean): void {
    const line = this.carry.view();
    this.carry.clear();
    this.onLine(line, 0, line.length, ++this.lineNumber, last, true);
  }

  private keep(chunk: Uint8Array, start: number, end: number): void {
    if (!this.carry.fits(end - start)) throw this.tooLong(this.lineNumber + 1);
    this.carry.append(chunk, start, end);
  }
}

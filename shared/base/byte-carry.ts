/**
 * Bytes kept across chunks (a line or a value that a chunk boundary cut), in one buffer that grows
 * by doubling up to `max` and is reused: only what spans chunks is ever copied.
 */
export class ByteCarry {
  private buffer = new Uint8Array(64 * 1024);
  length = 0;

  constructor(private readonly max: number) {}

  /** Whether `extra` more bytes stay within the cap. */
  fits(extra: number): boolean {
    return this.length + extra <= this.max;
  }

  /** Appends `bytes[start, end)`; the caller checked `fits`. */
  append(bytes: Uint8Array, start: number, end: number): void {
    const needed = this.length + (end - start);
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.min(Math.max(needed, this.buffer.length * 2), this.max));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(bytes.subarray(start, end), this.length);
    this.length = needed;
  }

  /** The kept bytes, as a view (valid until the next append or clear). */
  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  /** The kept bytes from `offset` on, as a copy of their own. */
  copy(offset = 0): Uint8Array {
    return this.buffer.slice(offset, this.length);
  }

  clear(): void {
    this.length = 0;
  }
}

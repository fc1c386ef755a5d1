// Small helpers of the line reader (snapshot-lines.ts) and the byte sources.

/** Whether `bytes[start, end)` holds only spaces, tabs and carriage returns. */
export function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = bytes[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  }
  return true;
}

/** The first `length` bytes of `chunks`, end to end, in one array. */
export function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    if (offset >= length) break;
    const part = chunk.length > length - offset ? chunk.subarray(0, length - offset) : chunk;
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** An error's message, or the thrown value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

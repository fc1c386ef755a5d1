/**
 * The pieces of one gzip member (RFC 1952) whose deflate data is written in two parts: the
 * snapshot's records are compressed while the files are read, its header only once they all have
 * been, yet the header comes first. A raw deflate part that ends with a sync flush (no final block,
 * byte-aligned) can be followed by any raw deflate stream: the second part's back-references reach
 * only into its own data. So the file is one ordinary gzip member — the header, then the records —
 * that every gzip reader accepts (Chromium's DecompressionStream refuses a second member as "junk").
 * Its CRC-32 is the two parts' CRCs combined (zlib's crc32_combine, written out here because
 * node:zlib does not expose it).
 */

/** The 10-byte member header: deflate, no name or extra fields, no time (0), unknown OS (255). */
export function gzipHeader(): Uint8Array {
  return Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255);
}

/** The 8-byte trailer: CRC-32 and the uncompressed size modulo 2^32, both little-endian. */
export function gzipTrailer(crc: number, uncompressedBytes: number): Uint8Array {
  const trailer = new Uint8Array(8);
  const view = new DataView(trailer.buffer);
  view.setUint32(0, crc >>> 0, true);
  view.setUint32(4, uncompressedBytes % 2 ** 32, true);
  return trailer;
}

/** The CRC-32 of A followed by B, from CRC(A), CRC(B) and B's length in bytes. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB <= 0) return crcA >>> 0;
  // Operators on CRCs as 32×32 bit matrices over GF(2): `odd` appends one zero bit, squaring
  // doubles the count; the bits of lengthB pick the powers of two that append its zero bytes.
  const even = new Uint32Array(32);
  const odd = new Uint32Array(32);
  odd[0] = 0xedb88320;
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row;
  square(even, odd);
  square(odd, even);
  let crc = crcA >>> 0;
  let length = lengthB;
  for (;;) {
    square(even, odd);
    if (length % 2 === 1) crc = times(even, crc);
    length = Math.floor(length / 2);
    if (length === 0) break;
    square(odd, even);
    if (length % 2 === 1) crc = times(odd, crc);
    length = Math.floor(length / 2);
    if (length === 0) break;
  }
  return (crc ^ crcB) >>> 0;
}

function times(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let i = 0, bits = vector >>> 0; bits !== 0; i++, bits >>>= 1) if (bits & 1) sum ^= matrix[i] as number;
  return sum >>> 0;
}

function square(into: Uint32Array, matrix: Uint32Array): void {
  for (let n = 0; n < 32; n++) into[n] = times(matrix, matrix[n] as number);
}

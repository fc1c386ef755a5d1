const INITIAL = 1024;
/** `kind` of a code: 16 lowercase hex digits in `hi` and `lo`, or another string numbered in `lo`. */
const HEX = 0;
const OTHER = 1;

/**
 * Span ids as numbers, so that a tally of 2,000,000 spans keeps no id string alive (each one the
 * garbage collector would copy and mark): X-Ray's ids are 16 lowercase hex digits, kept as two
 * 32-bit halves; any other string (the format is not enforced, see segment-validation.ts) gets a
 * number of its own, the same for the same string. Two ids are the same string exactly when their
 * codes are equal.
 */
export class SpanIdCodes {
  count = 0;
  hi = new Int32Array(INITIAL);
  lo = new Int32Array(INITIAL);
  kind = new Uint8Array(INITIAL);
  private readonly others: string[];
  private readonly otherIndex: Map<string, number>;

  /** `shareWith`: codes whose other strings are numbered alike (so that codes of the two compare). */
  constructor(shareWith?: SpanIdCodes) {
    this.others = shareWith?.others ?? [];
    this.otherIndex = shareWith?.otherIndex ?? new Map<string, number>();
  }

  /** Appends the code of `id`; returns its index. */
  push(id: string): number {
    const i = this.count++;
    if (i >= this.kind.length) this.grow();
    const high = id.length === 16 ? hexWord(id, 0) : -1;
    const low = high >= 0 ? hexWord(id, 8) : -1;
    if (low >= 0) {
      this.hi[i] = high | 0;
      this.lo[i] = low | 0;
      this.kind[i] = HEX;
      return i;
    }
    let other = this.otherIndex.get(id);
    if (other === undefined) {
      other = this.others.length;
      this.others.push(id);
      this.otherIndex.set(id, other);
    }
    this.hi[i] = 0;
    this.lo[i] = other;
    this.kind[i] = OTHER;
    return i;
  }

  /** The id at `i`, as the string it was. */
  text(i: number): string {
    if (this.kind[i] === OTHER) return this.others[this.lo[i]!]!;
    return hex8(this.hi[i]!) + hex8(this.lo[i]!);
  }

  private grow(): void {
    const size = this.kind.length * 2;
    this.hi = grown(this.hi, size);
    this.lo = grown(this.lo, size);
    this.kind = grown(this.kind, size);
  }
}

/**
 * The slots of one trace by span id: open addressing over the codes of a SpanIdCodes, reused from
 * trace to trace (`reset` sizes it for a trace's spans). A slot is named by the index of its first
 * span's code.
 */
export class SlotIndex {
  private cells = new Int32Array(64);
  private mask = 63;
  /** Per slot, the index in `codes` of the span that made it. */
  private key = new Int32Array(64);

  constructor(private readonly codes: SpanIdCodes) {}

  /** Empties the index for a trace of at most `spans` spans. */
  reset(spans: number): void {
    let size = 64;
    while (size < spans * 2) size *= 2;
    if (size > this.cells.length) this.cells = new Int32Array(size);
    else this.cells.fill(0, 0, size);
    if (spans > this.key.length) this.key = new Int32Array(Math.max(spans, this.key.length * 2));
    this.mask = size - 1;
  }

  /** The slot of the id with this code, or -1. */
  find(hi: number, lo: number, kind: number): number {
    const { cells, key, mask } = this;
    const { hi: his, lo: los, kind: kinds } = this.codes;
    for (let cell = hashOf(hi, lo, kind) & mask; ; cell = (cell + 1) & mask) {
      const entry = cells[cell]!;
      if (entry === 0) return -1;
      const k = key[entry - 1]!;
      if (his[k] === hi && los[k] === lo && kinds[k] === kind) return entry - 1;
    }
  }

  /** The slot of span `i`'s id (in `codes`), made as slot `next` when there is none yet. */
  slotOf(i: number, next: number): number {
    const { cells, key, mask } = this;
    const { hi: his, lo: los, kind: kinds } = this.codes;
    const hi = his[i]!;
    const lo = los[i]!;
    const kind = kinds[i]!;
    for (let cell = hashOf(hi, lo, kind) & mask; ; cell = (cell + 1) & mask) {
      const entry = cells[cell]!;
      if (entry === 0) {
        cells[cell] = next + 1;
        key[next] = i;
        return next;
      }
      const k = key[entry - 1]!;
      if (his[k] === hi && los[k] === lo && kinds[k] === kind) return entry - 1;
    }
  }
}

function hashOf(hi: number, lo: number, kind: number): number {
  let h = Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b) ^ kind;
  h ^= h >>> 15;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 13);
}

/** The 8 lowercase hex digits of `s` from `from` as a number (0 … 2^32 − 1), or -1 when they are not that. */
function hexWord(s: string, from: number): number {
  let value = 0;
  for (let i = from; i < from + 8; i++) {
    const c = s.charCodeAt(i);
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

function hex8(word: number): string {
  return (word >>> 0).toString(16).padStart(8, '0');
}

function grown<T extends Int32Array | Uint8Array>(array: T, size: number): T {
  const next = new (array.constructor as new (length: number) => T)(size);
  next.set(array);
  return next;
}

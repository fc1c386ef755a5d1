/**
 * A map from a pair of non-negative int32s to a dense id (0, 1, 2… in order of first insertion),
 * open addressing over typed arrays. The paths of two 100,000-span traces are two such look-ups a
 * span: a Map keyed by `a · 2^k + b` holds numbers past 2^31 as heap doubles and took most of the
 * comparison's time (about 100–350 ms a trace, against a few tens here).
 */
export class PairTable {
  private keysA: Int32Array;
  private keysB: Int32Array;
  /** id + 1; 0 marks an empty slot. */
  private ids: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.keysA = new Int32Array(capacity);
    this.keysB = new Int32Array(capacity);
    this.ids = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** The id of (a, b), a new one when the pair is new. */
  intern(a: number, b: number): number {
    let slot = hash(a, b) & this.mask;
    for (;;) {
      const id = this.ids[slot]!;
      if (id === 0) break;
      if (this.keysA[slot] === a && this.keysB[slot] === b) return id - 1;
      slot = (slot + 1) & this.mask;
    }
    const id = this.size++;
    this.keysA[slot] = a;
    this.keysB[slot] = b;
    this.ids[slot] = id + 1;
    if (this.size * 2 > this.mask) this.grow();
    return id;
  }

  private grow(): void {
    const [keysA, keysB, ids] = [this.keysA, this.keysB, this.ids];
    const capacity = ids.length * 2;
    this.keysA = new Int32Array(capacity);
    this.keysB = new Int32Array(capacity);
    this.ids = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let old = 0; old < ids.length; old++) {
      if (ids[old] === 0) continue;
      let slot = hash(keysA[old]!, keysB[old]!) & this.mask;
      while (this.ids[slot] !== 0) slot = (slot + 1) & this.mask;
      this.keysA[slot] = keysA[old]!;
      this.keysB[slot] = keysB[old]!;
      this.ids[slot] = ids[old]!;
    }
  }
}

function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  return Math.imul(h, 0xc2b2ae3d) ^ (h >>> 13);
}

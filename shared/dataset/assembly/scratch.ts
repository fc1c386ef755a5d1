/**
 * Working memory for assembling one trace at a time, reused from trace to trace so that the
 * only allocations per span are the `Span` objects themselves: columns per span read (losers of
 * de-duplication included; each names its *raw* span in the SpanStore), one *slot* per distinct
 * span id holding the version kept, a small open-addressing hash index from span id to slot
 * (sized to the trace, so it stays in cache), and the tree buffers. Typed arrays grow by doubling
 * and are never shrunk.
 */
export { BIT_ADDED, BIT_ERROR, BIT_FAULT, BIT_IN_PROGRESS, BIT_INFERS, BIT_THROTTLE, KIND_INFERRED, KIND_SEGMENT, KIND_SUBSEGMENT } from '../spans/span-store.ts';
import { BIT_IN_PROGRESS } from '../spans/span-store.ts';

const INITIAL = 256;
const MIN_INDEX = 64;

export class TraceScratch {
  // Per span read.
  entryCount = 0;
  /** The raw span (SpanStore index) each entry was read from; for an added inferred node, its subsegment's. */
  raw = new Int32Array(INITIAL);
  id: string[] = [];
  /** `parent_id` of a document (segment or independent subsegment), else undefined. */
  parentId: (string | undefined)[] = [];
  kind = new Uint8Array(INITIAL);
  bits = new Uint8Array(INITIAL);
  start = new Float64Array(INITIAL);
  /** NaN while in progress. */
  end = new Float64Array(INITIAL);
  /** The enclosing entry of a nested subsegment, else -1. */
  parentEntry = new Int32Array(INITIAL);
  slotOf = new Int32Array(INITIAL);
  // Per slot (distinct span id, or an added inferred node).
  slotCount = 0;
  slotEntry = new Int32Array(INITIAL);
  private slotHash = new Int32Array(INITIAL);
  // Id index: slot + 1 per cell, 0 = empty; `indexSize` cells in use (a power of two).
  private index = new Int32Array(MIN_INDEX * 4);
  private indexSize = MIN_INDEX;
  // Tree buffers, per slot (see trace-assembly-tree.ts and trace-assembly-build.ts).
  parentSlot = new Int32Array(INITIAL);
  slotFlags = new Uint8Array(INITIAL);
  slotStart = new Float64Array(INITIAL);
  childStart = new Int32Array(INITIAL + 1);
  children = new Int32Array(INITIAL);
  localOf = new Int32Array(INITIAL);
  order = new Int32Array(INITIAL);
  stack = new Int32Array(INITIAL);
  roots = new Int32Array(INITIAL);
  /** Segment id of each span of the trace being built, by position. */
  readonly segmentIds: string[] = [];

  reset(): void {
    this.entryCount = 0;
    this.slotCount = 0;
    this.indexSize = MIN_INDEX;
    this.index.fill(0, 0, MIN_INDEX);
  }

  /** The slot of span `id`, or -1. */
  findSlot(id: string): number {
    return this.probe(id, hashOf(id));
  }

  /** Records one span read from the input and files it under its id's slot (see `keep`). */
  add(raw: number, id: string, kind: number, start: number, end: number, bits: number, parentEntry: number, parentId: string | undefined): number {
    const entry = this.push(raw, id, kind, start, end, bits, parentEntry, parentId);
    const hash = hashOf(id);
    let slot = this.probe(id, hash);
    if (slot < 0) {
      slot = this.newSlot(entry);
      this.slotHash[slot] = hash;
      if (this.slotCount * 2 > this.indexSize) this.growIndex();
      else this.insert(slot, hash);
    } else if ((this.bits[this.slotEntry[slot]!]! & BIT_IN_PROGRESS) !== 0 && (bits & BIT_IN_PROGRESS) === 0) {
      // A completed version replaces an in-progress one; otherwise the first one stays.
      this.slotEntry[slot] = entry;
    }
    this.slotOf[entry] = slot;
    return entry;
  }

  /**
   * Records a span the assembler made (an added inferred node) in a slot of its own, not indexed.
   * Only after every `add` of the trace: growing the index re-files slots by their stored hash.
   */
  addDetached(raw: number, id: string, kind: number, start: number, end: number, bits: number, parentEntry: number): number {
    const entry = this.push(raw, id, kind, start, end, bits, parentEntry, undefined);
    const slot = this.newSlot(entry);
    this.slotOf[entry] = slot;
    return slot;
  }

  /** Makes the tree buffers hold at least `slots` slots. */
  ensureTreeCapacity(slots: number): void {
    if (this.parentSlot.length >= slots) return;
    const size = capacityFor(slots);
    this.parentSlot = new Int32Array(size);
    this.slotFlags = new Uint8Array(size);
    this.slotStart = new Float64Array(size);
    this.childStart = new Int32Array(size + 1);
    this.children = new Int32Array(size);
    this.localOf = new Int32Array(size);
    this.order = new Int32Array(size);
    this.stack = new Int32Array(size);
    this.roots = new Int32Array(size);
  }

  private probe(id: string, hash: number): number {
    const mask = this.indexSize - 1;
    let cell = hash & mask;
    let value: number;
    while ((value = this.index[cell]!) !== 0) {
      const slot = value - 1;
      if (this.slotHash[slot] === hash && this.id[this.slotEntry[slot]!] === id) return slot;
      cell = (cell + 1) & mask;
    }
    return -1;
  }

  private insert(slot: number, hash: number): void {
    const mask = this.indexSize - 1;
    let cell = hash & mask;
    while (this.index[cell] !== 0) cell = (cell + 1) & mask;
    this.index[cell] = slot + 1;
  }

  /** Doubles the index and re-files every indexed slot (added slots are never indexed). */
  private growIndex(): void {
    this.indexSize *= 2;
    if (this.index.length < this.indexSize) this.index = new Int32Array(this.indexSize);
    else this.index.fill(0, 0, this.indexSize);
    for (let slot = 0; slot < this.slotCount; slot++) this.insert(slot, this.slotHash[slot]!);
  }

  private newSlot(entry: number): number {
    const slot = this.slotCount++;
    if (slot >= this.slotEntry.length) {
      this.slotEntry = grown(this.slotEntry, slot + 1);
      this.slotHash = grown(this.slotHash, slot + 1);
    }
    this.slotEntry[slot] = entry;
    return slot;
  }

  private push(raw: number, id: string, kind: number, start: number, end: number, bits: number, parentEntry: number, parentId: string | undefined): number {
    const entry = this.entryCount++;
    if (entry >= this.kind.length) this.growEntries(entry + 1);
    this.raw[entry] = raw;
    this.id[entry] = id;
    this.parentId[entry] = parentId;
    this.kind[entry] = kind;
    this.bits[entry] = bits;
    this.start[entry] = start;
    this.end[entry] = end;
    this.parentEntry[entry] = parentEntry;
    return entry;
  }

  private growEntries(needed: number): void {
    this.raw = grown(this.raw, needed);
    this.kind = grown(this.kind, needed);
    this.bits = grown(this.bits, needed);
    this.start = grown(this.start, needed);
    this.end = grown(this.end, needed);
    this.parentEntry = grown(this.parentEntry, needed);
    this.slotOf = grown(this.slotOf, needed);
  }
}

function capacityFor(needed: number): number {
  let size = INITIAL;
  while (size < needed) size *= 2;
  return size;
}

function grown<T extends Uint8Array | Int32Array | Float64Array>(array: T, needed: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacityFor(needed));
  next.set(array);
  return next;
}

/** FNV-1a over the UTF-16 code units with a final mix (index cells hold slot + 1, so any hash value is fine). */
function hashOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash ^ (hash >>> 15);
}

import { describe, expect, it } from 'vitest';
import { SlotIndex, SpanIdCodes } from './span-id-codes.ts';

describe('SpanIdCodes', () => {
  const ids = ['53995c3f42cd8ad8', 'ffffffffffffffff', '0000000000000000', '53995C3F42CD8AD8', 'abcdefghijklmnop', 'a', '', '53995c3f42cd8ad', '53995c3f42cd8ad8 '];

  it('gives every id back as the string it was', () => {
    const codes = new SpanIdCodes();
    for (const id of ids) codes.push(id);
    expect(ids.map((_, i) => codes.text(i))).toEqual(ids);
  });

  it('codes two ids alike exactly when they are the same string, across codes that share their numbering', () => {
    const spans = new SpanIdCodes();
    const parents = new SpanIdCodes(spans);
    for (const id of ids) spans.push(id);
    const index = new SlotIndex(spans);
    index.reset(ids.length);
    // Each id is its own slot: upper-case hex is not the lower-case id, a shorter one is not a prefix.
    expect(ids.map((_, i) => index.slotOf(i, i))).toEqual(ids.map((_, i) => i));
    for (const [i, id] of ids.entries()) {
      const p = parents.push(id);
      expect(index.find(parents.hi[p]!, parents.lo[p]!, parents.kind[p]!)).toBe(i);
    }
    const unknown = parents.push('1234567812345678');
    expect(index.find(parents.hi[unknown]!, parents.lo[unknown]!, parents.kind[unknown]!)).toBe(-1);
    const again = spans.push('53995c3f42cd8ad8');
    expect(index.slotOf(again, ids.length)).toBe(0);
  });

  it('indexes a trace of many spans after a small one (the index grows)', () => {
    const codes = new SpanIdCodes();
    const index = new SlotIndex(codes);
    index.reset(2);
    expect(index.slotOf(codes.push('x'), 0)).toBe(0);
    const n = 5000;
    index.reset(n);
    for (let i = 0; i < n; i++) expect(index.slotOf(codes.push(i.toString(16).padStart(16, '0')), i)).toBe(i);
    expect(index.find(0, 4999, 0)).toBe(4999);
  });
});

import { describe, expect, it } from 'vitest';
import { PairTable } from './traces-pair-table.ts';

describe('PairTable', () => {
  it('numbers pairs densely in order of first sight, the same id for the same pair after growing', () => {
    const table = new PairTable(4);
    const pairs: [number, number][] = [];
    for (let a = 0; a < 100; a++) for (let b = 0; b < 50; b++) pairs.push([a * 7919, b === 0 ? 2 ** 31 - 1 : b]);
    expect(pairs.map(([a, b]) => table.intern(a, b))).toEqual(pairs.map((_, k) => k));
    expect(table.size).toBe(5000);
    expect(pairs.map(([a, b]) => table.intern(a, b))).toEqual(pairs.map((_, k) => k));
    // (a, b) and (b, a) are two pairs.
    expect([table.intern(1, 2), table.intern(2, 1)]).toEqual([5000, 5001]);
  });
});

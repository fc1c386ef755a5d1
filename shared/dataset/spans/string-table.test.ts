import { describe, expect, it } from 'vitest';
import { StringTable } from './string-table.ts';

describe('StringTable', () => {
  it('names each distinct string once, in order of first appearance, whatever the column', () => {
    const table = new StringTable();
    // 'a0b' and 'a1b' have the same length, first and last character: the same cache cell.
    const asked = ['a0b', 'a1b', 'a0b', 'ab', 'ba', 'a1b', '', 'ab', ''];
    const ids = asked.map((value) => table.id(value, 3));
    expect(ids).toEqual([1, 2, 1, 3, 4, 2, 5, 3, 5]);
    expect(table.size).toBe(5);
    expect([1, 2, 3, 4, 5].map((id) => table.value(id))).toEqual(['a0b', 'a1b', 'ab', 'ba', '']);
    // Another column, or one past the 16 with a cache of their own (it shares one), finds the same ids.
    expect(asked.map((value) => table.id(value, 0))).toEqual(ids);
    expect(asked.map((value) => table.id(value, 40))).toEqual(ids);
  });

  it('gives 0 to anything that is not a string, and a string built apart the id of an equal one', () => {
    const table = new StringTable();
    expect([undefined, null, 42, {}, ['x']].map((value) => table.id(value, 1))).toEqual([0, 0, 0, 0, 0]);
    const first = table.id('scale-entry', 1);
    const built = ['scale', 'entry'].join('-');
    expect(table.id(built, 1)).toBe(first);
    expect(table.value(0)).toBeUndefined();
    expect(table.size).toBe(1);
  });

  it('keeps every id right when many strings fall into one column (a hostile file of distinct names)', () => {
    const table = new StringTable();
    const names = Array.from({ length: 5000 }, (_, i) => `name-${i}`);
    const ids = names.map((name) => table.id(name, 2));
    expect(new Set(ids).size).toBe(5000);
    const again = [...names].reverse().map((name) => table.id(name, 2));
    expect(again).toEqual([...ids].reverse());
    expect(ids.map((id) => table.value(id))).toEqual(names);
  });
});

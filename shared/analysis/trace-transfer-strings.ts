/**
 * A column of strings that crosses postMessage cheaply: the values joined into one string (a
 * string clones as one copy of its characters, where an array of 100,000 strings clones as
 * 100,000 objects) with their offsets in a typed array. A dictionary column stores each distinct
 * value once and gives every span the number of its value — span names, origins and parent ids
 * repeat a lot, so a 100,000-span trace's names take a few hundred characters.
 */
export interface StringColumn {
  /** The values, joined. */
  readonly text: string;
  /** Value k is text.slice(offsets[k], offsets[k + 1]); `values + 1` entries. */
  readonly offsets: Uint32Array;
  /** Per span: the number of its value, -1 for none. Absent: span i has value i. */
  readonly index?: Int32Array;
}

/**
 * Encodes `count` values. With `dictionary`, equal values are stored once (a Map, never a plain
 * object, so a value like `__proto__` is just a value); without, every value is stored in order
 * and none may be undefined (ids).
 */
export function encodeStrings(count: number, valueOf: (i: number) => string | undefined, dictionary: boolean): StringColumn {
  const parts: string[] = [];
  const lengths: number[] = [];
  if (!dictionary) {
    for (let i = 0; i < count; i++) {
      const value = valueOf(i) ?? '';
      parts.push(value);
      lengths.push(value.length);
    }
    return { text: parts.join(''), offsets: offsetsOf(lengths) };
  }
  const index = new Int32Array(count);
  const numbers = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const value = valueOf(i);
    if (value === undefined) {
      index[i] = -1;
      continue;
    }
    let k = numbers.get(value);
    if (k === undefined) {
      k = parts.length;
      numbers.set(value, k);
      parts.push(value);
      lengths.push(value.length);
    }
    index[i] = k;
  }
  return { text: parts.join(''), offsets: offsetsOf(lengths), index };
}

function offsetsOf(lengths: readonly number[]): Uint32Array {
  const offsets = new Uint32Array(lengths.length + 1);
  for (let k = 0; k < lengths.length; k++) offsets[k + 1] = offsets[k]! + lengths[k]!;
  return offsets;
}

/** Reads a column back, value by value, without splitting it up front (O(1) to create). */
export class StringColumnReader {
  private readonly cache: (string | undefined)[] = [];

  constructor(private readonly column: StringColumn) {}

  /** The number of distinct values (of values, for a column without dictionary). */
  get size(): number {
    return this.column.offsets.length - 1;
  }

  /** Value number k. */
  value(k: number): string {
    const { text, offsets } = this.column;
    if (!this.column.index) return text.slice(offsets[k], offsets[k + 1]);
    let value = this.cache[k];
    if (value === undefined) this.cache[k] = value = text.slice(offsets[k], offsets[k + 1]);
    return value;
  }

  /** The value of span i, undefined for none. */
  get(i: number): string | undefined {
    const index = this.column.index;
    const k = index ? (index[i] ?? -1) : i;
    return k < 0 || k >= this.size ? undefined : this.value(k);
  }
}

/**
 * Columns of strings that cross postMessage cheaply: the values joined into one string (a string
 * clones as one copy of its characters, where an array of 100,000 strings clones as 100,000
 * objects) with their offsets in a typed array. A dictionary column stores each distinct value
 * once and gives every span the number of its value — span names and origins repeat a lot, so a
 * 100,000-span trace's names take a few hundred characters. Data-chosen strings are only ever Map
 * keys and values, never object keys.
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
 * A column of ids that mostly repeat the id of another span of the same trace (a parent id names
 * the tree parent; a segment id names the span itself or an ancestor): `ref[i]` ≥ 0 is that span,
 * -1 is no value, and r ≤ -2 is value −2 − r of `others` (an orphan's missing parent…).
 */
export interface IdRefColumn {
  readonly ref: Int32Array;
  readonly others: StringColumn;
}

/** Builds a StringColumn value by value; with `dictionary`, equal values are stored once. */
export class StringColumnBuilder {
  private readonly parts: string[] = [];
  private readonly numbers = new Map<string, number>();

  constructor(private readonly dictionary: boolean) {}

  /** The number of `value` (a new one, or the earlier equal one in a dictionary). */
  add(value: string): number {
    if (this.dictionary) {
      const known = this.numbers.get(value);
      if (known !== undefined) return known;
      this.numbers.set(value, this.parts.length);
    }
    this.parts.push(value);
    return this.parts.length - 1;
  }

  /** Value k as added (only the values added so far). */
  value(k: number): string | undefined {
    return this.parts[k];
  }

  build(index?: Int32Array): StringColumn {
    const offsets = new Uint32Array(this.parts.length + 1);
    for (let k = 0; k < this.parts.length; k++) offsets[k + 1] = offsets[k]! + this.parts[k]!.length;
    const text = this.parts.join('');
    return index ? { text, offsets, index } : { text, offsets };
  }
}

/** Encodes `count` values at once (see StringColumnBuilder); undefined values become -1. */
export function encodeStrings(count: number, valueOf: (i: number) => string | undefined, dictionary: boolean): StringColumn {
  const builder = new StringColumnBuilder(dictionary);
  if (!dictionary) {
    for (let i = 0; i < count; i++) builder.add(valueOf(i) ?? '');
    return builder.build();
  }
  const index = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const value = valueOf(i);
    index[i] = value === undefined ? -1 : builder.add(value);
  }
  return builder.build(index);
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

/** Reads an IdRefColumn back, given the id of any span of the trace (`idOf`; undefined while unknown). */
export class IdRefColumnReader {
  private readonly others: StringColumnReader;

  constructor(
    private readonly column: IdRefColumn,
    private readonly idOf: (span: number) => string | undefined,
  ) {
    this.others = new StringColumnReader(column.others);
  }

  /** The id of value i (a span of the column, counted from the column's first). */
  get(i: number): string | undefined {
    const ref = this.column.ref[i] ?? -1;
    if (ref >= 0) return this.idOf(ref);
    return ref === -1 ? undefined : this.others.get(-2 - ref);
  }
}

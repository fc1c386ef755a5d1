/**
 * Interned strings: each distinct string once, named by a small integer (0 = none), so a column
 * of a million span names is an Int32Array over a few dozen strings. Names, origins, namespaces,
 * accounts and resource names repeat in every trace; a hostile file of distinct names costs what
 * the strings themselves cost.
 */
export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly values: (string | undefined)[] = [undefined];

  /**
   * A small direct-mapped cache per column (see `id`), keyed by a string's length and its first
   * and last characters, checked with `===`: a string JSON.parse has just made has no hash yet,
   * and hashing it for the Map (then probing a table out of cache) costs far more than comparing
   * it with the few values a column holds. A column's values repeat from span to span (the
   * account, the origin, the handful of names in a service), so most lookups end here; a miss
   * goes to the Map and takes the cell. (Before this, one last value per column: 26 % of the
   * 1,020,000-span open's lookups hit it.)
   */
  private readonly cachedValues: (string | undefined)[] = new Array<string | undefined>(COLUMNS << CELL_BITS).fill(undefined);
  private readonly cachedIds = new Int32Array(COLUMNS << CELL_BITS);

  /** The id of `value` (0 for anything that is not a string); `column` names the caller's column (0 to 15) for its cache. */
  id(value: unknown, column = 0): number {
    if (typeof value !== 'string') return 0;
    const length = value.length;
    const base = (column & (COLUMNS - 1)) << CELL_BITS;
    const cell = length === 0 ? base : base | ((length * 7 + value.charCodeAt(0) * 3 + value.charCodeAt(length - 1)) & CELL_MASK);
    if (value === this.cachedValues[cell]) return this.cachedIds[cell]!;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    this.cachedValues[cell] = value;
    this.cachedIds[cell] = id;
    return id;
  }

  value(id: number): string | undefined {
    return this.values[id];
  }

  /** Every value by id (index 0, none, is undefined): a shard's table, sent to be merged (store-shard.ts). */
  list(): readonly (string | undefined)[] {
    return this.values;
  }

  get size(): number {
    return this.values.length - 1;
  }
}

/** Columns with a cache of their own, and cells per column (2^CELL_BITS). */
const COLUMNS = 16;
const CELL_BITS = 6;
const CELL_MASK = (1 << CELL_BITS) - 1;

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
   * The last string asked for in each column (see `id`) and its id: a column's value repeats from
   * span to span (the account, the origin, the namespace), and comparing with it is cheaper than
   * hashing a string JSON.parse has just made (the Map lookups were 0.4–0.6 s of the
   * 1,020,000-span open in Chromium's profile). On the scale data, 26 % of the lookups hit these
   * caches against 5 % for one last value shared by every column.
   */
  private readonly lastValues: (string | undefined)[] = [];
  private readonly lastIds: number[] = [];

  /** The id of `value` (0 for anything that is not a string); `column` names the caller's column (a small integer) for its cache. */
  id(value: unknown, column = 0): number {
    if (typeof value !== 'string') return 0;
    if (value === this.lastValues[column]) return this.lastIds[column]!;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    this.lastValues[column] = value;
    this.lastIds[column] = id;
    return id;
  }

  value(id: number): string | undefined {
    return this.values[id];
  }

  get size(): number {
    return this.values.length - 1;
  }
}

/**
 * Interned strings: each distinct string once, named by a small integer (0 = none), so a column
 * of a million span names is an Int32Array over a few dozen strings. Names, origins, namespaces,
 * accounts and resource names repeat in every trace; a hostile file of distinct names costs what
 * the strings themselves cost.
 */
export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly values: (string | undefined)[] = [undefined];

  /** The last string asked for and its id: names repeat from span to span. */
  private lastValue: string | undefined;
  private lastId = 0;

  /** The id of `value` (0 for anything that is not a string). */
  id(value: unknown): number {
    if (typeof value !== 'string') return 0;
    if (value === this.lastValue) return this.lastId;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    this.lastValue = value;
    this.lastId = id;
    return id;
  }

  value(id: number): string | undefined {
    return this.values[id];
  }

  get size(): number {
    return this.values.length - 1;
  }
}

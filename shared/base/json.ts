/**
 * Reading untrusted JSON, one way everywhere: what a JSON object is, own-property readers (so
 * `__proto__` / `constructor` keys in the input do no harm), the paths that problems carry
 * (`Traces[0].Segments[3]`, `records[12].kind`, `line 12: detail`) and short descriptions of
 * values for error messages.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

/** A JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as a JSON object, else undefined (for chains: `jsonObject(doc.aws)?.['ec2']`). */
export function jsonObject(value: unknown): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

/** Own property value, never one inherited from the prototype. */
export function ownValue(object: object, key: string): unknown {
  return Object.hasOwn(object, key) ? (object as JsonObject)[key] : undefined;
}

/** Own property as a non-empty string, else undefined. */
export function ownString(object: object, key: string): string | undefined {
  const value = ownValue(object, key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Own property as a JSON object, else undefined. */
export function ownObject(object: object, key: string): JsonObject | undefined {
  return jsonObject(ownValue(object, key));
}

/** The value if it is a string, else undefined. */
export function jsonString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value if it is a non-empty string, else undefined. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The value if it is a finite number, else undefined. */
export function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The value at `path` inside `root`, following own properties only (undefined when absent). */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const step of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    const key = typeof step === 'symbol' ? step : String(step);
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const LINE = /^line \d+$/;

/**
 * Appends a step to a path. `step` is a key (`Traces`), an index or odd key (`[3]`, `["a b"]`), a
 * dotted step (`.kind`) or '' (none). `at` may be empty (a whole value), a path, or a line of JSON
 * lines (`line 12`), which gets a colon: `line 12: detail`.
 */
export function joinPath(at: string, step: string): string {
  if (step === '') return at;
  const bare = step.startsWith('.') ? step.slice(1) : step;
  if (at === '') return bare;
  if (LINE.test(at)) return `${at}: ${bare}`;
  return step.startsWith('[') || step.startsWith('.') ? at + step : `${at}.${step}`;
}

/** `root` followed by `.key`, `[index]` or `["odd key"]` for each step. */
export function jsonPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const step of path) {
    const key = typeof step === 'number' ? `[${step}]` : typeof step === 'string' && IDENTIFIER.test(step) ? step : `[${JSON.stringify(String(step))}]`;
    out = joinPath(out, key);
  }
  return out;
}

/** A path as an import sink wants it: undefined for the whole value. */
export function problemAt(at: string): string | undefined {
  return at === '' ? undefined : at;
}

/** `a string ("abc…")`, `a number (1.5)`, `an array`, `an object`, `null`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `a string (${quote(value)})`;
    case 'number':
      return `a number (${value})`;
    case 'boolean':
      return `a boolean (${value})`;
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** JSON-quoted, cut to about 40 characters. */
export function quote(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

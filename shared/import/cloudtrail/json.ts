/**
 * Small JSON helpers for the CloudTrail parsers: telling objects apart, reading own properties
 * only (so `__proto__` / `constructor` keys in untrusted input do no harm), and writing the paths
 * that problems carry (same conventions as the X-Ray parsers).
 */

export type JsonObject = Readonly<Record<string, unknown>>;

/** A JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own property value, never one inherited from the prototype. */
export function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Own property as a non-empty string, else undefined. */
export function ownString(object: JsonObject, key: string): string | undefined {
  const value = own(object, key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Own property as an object, else undefined. */
export function ownObject(object: JsonObject, key: string): JsonObject | undefined {
  const value = own(object, key);
  return isJsonObject(value) ? value : undefined;
}

/**
 * Appends a step (`Records`, `[3]`, `detail`) to a path. The dispatcher's `at` is empty for a whole
 * file, or `line 12` for one value of JSON lines, which gets a colon: `line 12: detail`.
 */
export function joinPath(at: string, step: string): string {
  if (at === '') return step;
  if (/^line \d+$/.test(at)) return `${at}: ${step}`;
  return step.startsWith('[') ? at + step : `${at}.${step}`;
}

/** `at` as the sink wants it: undefined for the whole value. */
export function problemAt(at: string): string | undefined {
  return at === '' ? undefined : at;
}

/** JSON.parse that reports instead of throwing. */
export function parseJsonText(text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** A short quotation of an unexpected value for a message. */
export function quote(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

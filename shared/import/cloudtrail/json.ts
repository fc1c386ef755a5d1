/**
 * The CloudTrail parsers' own JSON helpers: parsing a JSON string held in a field (LookupEvents'
 * `CloudTrailEvent`, a log event's `message`) and quoting an unexpected value in a message. The
 * guard, own-property readers and paths are shared/base/json.ts.
 */

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

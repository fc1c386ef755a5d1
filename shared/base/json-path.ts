/** JSON paths (`header.provenance.sources[2].name`) and short descriptions of values, for error messages. */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `root` followed by `.key`, `[index]` or `["odd key"]` for each step. */
export function jsonPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (typeof step === 'string' && IDENTIFIER.test(step)) out += out ? `.${step}` : step;
    else out += `[${JSON.stringify(String(step))}]`;
  }
  return out;
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

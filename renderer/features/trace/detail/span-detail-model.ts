import { isJsonObject } from '../../../../shared/base/json.ts';

export { causeOf, type CauseView, RAW_JSON_PREVIEW, rawJson } from '../../../../shared/analysis/trace/index.ts';

/**
 * What the detail panel lists for one span, read from its X-Ray document (untrusted: every
 * shape is checked, only own keys are read, nothing is assigned into plain objects by data key).
 */
export interface DetailField {
  readonly label: string;
  readonly value: unknown;
}

/** Top-level document fields that have their own section or line; all others are listed under "Other fields". */
const KNOWN_FIELDS = new Set([
  'id',
  'name',
  'start_time',
  'end_time',
  'in_progress',
  'trace_id',
  'parent_id',
  'namespace',
  'origin',
  'http',
  'aws',
  'sql',
  'error',
  'throttle',
  'fault',
  'cause',
  'annotations',
  'metadata',
  'subsegments',
]);

/** Own entries of an object as label/value pairs, in the document's order. */
export function entriesOf(value: unknown): DetailField[] {
  if (!isJsonObject(value)) return [];
  return Object.keys(value).map((key) => ({ label: key, value: value[key] }));
}

/**
 * Nested objects flattened to dotted paths (`api_gateway.rest_api_id`), arrays kept whole.
 * Iterative, and bounded: a hostile document cannot make it walk forever.
 */
export function flattenFields(value: unknown, limit = 500): DetailField[] {
  if (value === undefined || value === null) return [];
  if (!isJsonObject(value)) return [{ label: '(value)', value }];
  const out: DetailField[] = [];
  const stack: { prefix: string; value: unknown }[] = [{ prefix: '', value }];
  while (stack.length > 0 && out.length < limit) {
    const item = stack.pop()!;
    if (!isJsonObject(item.value) || (item.prefix !== '' && Object.keys(item.value).length === 0)) {
      out.push({ label: item.prefix, value: item.value });
      continue;
    }
    const keys = Object.keys(item.value);
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!;
      stack.push({ prefix: item.prefix ? `${item.prefix}.${key}` : key, value: item.value[key] });
    }
  }
  return out;
}

export function otherFields(doc: Readonly<Record<string, unknown>>): DetailField[] {
  return Object.keys(doc)
    .filter((key) => !KNOWN_FIELDS.has(key))
    .map((key) => ({ label: key, value: doc[key] }));
}

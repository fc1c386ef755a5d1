import type { Trace } from '../../../shared/model/trace.ts';
import type { XRayException } from '../../../shared/model/xray.ts';

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

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own entries of an object as label/value pairs, in the document's order. */
export function entriesOf(value: unknown): DetailField[] {
  if (!isRecord(value)) return [];
  return Object.keys(value).map((key) => ({ label: key, value: value[key] }));
}

/**
 * Nested objects flattened to dotted paths (`api_gateway.rest_api_id`), arrays kept whole.
 * Iterative, and bounded: a hostile document cannot make it walk forever.
 */
export function flattenFields(value: unknown, limit = 500): DetailField[] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) return [{ label: '(value)', value }];
  const out: DetailField[] = [];
  const stack: { prefix: string; value: unknown }[] = [{ prefix: '', value }];
  while (stack.length > 0 && out.length < limit) {
    const item = stack.pop()!;
    if (!isRecord(item.value) || (item.prefix !== '' && Object.keys(item.value).length === 0)) {
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

export interface CauseView {
  readonly workingDirectory?: string;
  readonly paths: readonly string[];
  readonly exceptions: readonly XRayException[];
  /** When the cause is an exception id recorded on another span: that span, or -1 if not found. */
  readonly referencedId?: string;
  readonly referencedSpan?: number;
}

function exceptionsOf(cause: unknown): XRayException[] {
  if (!isRecord(cause) || !Array.isArray(cause['exceptions'])) return [];
  return (cause['exceptions'] as unknown[]).filter((e): e is XRayException => isRecord(e));
}

/** The span's cause, with an exception-id cause resolved to the span of the trace that recorded it. */
export function causeOf(trace: Trace, span: number): CauseView | undefined {
  const cause: unknown = trace.spans[span]!.doc.cause;
  if (cause === undefined || cause === null) return undefined;
  if (typeof cause === 'string') {
    for (let i = 0; i < trace.spans.length; i++) {
      const found = exceptionsOf(trace.spans[i]!.doc.cause).filter((e) => e.id === cause);
      if (found.length > 0) return { paths: [], exceptions: found, referencedId: cause, referencedSpan: i };
    }
    return { paths: [], exceptions: [], referencedId: cause, referencedSpan: -1 };
  }
  if (!isRecord(cause)) return { paths: [], exceptions: [] };
  const paths = Array.isArray(cause['paths']) ? (cause['paths'] as unknown[]).map(String) : [];
  const workingDirectory = typeof cause['working_directory'] === 'string' ? cause['working_directory'] : undefined;
  return workingDirectory === undefined ? { paths, exceptions: exceptionsOf(cause) } : { workingDirectory, paths, exceptions: exceptionsOf(cause) };
}

/** Characters of raw JSON shown before the panel asks to show the rest. */
export const RAW_JSON_PREVIEW = 200_000;

export function rawJson(doc: unknown): string {
  try {
    return JSON.stringify(doc, null, 2) ?? String(doc);
  } catch (error) {
    return `The document could not be shown as JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

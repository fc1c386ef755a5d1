import type { Span, Trace } from '../model/trace.ts';

/**
 * Search within one trace: spans whose name, id, annotation values or HTTP request URL contain the
 * query, case-insensitively. Returns the matching span indices, ascending (pre-order). An empty or
 * blank query matches nothing. Annotations come from untrusted data: only own keys are read.
 */
export function searchTrace(trace: Trace, query: string): Int32Array {
  const needle = query.trim().toLowerCase();
  if (needle === '') return new Int32Array(0);
  const hits: number[] = [];
  for (let i = 0; i < trace.spans.length; i++) {
    if (spanMatches(trace.spans[i]!, needle)) hits.push(i);
  }
  return Int32Array.from(hits);
}

/** `needle` must already be lower case. */
export function spanMatches(span: Span, needle: string): boolean {
  if (span.name.toLowerCase().includes(needle) || span.id.toLowerCase().includes(needle)) return true;
  const doc = span.doc;
  const url = doc.http?.request?.url;
  if (typeof url === 'string' && url.toLowerCase().includes(needle)) return true;
  const annotations: unknown = doc.annotations;
  if (typeof annotations === 'object' && annotations !== null && !Array.isArray(annotations)) {
    for (const key of Object.keys(annotations)) {
      const value: unknown = (annotations as Record<string, unknown>)[key];
      if ((typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && String(value).toLowerCase().includes(needle)) return true;
    }
  }
  return false;
}

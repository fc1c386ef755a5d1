import { jsonObject } from '../../base/json.ts';
import type { Span, Trace } from '../../model/trace.ts';

/**
 * Search within one trace: spans whose name, id, annotation values or HTTP request URL contain the
 * query, case-insensitively. Returns the matching span indices, ascending (pre-order). An empty or
 * blank query matches nothing. The searchable text of every span is lower-cased once per trace and
 * kept (weakly) for the next keystroke; annotations come from untrusted data: only own keys are read.
 */
const SEPARATOR = '\u0000';
const haystacks = new WeakMap<Trace, readonly string[]>();

export function searchTrace(trace: Trace, query: string): Int32Array {
  const needle = query.trim().toLowerCase().replaceAll(SEPARATOR, '');
  if (needle === '') return new Int32Array(0);
  let haystack = haystacks.get(trace);
  if (!haystack) haystacks.set(trace, (haystack = trace.spans.map(searchableText)));
  const hits: number[] = [];
  for (let i = 0; i < haystack.length; i++) {
    if (haystack[i]!.includes(needle)) hits.push(i);
  }
  return Int32Array.from(hits);
}

/** The span's searchable fields, lower case, separated so that no match spans two fields. */
export function searchableText(span: Span): string {
  const parts = [span.name, span.id];
  const doc = span.doc;
  const url = doc.http?.request?.url;
  if (typeof url === 'string') parts.push(url);
  const annotations = jsonObject(doc.annotations);
  if (annotations) {
    for (const key of Object.keys(annotations)) {
      const value = annotations[key];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') parts.push(String(value));
    }
  }
  return parts.join(SEPARATOR).toLowerCase();
}

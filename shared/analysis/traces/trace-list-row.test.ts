import { describe, expect, it } from 'vitest';
import { generateScaleSegments } from '../../generator/index.ts';
import { assembleTraces } from '../../dataset/assembly/assemble.ts';
import type { XRaySegmentDocument } from '../../model/xray.ts';
import { TraceSearch } from './trace-search.ts';
import { checkTraceQuery } from './trace-query-check.ts';
import { TraceTable } from './trace-table.ts';

/** A generated one-trace list: `spans` spans, the last segment document given an annotation of its own. */
function oneTraceSearch(spans: number): { search: TraceSearch; documents: XRaySegmentDocument[] } {
  const documents = [...generateScaleSegments({ seed: 5, traces: 1, spansPerTrace: spans })];
  const last = documents.length - 1;
  documents[last] = { ...documents[last]!, annotations: { ...documents[last]!.annotations, batch: 'late' } };
  const [trace] = assembleTraces(documents).traces;
  return { search: new TraceSearch(new TraceTable([{ trace }])), documents };
}

/** `key=values` of every annotation in the documents (segments and nested subsegments), read here independently. */
function documentAnnotations(documents: readonly XRaySegmentDocument[]): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const visit = (doc: { annotations?: Record<string, unknown>; subsegments?: readonly unknown[] }): void => {
    for (const [key, value] of Object.entries(doc.annotations ?? {})) found.set(key, (found.get(key) ?? new Set()).add(String(value)));
    for (const sub of doc.subsegments ?? []) visit(sub as typeof doc);
  };
  for (const doc of documents) visit(doc as never);
  return found;
}

describe('the list row of a large trace without a summary', () => {
  it('comes without its annotations when asked quickly, and with all of them (every span read) when asked again', () => {
    const { search, documents } = oneTraceSearch(6_000);
    const expected = documentAnnotations(documents);
    expect(expected.get('batch')).toEqual(new Set(['late']));

    const [quick] = search.list({ offset: 0, limit: 10, quickAnnotations: true }).rows;
    expect(quick!.spans).toBe(6_000);
    expect(quick!.annotationsPending).toBe(true);
    expect([quick!.annotations, quick!.annotationCount]).toEqual([[], 0]);

    const [full] = search.list({ offset: 0, limit: 10 }).rows;
    expect(full!.annotationsPending).toBeUndefined();
    expect(full!.annotationCount).toBe(expected.size);
    for (const [key, values] of full!.annotations) expect(new Set(values.split(', '))).toEqual(expected.get(key));
    expect({ ...full, annotations: [], annotationCount: 0, annotationsPending: true }).toEqual(quick);

    // Once read, a quick answer has them too.
    expect(search.list({ offset: 0, limit: 10, quickAnnotations: true }).rows[0]).toEqual(full);
  });

  it('of a small trace is never left pending', () => {
    const { search, documents } = oneTraceSearch(1_000);
    const [quick] = search.list({ offset: 0, limit: 10, quickAnnotations: true }).rows;
    expect(quick!.annotationsPending).toBeUndefined();
    expect(quick!.annotationCount).toBe(documentAnnotations(documents).size);
  });

  it('refuses a quickAnnotations that is not true or false', () => {
    expect(() => checkTraceQuery({ offset: 0, limit: 10, quickAnnotations: 'yes' })).toThrow(/quickAnnotations/);
    expect(() => checkTraceQuery({ offset: 0, limit: 10, quickAnnotations: false })).not.toThrow();
  });
});

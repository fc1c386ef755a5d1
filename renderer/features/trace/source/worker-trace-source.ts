import type { MinimapPixels, RawJsonText, SpanDetailData } from '../../../../shared/analysis/trace/index.ts';
import type { Result } from '../../../../shared/base/errors.ts';
import type { AnalysisClient } from '../../../core/analysis-client.ts';
import type { TraceSource } from './trace-source.ts';

const EMPTY = new Int32Array(0);

/** A few recent answers by key, so asking again during re-renders sends nothing. */
function recent<K, V>(limit: number): (key: K, load: () => Promise<V>) => Promise<V> {
  const entries = new Map<K, Promise<V>>();
  return (key, load) => {
    let entry = entries.get(key);
    if (entry) {
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    }
    entry = load();
    entries.set(key, entry);
    // A failed answer is not kept: asking again retries.
    entry.catch(() => entries.delete(key));
    if (entries.size > limit) entries.delete(entries.keys().next().value as K);
    return entry;
  };
}

async function valueOf<T>(answer: Promise<Result<T>>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Documents and search of one trace, from the analysis worker that holds it. */
export function workerTraceSource(client: AnalysisClient, traceId: string): TraceSource {
  const details = recent<number, SpanDetailData>(32);
  const json = recent<string, RawJsonText>(4);
  const searches = recent<string, Int32Array>(8);
  const minimaps = recent<string, MinimapPixels>(2);
  return {
    spanDetail: (span) => details(span, () => valueOf(client.query('traceSpanDetail', { traceId, span }))),
    rawJson: (span, limit) => json(`${span}:${limit ?? 'all'}`, () => valueOf(client.query('traceSpanJson', limit === undefined ? { traceId, span } : { traceId, span, limit }))),
    search: (query) => (query.trim() === '' ? EMPTY : searches(query, () => valueOf(client.query('traceSearch', { traceId, query })))),
    minimap: (width, height, palette) =>
      minimaps(`${width}x${height}:${palette.ok}${palette.error}${palette.throttle}${palette.fault}`, () => valueOf(client.query('traceMinimap', { traceId, width, height, palette }))),
  };
}

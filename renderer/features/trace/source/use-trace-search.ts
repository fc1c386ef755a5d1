import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { attempt, type TraceSource } from './trace-source.ts';

const NONE = new Int32Array(0);

export interface TraceSearch {
  /** The query the matches belong to (it lags the typed one while the worker searches). */
  readonly query: string;
  /** Matching span indices, ascending. */
  readonly matches: Int32Array;
  /** Searches `query` now (Enter pressed before the matches caught up). */
  searchNow(query: string): Promise<Int32Array>;
}

/**
 * Search within the trace as the user types: the query is deferred (typing stays responsive) and
 * sent to the source; its matches replace the previous ones when they arrive, so the highlighted
 * rows never flash empty in between.
 */
export function useTraceSearch(source: TraceSource, query: string): TraceSearch {
  const deferred = useDeferredValue(query);
  const request = useMemo(() => attempt(() => source.search(deferred)), [source, deferred]);
  const [arrived, setArrived] = useState<{ readonly query: string; readonly matches: Int32Array }>({ query: '', matches: NONE });
  useEffect(() => {
    if (!(request instanceof Promise)) return;
    let live = true;
    request.then(
      (matches) => live && setArrived({ query: deferred, matches }),
      () => live && setArrived({ query: deferred, matches: NONE }),
    );
    return () => {
      live = false;
    };
  }, [request, deferred]);
  const searchNow = useMemo(() => (text: string) => Promise.resolve(attempt(() => source.search(text))), [source]);
  if (!(request instanceof Promise)) return { query: deferred, matches: request, searchNow };
  return { ...arrived, searchNow };
}

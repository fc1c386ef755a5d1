import { useCallback, useEffect, useRef, useState } from 'react';
import type { FilterProblem, TraceListRow, TraceListSortKey, TraceQuery } from '../../../shared/analysis/traces/index.ts';
import type { AppErrorData } from '../../../shared/base/errors.ts';
import type { AnalysisClient } from '../../core/analysis-client.ts';

/** Rows asked of the worker at a time. */
export const PAGE_ROWS = 100;

export interface TracePagesState {
  /** The query these rows answer (JSON of query + sort). */
  readonly key: string;
  /** Undefined until the first page of the query arrives. */
  readonly total: number | undefined;
  readonly all: number | undefined;
  readonly problem: FilterProblem | undefined;
  readonly error: AppErrorData | undefined;
  /** Loaded pages by page number. */
  readonly pages: ReadonlyMap<number, readonly TraceListRow[]>;
}

export interface TracePages extends TracePagesState {
  /** The row at a position, if its page is loaded. */
  rowAt(position: number): TraceListRow | undefined;
  /** Asks for the pages that hold rows [first, last]. */
  ensure(first: number, last: number): void;
  /** True while a query newer than the rows shown is loading. */
  readonly stale: boolean;
}

/**
 * The rows of the trace list, fetched a page at a time from the worker as they come into view
 * (100,000 rows never cross postMessage at once). A new query keeps showing the previous rows
 * until its first page arrives, so the table does not flash empty; answers to older queries or
 * an older incident are dropped.
 */
export function useTracePages(client: AnalysisClient, query: TraceQuery, sort: TraceListSortKey, descending: boolean, generation: number): TracePages {
  const key = JSON.stringify([query, sort, descending, generation]);
  const [state, setState] = useState<TracePagesState>({ key: '', total: undefined, all: undefined, problem: undefined, error: undefined, pages: new Map() });
  const wanted = useRef(key);
  const pending = useRef(new Set<string>());
  const request = useRef({ query, sort, descending });
  wanted.current = key;
  request.current = { query, sort, descending };

  const load = useCallback(
    (page: number, forKey: string, quick = true) => {
      const id = `${forKey}#${page}${quick ? '' : '!'}`;
      if (pending.current.has(id)) return;
      pending.current.add(id);
      const { query: q, sort: s, descending: d } = request.current;
      // Quick first: a huge trace's row shows at once, its annotations once a second answer has read them.
      void client.query('traceList', { ...q, sort: s, descending: d, offset: page * PAGE_ROWS, limit: PAGE_ROWS, quickAnnotations: quick }).then((result) => {
        pending.current.delete(id);
        if (wanted.current !== forKey) return;
        setState((previous) => {
          const base = previous.key === forKey ? previous : { key: forKey, total: undefined, all: undefined, problem: undefined, error: undefined, pages: new Map<number, readonly TraceListRow[]>() };
          if (!result.ok) return { ...base, error: result.error };
          const pages = new Map(base.pages).set(page, result.value.rows);
          return { key: forKey, total: result.value.total, all: result.value.all, problem: result.value.problem, error: undefined, pages };
        });
        if (quick && result.ok && result.value.rows.some((row) => row.annotationsPending)) load(page, forKey, false);
      });
    },
    [client],
  );

  useEffect(() => {
    load(0, key);
  }, [key, load]);

  const current = state.key === key;
  const ensure = useCallback(
    (first: number, last: number) => {
      if (!current || state.total === undefined) return;
      const lastPage = Math.floor(Math.min(last, state.total - 1) / PAGE_ROWS);
      for (let page = Math.max(0, Math.floor(first / PAGE_ROWS)); page <= lastPage; page++) if (!state.pages.has(page)) load(page, key);
    },
    [current, state, load, key],
  );
  const rowAt = useCallback((position: number) => state.pages.get(Math.floor(position / PAGE_ROWS))?.[position % PAGE_ROWS], [state.pages]);
  return { ...state, rowAt, ensure, stale: !current };
}

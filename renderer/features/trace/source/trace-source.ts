import { useEffect, useState } from 'react';
import { rasterizeMinimap, rawJsonText, searchTrace, spanDetailData, type MinimapPixels, type RawJsonText, type SpanDetailData } from '../../../../shared/analysis/trace/index.ts';
import type { RequestStatus } from '../../../../shared/model/status.ts';
import type { Trace } from '../../../../shared/model/trace.ts';

export type MaybePromise<T> = T | Promise<T>;

/**
 * Where the waterfall gets what its light trace does not hold: span documents and search. In the
 * app that is the analysis worker (worker-trace-source.ts), which answers later; with a full
 * `Trace` at hand (component tests, a page without a worker) the answers come at once, and the
 * view shows them in the same render.
 */
export interface TraceSource {
  spanDetail(span: number): MaybePromise<SpanDetailData>;
  /** The document as pretty-printed JSON, its first `limit` characters when given. */
  rawJson(span: number, limit: number | undefined): MaybePromise<RawJsonText>;
  /** Matching span indices, ascending; none for a blank query. */
  search(query: string): MaybePromise<Int32Array>;
  /** The minimap's pixels (waterfall-minimap.ts). */
  minimap(width: number, height: number, palette: Readonly<Record<RequestStatus, string>>): MaybePromise<MinimapPixels>;
}

export function localTraceSource(trace: Trace): TraceSource {
  return {
    spanDetail: (span) => spanDetailData(trace, span),
    rawJson: (span, limit) => rawJsonText(trace, span, limit),
    search: (query) => searchTrace(trace, query),
    minimap: (width, height, palette) => rasterizeMinimap(trace, width, height, palette),
  };
}

/** Calls `load`, turning a throw into a rejected promise so callers handle one failure path. */
export function attempt<T>(load: () => MaybePromise<T>): MaybePromise<T> {
  try {
    return load();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

export type Loaded<T> = { readonly status: 'idle' } | { readonly status: 'loading' } | { readonly status: 'ready'; readonly value: T } | { readonly status: 'failed'; readonly message: string };

/**
 * The state of a value that may still be coming: a plain value is ready in this very render; a
 * promise is loading until it settles (a newer promise makes an older one's answer irrelevant).
 * Pass the same promise on every render (memoise it, or take it from a cache).
 */
export function useMaybePromise<T>(value: MaybePromise<T> | undefined): Loaded<T> {
  const [settled, setSettled] = useState<{ readonly promise: Promise<T>; readonly result: Loaded<T> } | undefined>(undefined);
  useEffect(() => {
    if (!(value instanceof Promise)) return;
    let live = true;
    value.then(
      (result) => live && setSettled({ promise: value, result: { status: 'ready', value: result } }),
      (error: unknown) => live && setSettled({ promise: value, result: { status: 'failed', message: error instanceof Error ? error.message : String(error) } }),
    );
    return () => {
      live = false;
    };
  }, [value]);
  if (value === undefined) return { status: 'idle' };
  if (!(value instanceof Promise)) return { status: 'ready', value };
  return settled?.promise === value ? settled.result : { status: 'loading' };
}

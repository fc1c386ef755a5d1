import { useEffect, useState } from 'react';
import type { CompareTracesRequest, TraceComparison } from '../../../../shared/analysis/compare/index.ts';
import type { AnalysisClient } from '../../../core/analysis-client.ts';

/**
 * What this mode reads of the Compare view's URL state (compare-route.ts, which the parent parses
 * and passes down: a sub-folder does not import its parent), and the names of its params.
 */
export interface TracesModeState {
  readonly a: string | undefined;
  readonly b: string | undefined;
  readonly entry: string | undefined;
  readonly before: readonly [number, number] | undefined;
  readonly after: readonly [number, number] | undefined;
  readonly select: string | undefined;
}
export type TracesModeParams = Readonly<Record<'a' | 'b' | 'before' | 'after' | 'select', string>>;

export type LoadedComparison =
  | { readonly status: 'incomplete' }
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'ready'; readonly comparison: TraceComparison };

/** The worker's question a URL names: two ids (a → before, b → after), or an entry node and two ranges; undefined when it names neither whole. */
export function compareRequestOf(state: TracesModeState): CompareTracesRequest | undefined {
  if (state.a !== undefined && state.b !== undefined) return { before: state.a, after: state.b };
  if (state.entry !== undefined && state.before !== undefined && state.after !== undefined) return { entry: state.entry, before: state.before, after: state.after };
  return undefined;
}

/**
 * The comparison from the analysis worker. A newer question (another pair, a newly opened
 * incident: `generation`) supersedes the one in flight: its late answer is dropped, and the view
 * says it is loading until the newer one lands.
 */
export function useCompareTraces(client: AnalysisClient, request: CompareTracesRequest | undefined, generation: number): LoadedComparison {
  const key = request === undefined ? undefined : `${generation}:${JSON.stringify(request)}`;
  const [answer, setAnswer] = useState<{ readonly key: string; readonly value: LoadedComparison } | undefined>(undefined);
  useEffect(() => {
    if (request === undefined || key === undefined) return;
    let live = true;
    void client.query('compareTraces', request).then(
      (result) => live && setAnswer({ key, value: result.ok ? { status: 'ready', comparison: result.value } : { status: 'failed', message: result.error.message } }),
      (error: unknown) => live && setAnswer({ key, value: { status: 'failed', message: error instanceof Error ? error.message : String(error) } }),
    );
    return () => {
      live = false;
    };
    // The key says everything the request does.
  }, [client, key]);
  if (key === undefined) return { status: 'incomplete' };
  return answer?.key === key ? answer.value : { status: 'loading' };
}

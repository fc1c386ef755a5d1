import { useEffect, useState } from 'react';
import type { CompareRangesRequest, RangeComparison } from '../../../../shared/analysis/compare/index.ts';
import type { ServiceMapModel } from '../../../../shared/analysis/map/index.ts';
import { useServices } from '../../../core/services.ts';
import { useAppState } from '../../../core/store.ts';
import { requestKey } from './ranges-links.ts';

export type ComparisonState =
  | { readonly phase: 'idle' }
  /** `previous`: the last answer, shown dimmed while the new question is worked on. */
  | { readonly phase: 'loading'; readonly previous: RangeComparison | undefined }
  | { readonly phase: 'ready'; readonly comparison: RangeComparison }
  | { readonly phase: 'failed'; readonly message: string };

/**
 * Asks the worker to compare the two ranges a request names (again when it or the incident
 * changes). A newer question supersedes the one in flight: its answer is dropped and the worker
 * told to stop (abort → `cancelled`).
 */
export function useRangeComparison(request: CompareRangesRequest | undefined): ComparisonState {
  const { analysis } = useServices();
  const generation = useAppState((state) => state.generation);
  const [state, setState] = useState<ComparisonState>(() => (request ? { phase: 'loading', previous: undefined } : { phase: 'idle' }));
  const key = requestKey(request);
  useEffect(() => {
    if (!request) {
      setState({ phase: 'idle' });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ phase: 'loading', previous: previous.phase === 'ready' ? previous.comparison : previous.phase === 'loading' ? previous.previous : undefined }));
    void analysis.query('compareRanges', request, { signal: controller.signal }).then((result) => {
      if (controller.signal.aborted) return;
      setState(result.ok ? { phase: 'ready', comparison: result.value } : { phase: 'failed', message: result.error.message });
    });
    return () => controller.abort();
    // The key stands for the request (a new object each render).
  }, [analysis, generation, key]);
  return state;
}

/**
 * The incident's computed service map, to draw the comparison on: its node keys and edge ids are
 * the comparison's ids, and what neither range has is drawn as not compared. The whole map, not
 * the map of the two ranges: it is the Map view's own (the same layout the user knows there), made
 * once per incident from the graph the open already computed — where a map of the ranges walks
 * their traces again (1.3 s of the 1.9 s to a painted comparison of 100,000 traces).
 */
export function useComparedMap(comparison: RangeComparison | undefined): ServiceMapModel | undefined {
  const { analysis } = useServices();
  const generation = useAppState((state) => state.generation);
  const [map, setMap] = useState<ServiceMapModel | undefined>(undefined);
  const compared = comparison !== undefined;
  useEffect(() => {
    if (!compared) return;
    let live = true;
    void analysis.query('serviceMap', { origin: 'computed' }).then((result) => {
      if (live) setMap(result.ok && result.value ? result.value : undefined);
    });
    return () => {
      live = false;
    };
  }, [analysis, generation, compared]);
  return compared ? map : undefined;
}

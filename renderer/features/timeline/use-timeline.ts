import { useCallback, useEffect, useRef, useState } from 'react';
import type { TimelineModel } from '../../../shared/analysis/timeline/index.ts';
import { useServices } from '../../core/services.ts';
import { useAppState } from '../../core/store.ts';

export type TimelineState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly model: TimelineModel }
  | { readonly phase: 'failed'; readonly message: string };

/**
 * Asks the worker for the timeline of the open incident: one series and metric group, at most
 * `maxBuckets` wide (again when any changes; not before `maxBuckets` is known). First for what is
 * made so far (`first`: the lanes drawn, at once); while that answer says parts are pending (the
 * other series, the onsets and suspects still being made), for all of it once the first lanes are
 * drawn (`drawn`, called by the canvas: the worker holds its idle work until then, so the first
 * draw has the machine), showing the first answer meanwhile.
 */
export function useTimeline(series: string | undefined, gateway: string | undefined, maxBuckets: number | undefined): { readonly state: TimelineState; readonly drawn: () => void } {
  const { analysis } = useServices();
  const generation = useAppState((state) => state.generation);
  const [state, setState] = useState<TimelineState>({ phase: 'loading' });
  const rest = useRef<(() => void) | undefined>(undefined);
  useEffect(() => {
    if (maxBuckets === undefined) return;
    let live = true;
    const params = { maxBuckets, ...(series ? { series } : {}), ...(gateway ? { gateway } : {}) };
    const ask = (first: boolean): void => {
      void analysis.query('timeline', first ? { ...params, first } : params).then((result) => {
        if (!live) return;
        setState(result.ok ? { phase: 'ready', model: result.value } : { phase: 'failed', message: result.error.message });
        if (!first || !result.ok || result.value.pending.length === 0) return;
        // Without lanes there is no canvas to say it drew: ask at once.
        if (result.value.lanes.count === 0) ask(false);
        else rest.current = () => ask(false);
      });
    };
    ask(true);
    return () => {
      live = false;
      rest.current = undefined;
    };
  }, [analysis, generation, series, gateway, maxBuckets]);
  const drawn = useCallback(() => {
    const next = rest.current;
    rest.current = undefined;
    next?.();
  }, []);
  return { state, drawn };
}

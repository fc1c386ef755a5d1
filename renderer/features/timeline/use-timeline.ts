import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { TimelineModel } from '../../../shared/analysis/timeline/index.ts';
import { useServices } from '../../core/services.ts';
import { useAppState } from '../../core/store.ts';

export type TimelineState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly model: TimelineModel }
  | { readonly phase: 'failed'; readonly message: string };

/**
 * Asks the worker for the timeline of the open incident: one series and metric group, at most
 * as many buckets as the plot is wide in pixels (`width`, undefined until measured). The first
 * question goes out at once, for at most `bound` pixels (what the plot can be at most in this
 * window: measuring it in the commit that mounts the view forces a layout into the click's task).
 * The finest step whose buckets fit `bound` is also the finest that fits the plot whenever its
 * buckets fit the plot too, so that answer is kept when they do, and asked again for the plot's
 * width when they do not (or when the plot grows past what was asked). First for what is
 * made so far (`first`: the lanes drawn, at once); while that answer says parts are pending (the
 * other series, the onsets and suspects still being made), for all of it once the first lanes are
 * drawn (`drawn`, called by the canvas: the worker holds its idle work until then, so the first
 * draw has the machine), showing the first answer meanwhile.
 */
export function useTimeline(series: string | undefined, gateway: string | undefined, width: number | undefined, bound: number): { readonly state: TimelineState; readonly drawn: () => void } {
  const { analysis } = useServices();
  const generation = useAppState((state) => state.generation);
  const [state, setState] = useState<TimelineState>({ phase: 'loading' });
  const [maxBuckets, setMaxBuckets] = useState(() => bucketCap(bound));
  /** The `maxBuckets` the answer in `state` was made for. */
  const answeredFor = useRef<number | undefined>(undefined);
  useLayoutEffect(() => {
    if (width === undefined) return;
    // Decided on the answer to the question asked, once it is here.
    const answered = answeredFor.current === maxBuckets && state.phase !== 'loading';
    if (!answered && bucketCap(width) < maxBuckets) return;
    const next = bucketsToAsk(maxBuckets, answered && state.phase === 'ready' ? state.model.lanes.count : undefined, width);
    if (next !== maxBuckets) setMaxBuckets(next);
  }, [width, maxBuckets, state]);
  const rest = useRef<(() => void) | undefined>(undefined);
  // A layout effect: the question leaves in the commit that mounts the view (the click's task).
  useLayoutEffect(() => {
    let live = true;
    const params = { maxBuckets, ...(series ? { series } : {}), ...(gateway ? { gateway } : {}) };
    const ask = (first: boolean): void => {
      void analysis.query('timeline', first ? { ...params, first } : params).then((result) => {
        if (!live) return;
        answeredFor.current = params.maxBuckets;
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
      // Left (or asked again) before the first lanes were drawn: the worker holds its idle work
      // for the rest of this question, so it is asked all the same (the answer is dropped).
      const pending = rest.current;
      rest.current = undefined;
      pending?.();
    };
  }, [analysis, generation, series, gateway, maxBuckets]);
  const drawn = useCallback(() => {
    const next = rest.current;
    rest.current = undefined;
    next?.();
  }, []);
  return { state, drawn };
}

/** At most one bucket per pixel, and never fewer than 60. */
function bucketCap(pixels: number): number {
  return Math.max(60, Math.floor(pixels));
}

/**
 * The `maxBuckets` to ask for a plot `width` pixels wide, given the one asked (`asked`) and how
 * many buckets its answer has (`count`, undefined without an answer): the same when the answer
 * fits the plot and was asked for at least its width (buckets.ts picks the finest step that fits,
 * so it is the answer the plot's width would get), the plot's width otherwise.
 */
export function bucketsToAsk(asked: number, count: number | undefined, width: number): number {
  const fits = bucketCap(width);
  return asked >= fits && count !== undefined && count <= fits ? asked : fits;
}

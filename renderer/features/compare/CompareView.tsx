import { useRoute } from '../../core/route.ts';
import { COMPARE_PARAMS, compareStateFromParams } from './compare-route.ts';
import { RangesView } from './ranges/RangesView.tsx';
import { CompareTracesView } from './traces/CompareTracesView.tsx';

/**
 * Compare: before and after a change or between two ranges (ranges/), or two traces span by span
 * (traces/). The mode is in the URL, so a link from the Timeline, the Changes view or the trace
 * list opens the comparison it names.
 */
export function CompareView() {
  const route = useRoute();
  const state = compareStateFromParams(route.params);
  return state.mode === 'traces' ? <CompareTracesView state={state} params={COMPARE_PARAMS} /> : <RangesView state={state} params={COMPARE_PARAMS} />;
}

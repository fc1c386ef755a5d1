import { useRoute } from '../../core/route.ts';
import { COMPARE_PARAMS, compareStateFromParams } from './compare-route.ts';
import { CompareTracesView } from './traces/CompareTracesView.tsx';

/**
 * Compare: before and after a change or between two ranges (ranges/), or two traces span by span
 * (traces/). The mode is in the URL, so a link from the Timeline, the Changes view or the trace
 * list opens the comparison it names.
 */
export function CompareView() {
  const route = useRoute();
  const state = compareStateFromParams(route.params);
  if (state.mode === 'traces') return <CompareTracesView state={state} params={COMPARE_PARAMS} />;
  return (
    <section className="view" aria-label="Compare">
      <p className="muted">Compare two ranges: not built yet.</p>
    </section>
  );
}

import { useRoute } from '../../core/route.ts';
import { compareStateFromParams } from './compare-route.ts';

/**
 * Compare: before and after a change or between two ranges (ranges/), or two traces span by span
 * (traces/). The mode is in the URL, so a link from the Timeline, the Changes view or the trace
 * list opens the comparison it names.
 */
export function CompareView() {
  const route = useRoute();
  const state = compareStateFromParams(route.params);
  return (
    <section className="view" aria-label="Compare">
      <p className="muted">Compare {state.mode === 'traces' ? 'two traces' : 'two ranges'}: not built yet.</p>
    </section>
  );
}

import type { ServiceMapModel } from '../../../shared/analysis/map/index.ts';
import type { ServiceGraph } from '../../../shared/model/service-graph.ts';
import { formatQuantity } from '../../../shared/base/format.ts';

const OPTIONS: readonly { readonly origin: ServiceGraph['origin']; readonly label: string; readonly missing: string }[] = [
  { origin: 'computed', label: 'Computed from traces', missing: 'This incident has no traces to compute a map from.' },
  { origin: 'captured', label: 'Captured from AWS', missing: 'This incident holds no service graph captured from X-Ray (GetServiceGraph).' },
];

/** Which service graph to show: the one computed from the snapshot's traces, or X-Ray's own. */
export function GraphToggle({ shown, available, onChange }: { readonly shown: ServiceGraph['origin'] | undefined; readonly available: ServiceMapModel['available'] | undefined; readonly onChange: (origin: ServiceGraph['origin']) => void }) {
  return (
    <div className="te-map-toggle" role="radiogroup" aria-label="Service graph">
      {OPTIONS.map((option) => {
        const enabled = available?.[option.origin] ?? false;
        return (
          <button
            key={option.origin}
            type="button"
            role="radio"
            aria-checked={shown === option.origin}
            disabled={!enabled}
            title={enabled ? undefined : option.missing}
            className="te-map-toggle__option"
            onClick={() => onChange(option.origin)}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}

/** What the UI says about the graph it shows. */
export function graphSourceText(map: ServiceMapModel, requested: ServiceGraph['origin'] | undefined, formatWindow: (start: number, end: number) => string): string {
  const fallback = requested !== undefined && requested !== map.origin ? `There is no ${requested === 'captured' ? 'captured' : 'computed'} graph in this incident; showing the ${map.origin} one. ` : '';
  const window = map.start !== undefined && map.end !== undefined ? `, ${formatWindow(map.start, map.end)}` : '';
  if (map.origin === 'computed') {
    return `${fallback}Computed from the ${formatQuantity(map.traces, 'trace')} ${map.range ? 'that start in the chosen range' : 'in this incident'}${window}. X-Ray samples requests: counts are of recorded traces.`;
  }
  return `${fallback}Captured from AWS X-Ray (GetServiceGraph)${window}: X-Ray's own aggregate of its sampled traces.`;
}

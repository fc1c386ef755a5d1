import type { IncidentOverview } from '../../shared/contract/worker/analysis-protocol.ts';
import { formatCount } from '../../shared/base/format.ts';

/** The headline counts of an opened incident, as a labelled list (tests and people read it alike). */
export function IncidentCounts({ overview, label = 'Incident counts' }: { readonly overview: IncidentOverview; readonly label?: string }) {
  const { summary } = overview;
  const items: [string, number][] = [
    ['Traces', summary.traces],
    ['Spans', overview.spans],
    ['Services', summary.services.length],
    ['Edges', summary.edges],
    ['Faults (5xx)', summary.faultTraces],
    ['Errors (4xx)', summary.errorTraces],
    ['Throttled', summary.throttleTraces],
    ['CloudTrail events', summary.events],
    ['Problems', overview.problemCount],
  ];
  return (
    <section aria-label={label}>
      <dl className="counts">
      {items.map(([name, value]) => (
        <div className="counts__item" key={name}>
          <dt>{name}</dt>
          <dd>{formatCount(value)}</dd>
        </div>
      ))}
      </dl>
    </section>
  );
}

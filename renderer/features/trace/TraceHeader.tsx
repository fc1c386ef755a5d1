import { memo } from 'react';
import type { WaterfallAnalysis, WaterfallTrace } from '../../../shared/analysis/trace/index.ts';
import { formatCount, formatDuration, formatTimestamp } from '../../../shared/base/format.ts';
import { statusColor, STATUS_LABELS, STATUS_ORDER } from '../../components/status-colors.ts';
import { arrivedSpans, useArrival } from './source/use-arrival.ts';

/** The trace's identity and size, its gateway overhead, and the colour legend. */
export interface TraceHeaderProps {
  readonly trace: WaterfallTrace;
  readonly analysis: WaterfallAnalysis;
  /** The analysis is still being computed (large traces). */
  readonly pending: boolean;
}

export const TraceHeader = memo(function TraceHeader({ trace, analysis, pending }: TraceHeaderProps) {
  // Spans whose values have arrived: fewer than the span count while a large trace still arrives.
  const arrived = useArrival(trace, () => arrivedSpans(trace));
  const overheads = [...analysis.gatewayOverheads.values()].filter((o) => o.overhead !== undefined);
  const facts = [
    `${formatCount(trace.spans.length)} spans`,
    `${formatCount(trace.segmentCount)} segments`,
    formatDuration(trace.end - trace.start),
    `started ${formatTimestamp(trace.start)}`,
  ];
  if (trace.inProgressCount > 0) facts.push(`${trace.inProgressCount} in progress`);
  if (trace.hasFault) facts.push('has faults');
  else if (trace.hasThrottle) facts.push('has throttles');
  else if (trace.hasError) facts.push('has errors');
  return (
    <header className="te-trace-header">
      <h2>{`Trace ${trace.id}`}</h2>
      <p className="te-trace-facts">{facts.join(' · ')}</p>
      {arrived < trace.spans.length ? (
        <p className="te-trace-facts te-trace-pending" role="status">{`Reading spans: ${formatCount(arrived)} of ${formatCount(trace.spans.length)}…`}</p>
      ) : pending ? (
        <p className="te-trace-facts te-trace-pending">Finding the critical path, gateway overhead and services…</p>
      ) : null}
      {overheads.length > 0 ? (
        <p className="te-trace-facts">
          {overheads.map((o) => `Gateway overhead of ${trace.spans[o.stage]!.name}: ${formatDuration(o.overhead)}`).join(' · ')}
        </p>
      ) : null}
      <ul className="te-legend" aria-label="Legend">
        {STATUS_ORDER.map((status) => (
          <li key={status}>
            <span className="te-legend-swatch" style={{ background: statusColor(status) }} aria-hidden="true" />
            {STATUS_LABELS[status]}
          </li>
        ))}
        <li>
          <span className="te-legend-swatch te-legend-swatch--critical" aria-hidden="true" />
          Critical path
        </li>
      </ul>
    </header>
  );
});

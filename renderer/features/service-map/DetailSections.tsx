import { formatCount, formatDuration, formatPercent, formatTime } from '../../../shared/base/format.ts';
import type { NodeChange } from '../../../shared/analysis/changes/index.ts';
import type { ExceptionTally, HealthCounts, LatencySummary } from '../../../shared/analysis/map/index.ts';
import { statusColor, STATUS_LABELS, STATUS_ORDER } from '../../components/status-colors.ts';
import { statusCount } from '../../components/map/index.ts';

/** Parts of the side panel shared by nodes and edges. Every data string is rendered as text. */

export function HealthSection({ health }: { readonly health: HealthCounts }) {
  return (
    <section className="te-map-section" aria-label="Requests by status">
      <h3>Requests</h3>
      {health.total === 0 ? (
        <p className="te-map-muted">No completed requests.</p>
      ) : (
        <>
          <div className="te-map-health-bar" aria-hidden="true">
            {STATUS_ORDER.map((status) => {
              const count = statusCount(health, status);
              return count > 0 ? <span key={status} style={{ flexGrow: count, background: statusColor(status) }} /> : null;
            })}
          </div>
          <dl className="te-map-health-list">
            {STATUS_ORDER.map((status) => {
              const count = statusCount(health, status);
              return (
                <div key={status}>
                  <dt>
                    <span className="te-map-swatch" style={{ background: statusColor(status) }} aria-hidden="true" />
                    {STATUS_LABELS[status]}
                  </dt>
                  <dd>
                    {formatCount(count)} <span className="te-map-muted">({formatPercent(count / health.total)})</span>
                  </dd>
                </div>
              );
            })}
            <div>
              <dt>Total</dt>
              <dd>{formatCount(health.total)}</dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}

export function LatencySection({ latency }: { readonly latency: LatencySummary }) {
  const rows: [string, number | undefined][] = [
    ['Average', latency.mean],
    ['p50', latency.p50],
    ['p90', latency.p90],
    ['p99', latency.p99],
    ['Slowest', latency.max],
  ];
  return (
    <dl className="te-map-latency" aria-label="Response time">
      {rows.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{formatDuration(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ExceptionsSection({ exceptions, exampleHref, fromTraces }: { readonly exceptions: ExceptionTally; readonly exampleHref: (traceId: string) => string; readonly fromTraces: boolean }) {
  return (
    <section className="te-map-section" aria-label="Top exceptions">
      <h3>Top exceptions</h3>
      {fromTraces ? <p className="te-map-muted">From the traces in this incident (X-Ray's graph has no exceptions).</p> : null}
      {exceptions.total === 0 ? (
        <p className="te-map-muted">No exceptions recorded.</p>
      ) : (
        <>
          <ol className="te-map-exceptions">
            {exceptions.top.map((exception) => (
              <li key={`${exception.type}\u0000${exception.message}`}>
                <span className="te-map-exception__type">{exception.type || '(no type)'}</span> <span className="te-map-muted">× {formatCount(exception.count)}</span>
                {exception.remote ? <span className="te-map-chip">remote</span> : null}
                {exception.message ? <p className="te-map-exception__message">{exception.message}</p> : null}
                <a href={exampleHref(exception.traceId)}>Open an example trace</a>
              </li>
            ))}
          </ol>
          <p className="te-map-muted">
            {formatCount(exceptions.total)} recorded, {formatCount(exceptions.distinct)} distinct.
          </p>
        </>
      )}
    </section>
  );
}

export function ChangesSection({ changes, count }: { readonly changes: readonly NodeChange[]; readonly count: number }) {
  if (count === 0) return null;
  return (
    <section className="te-map-section" aria-label="Configuration changes">
      <h3>Configuration changes in the window</h3>
      <ul className="te-map-changes">
        {changes.map((change) => (
          <li key={change.eventId}>
            <span className="te-map-change__name">{change.eventName}</span> <span className="te-map-muted">{change.eventSource}</span>
            <br />
            <span className="te-map-muted">
              {formatTime(change.time)}
              {change.user ? ` · ${change.user}` : ''} · joined on {change.matchedBy}
            </span>
          </li>
        ))}
      </ul>
      {count > changes.length ? <p className="te-map-muted">and {formatCount(count - changes.length)} more.</p> : null}
    </section>
  );
}

import { useEffect, useState } from 'react';
import { IncidentCounts } from '../components/IncidentCounts.tsx';
import { formatDuration, formatQuantity } from '../components/format.ts';
import type { SpanPage, TracePage } from '../workers/analysis-protocol.ts';
import { formatRoute, routeSource, useRoute, withSource } from './route.ts';
import { useServices } from './services.ts';
import { useAppState } from './store.ts';

/**
 * Stand-ins for the Map, Traces and Trace views until their features land (issue 4): a heading,
 * the counts, and enough of the worker's answers to prove the data is there.
 */
function useOverview() {
  const incident = useAppState((state) => state.incident);
  return incident.phase === 'ready' ? incident.overview : undefined;
}

export function MapPlaceholder() {
  const overview = useOverview();
  if (!overview) return null;
  const { summary } = overview;
  return (
    <div className="view">
      <h1>Service map</h1>
      <p>
        {formatQuantity(summary.services.length, 'service')} and {formatQuantity(summary.edges, 'edge')},{' '}
        {summary.serviceGraph === 'captured' ? 'from the captured GetServiceGraph' : summary.serviceGraph === 'computed' ? 'computed from the traces' : 'no service graph in this incident'}.
      </p>
      <ul className="plain-list" aria-label="Services">
        {summary.services.map((service) => (
          <li key={`${service.type}|${service.name}`}>
            {service.name} <span className="muted">{service.type}</span>
          </li>
        ))}
      </ul>
      <IncidentCounts overview={overview} />
    </div>
  );
}

export function TracesPlaceholder() {
  const overview = useOverview();
  const { analysis } = useServices();
  const route = useRoute();
  const generation = useAppState((state) => state.generation);
  const [page, setPage] = useState<TracePage | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void analysis.query('listTraces', { offset: 0, limit: 20, sort: 'duration', descending: true }).then((result) => {
      if (live && result.ok) setPage(result.value);
    });
    return () => {
      live = false;
    };
  }, [analysis, generation]);
  if (!overview) return null;
  return (
    <div className="view">
      <h1>Traces</h1>
      <p>{formatQuantity(overview.summary.traces, 'trace')}. The slowest:</p>
      <ol className="plain-list" aria-label="Slowest traces">
        {page?.rows.map((row) => (
          <li key={row.id}>
            <a href={formatRoute('trace', withSource(new URLSearchParams([['id', row.id]]), routeSource(route)))}>{row.id}</a>{' '}
            <span className="muted">
              {formatDuration(row.duration)} · {row.status} · {row.entry ?? '?'} · {formatQuantity(row.spans, 'span')}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function TracePlaceholder() {
  const overview = useOverview();
  const { analysis } = useServices();
  const route = useRoute();
  const traceId = route.params.get('id') ?? undefined;
  const [page, setPage] = useState<SpanPage | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!traceId) return;
    let live = true;
    void analysis.query('traceSpans', { traceId, offset: 0, limit: 50 }).then((result) => {
      if (!live) return;
      if (result.ok) setPage(result.value);
      else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [analysis, traceId]);
  if (!overview) return null;
  return (
    <div className="view">
      <h1>Trace {traceId ?? ''}</h1>
      {!traceId ? <p>Choose a trace in the Traces view.</p> : null}
      {error ? <p role="alert">{error}</p> : null}
      {page ? (
        <>
          <p>{formatQuantity(page.total, 'span')}.</p>
          <ul className="plain-list" aria-label="Spans">
            {page.rows.map((row) => (
              <li key={row.index} style={{ paddingInlineStart: `${row.depth * 1.25}em` }}>
                {row.name} <span className="muted">{row.end !== undefined ? formatDuration(row.end - row.start) : 'in progress'} · {row.status}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

import { useCallback, useEffect, useMemo, useRef } from 'react';
import { emptyWaterfallAnalysis, type WaterfallSpan } from '../../../shared/analysis/trace/index.ts';
import { ErrorNotice, StatusNotice } from '../../components/Notice.tsx';
import { formatRoute, routeSource, updateRouteParams, useRoute, withSource } from '../../core/route.ts';
import { useShortcutHelp } from '../../core/shortcuts.ts';
import type { ShortcutGroup } from '../../core/store.ts';
import { useServices } from '../../core/services.ts';
import { useAppState, useAppStore } from '../../core/store.ts';
import { TraceView } from './TraceView.tsx';
import { CompareWith } from './CompareWith.tsx';
import { useWorkerTrace } from './source/use-worker-trace.ts';
import './trace-route.css';

/** The span tree's keys, listed by the `?` overlay while the view is open. */
const TRACE_SHORTCUTS: ShortcutGroup = {
  title: 'Trace (waterfall)',
  shortcuts: [
    { keys: ['↑', 'k'], action: 'Previous span' },
    { keys: ['↓', 'j'], action: 'Next span' },
    { keys: ['←', 'h'], action: 'Collapse the span, or go to its parent' },
    { keys: ['→', 'l'], action: 'Expand the span, or go to its first child' },
    { keys: ['Enter', 'Space'], action: 'Collapse or expand the span' },
    { keys: ['Home', 'End'], action: 'First or last span' },
    { keys: ['PageUp', 'PageDown'], action: 'A page up or down' },
    { keys: ['/'], action: 'Search names, ids, annotation values and URLs' },
    { keys: ['Enter', 'Shift+Enter'], action: 'In the search box: next or previous match' },
    { keys: ['Esc'], action: 'In the search box: back to the tree' },
  ],
};

/** The URL follows the selected span this long after the last move (arrow keys held down). */
const URL_DELAY_MS = 300;

/**
 * The Trace view of the app: `#/trace?id=<trace id>&span=<span id>`. The trace comes from the
 * analysis worker as typed arrays (no parse, clone or walk of the whole trace here); documents and
 * search are asked of the worker as they are needed. The selected span goes to the URL (so the
 * view can be reopened) and to the shared selection.
 */
export function TraceRoute() {
  const { analysis: client } = useServices();
  const store = useAppStore();
  const route = useRoute();
  const generation = useAppState((state) => state.generation);
  const traceId = route.params.get('id') ?? undefined;
  const spanId = route.params.get('span') ?? undefined;
  const loaded = useWorkerTrace(client, traceId, spanId, generation);
  useShortcutHelp('trace', TRACE_SHORTCUTS);
  const urlTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(urlTimer.current), []);

  const onSelectSpan = useCallback(
    (span: WaterfallSpan | undefined) => {
      const id = span?.id;
      store.set((state) => (state.selection.traceId === traceId && state.selection.spanId === id ? state : { ...state, selection: { ...state.selection, traceId, spanId: id } }));
      clearTimeout(urlTimer.current);
      urlTimer.current = setTimeout(() => {
        if (new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('span') !== (id ?? null)) updateRouteParams({ span: id });
      }, URL_DELAY_MS);
    },
    [store, traceId],
  );

  const failedAnalysis = useMemo(() => (loaded.status === 'ready' && loaded.analysisError !== undefined ? emptyWaterfallAnalysis() : undefined), [loaded]);

  if (traceId === undefined) {
    return (
      <div className="view">
        <h1>Trace</h1>
        <p>
          Choose a trace in the <a href={formatRoute('traces', withSource(new URLSearchParams(), routeSource(route)))}>Traces view</a>.
        </p>
      </div>
    );
  }
  if (loaded.status === 'failed') {
    return (
      <div className="view">
        <h1>Trace</h1>
        <ErrorNotice title={`Could not show trace ${traceId}`} message={loaded.message} />
      </div>
    );
  }
  if (loaded.status !== 'ready') {
    return (
      <div className="view">
        <h1>Trace</h1>
        <StatusNotice busy>{`Loading trace ${traceId}…`}</StatusNotice>
      </div>
    );
  }
  return (
    <div className="te-route">
      <h1 className="te-visually-hidden">Trace</h1>
      {loaded.spansError !== undefined ? <ErrorNotice title="Some spans could not be read" message={loaded.spansError} /> : null}
      {loaded.analysisError !== undefined ? <ErrorNotice title="The critical path and overheads could not be computed" message={loaded.analysisError} /> : null}
      <CompareWith key={traceId} client={client} traceId={traceId} />
      <TraceView trace={loaded.trace} source={loaded.source} analysis={loaded.analysis ?? failedAnalysis} initialSpan={loaded.focus} onSelectSpan={onSelectSpan} />
    </div>
  );
}

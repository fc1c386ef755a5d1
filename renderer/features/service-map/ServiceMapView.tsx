import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { ServiceGraph } from '../../../shared/model/service-graph.ts';
import { formatTimeRange } from '../../../shared/base/format.ts';
import { ErrorNotice, StatusNotice } from '../../components/Notice.tsx';
import { formatRange, formatRoute, navigate, routeSource, updateRouteParams, useRoute, withSource } from '../../core/route.ts';
import { useShortcutHelp } from '../../core/shortcuts.ts';
import { useAppState, useAppStore, type ShortcutGroup } from '../../core/store.ts';
import { statusColorProperties } from '../../components/status-colors.ts';
import { GraphToggle, graphSourceText } from './GraphToggle.tsx';
import { MapCanvas } from '../../components/map/index.ts';
import { graphFromParams, MAP_PARAMS, sameSelection, selectionFromParams, selectionParams, windowFromParams, type MapSelection } from './map-route.ts';
import { useSharedWindow } from '../../core/use-shared-window.ts';
import { MapSidePanel } from './MapSidePanel.tsx';
import { useServiceMap } from './use-service-map.ts';
import './service-map.css';

const SHORTCUTS: ShortcutGroup = {
  title: 'Service map',
  shortcuts: [
    { keys: ['Tab'], action: 'Move between services, then edges' },
    { keys: ['←', '→', '↑', '↓'], action: 'Move to the nearest service that way' },
    { keys: ['Enter', 'Space'], action: 'Select the service or edge' },
    { keys: ['Esc'], action: 'Clear the selection' },
    { keys: ['+', '−'], action: 'Zoom in or out (or the wheel; drag to pan)' },
    { keys: ['0'], action: 'Fit the map to the view' },
  ],
};


/** A range chosen in another view (the timeline's brush, the Traces or Changes window). */
function adoptWindow(range: readonly [number, number]): void {
  updateRouteParams({ [MAP_PARAMS.window]: formatRange(range) });
}

const wholeIncident = (): void => updateRouteParams({ [MAP_PARAMS.window]: undefined });

/**
 * The Service map view: the graph computed from the traces or captured from X-Ray (a toggle, and
 * a sentence saying which), drawn from the worker's layout, with the selected node or edge in a
 * side panel. The graph and the selection live in the URL; the selection is also the store's
 * shared selection, which "Show traces" hands to the Traces view.
 */
export function ServiceMapView() {
  const incident = useAppState((state) => state.incident);
  const store = useAppStore();
  const route = useRoute();
  const requested = graphFromParams(route.params);
  const selection = useMemo(() => selectionFromParams(route.params), [route.params]);
  const changedEvent = useAppState((state) => state.selection.change);
  const window = useMemo(() => windowFromParams(route.params), [route.params]);
  useSharedWindow(window, adoptWindow);
  const state = useServiceMap(requested, window);
  useShortcutHelp('service-map', SHORTCUTS);

  const share = useCallback(
    (next: MapSelection) =>
      store.set((current) => {
        if (sameSelection(current.selection, next)) return current;
        const { node: _node, edge: _edge, ...rest } = current.selection;
        return { ...current, selection: { ...rest, ...(next.node ? { node: next.node } : {}), ...(next.edge ? { edge: next.edge } : {}) } };
      }),
    [store],
  );

  // The URL is the map's selection; the store mirrors it. On arrival without one, the shared
  // selection (made elsewhere) is taken into the URL.
  const arrived = useRef(false);
  useEffect(() => {
    if (!arrived.current) {
      arrived.current = true;
      const shared = store.get().selection;
      if (!selection.node && !selection.edge && (shared.node || shared.edge)) {
        updateRouteParams(selectionParams(shared.node ? { node: shared.node } : { edge: shared.edge! }));
        return;
      }
    }
    share(selection);
  }, [selection, share, store]);

  const onSelect = useCallback(
    (next: MapSelection) => {
      share(next);
      updateRouteParams(selectionParams(next));
    },
    [share],
  );
  const onShowTraces = useCallback(
    (next: MapSelection) => {
      share(next);
      navigate('traces', next.node ? [[MAP_PARAMS.node, next.node]] : next.edge ? [[MAP_PARAMS.edge, next.edge]] : []);
    },
    [share],
  );
  const onGraph = useCallback((origin: ServiceGraph['origin']) => updateRouteParams({ [MAP_PARAMS.graph]: origin }), []);
  const source = routeSource(route);
  const exampleHref = useCallback((traceId: string) => formatRoute('trace', withSource(new URLSearchParams([['id', traceId]]), source)), [source]);

  if (incident.phase !== 'ready') return null;
  const map = state.phase === 'ready' ? state.map : undefined;
  return (
    <div className="te-map-view" style={statusColorProperties()}>
      <header className="te-map-header">
        <h1>Service map</h1>
        <GraphToggle shown={map?.origin} available={map?.available} onChange={onGraph} />
        {map ? <p className="te-map-source">{graphSourceText(map, requested, formatTimeRange)}</p> : null}
        {window ? (
          <p className="te-map-source" role="note">
            {map?.origin === 'captured'
              ? `The chosen range, ${formatTimeRange(window[0], window[1])}, applies to the computed graph; the captured one is X-Ray's over its own window.`
              : `The chosen range, ${formatTimeRange(window[0], window[1])}: only its traces and the changes made in it count.`}{' '}
            <a href={formatRoute('traces', withSource(new URLSearchParams([['window', formatRange(window)]]), source))}>Traces in the range</a>{' '}
            <button type="button" className="button button--quiet" onClick={wholeIncident}>
              Whole incident
            </button>
          </p>
        ) : null}
      </header>
      <div className="te-map-body">
        <div className="te-map-main">
          {state.phase === 'loading' ? (
            <StatusNotice busy>Building the service map…</StatusNotice>
          ) : state.phase === 'failed' ? (
            <ErrorNotice title="Could not build the service map" message={state.message} />
          ) : map?.range && map.nodes.length === 0 ? (
            <div className="te-map-empty">
              <p>
                <strong>No trace starts in the chosen range.</strong> Widen the range on the Timeline, or show the whole incident.
              </p>
              <button type="button" className="button" onClick={wholeIncident}>
                Whole incident
              </button>
            </div>
          ) : state.phase === 'empty' || (map && map.nodes.length === 0) ? (
            <div className="te-map-empty">
              <p>
                <strong>No service map to draw.</strong> This incident has no traces and no service graph captured from X-Ray.
              </p>
              <p className="te-map-muted">Open X-Ray traces (BatchGetTraces output, segment documents) or a snapshot captured with traces to see the map.</p>
            </div>
          ) : map ? (
            <MapCanvas map={map} selection={selection} changedEvent={changedEvent} onSelect={onSelect} />
          ) : null}
        </div>
        <MapSidePanel overview={incident.overview} map={map} selection={selection} onSelect={onSelect} onShowTraces={onShowTraces} exampleHref={exampleHref} />
      </div>
    </div>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RootCauseKind, TraceListRow, TraceListSortKey } from '../../../shared/analysis/traces/index.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import { formatCount, formatDuration, formatTime } from '../../../shared/base/format.ts';
import { formatRoute, navigate, routeSource, updateRouteParams, useRoute, withSource } from '../../core/route.ts';
import { useServices } from '../../core/services.ts';
import { useShortcutHelp } from '../../core/shortcuts.ts';
import { useSharedWindow } from '../../core/use-shared-window.ts';
import { useAppState, useAppStore, type ShortcutGroup } from '../../core/store.ts';
import { DurationHistogram } from './DurationHistogram.tsx';
import { FilterBox } from './FilterBox.tsx';
import { RootCauseGroups } from './RootCauseGroups.tsx';
import { TraceTable } from './TraceTable.tsx';
import { queryOf, tracesParamsPatch, tracesStateFromParams, type TracesViewState } from './traces-route.ts';
import { useTracePages } from './use-trace-pages.ts';
import { useTraceStats } from './use-trace-stats.ts';
import './traces.css';
import './traces-compare.css';

const SHORTCUTS: ShortcutGroup = {
  title: 'Traces',
  shortcuts: [
    { keys: ['/'], action: 'Go to the filter expression' },
    { keys: ['Enter'], action: 'Apply the filter (in the box) or open the selected trace (in the list)' },
    { keys: ['Esc'], action: 'Undo the edits in the filter box' },
    { keys: ['↑', 'k', '↓', 'j'], action: 'Move in the trace list' },
    { keys: ['Page Up', 'Page Down', 'Home', 'End'], action: 'Jump in the trace list' },
  ],
};

/** `AWS::Lambda|orders` → `orders (AWS::Lambda)`. */
function nodeLabel(key: string): string {
  const bar = key.indexOf('|');
  if (bar < 0) return key;
  const type = key.slice(0, bar);
  return type ? `${key.slice(bar + 1)} (${type})` : key.slice(bar + 1);
}

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && typeof element.tagName === 'string' && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

/**
 * The Traces view (`#/traces`): every trace of the incident, filtered by an X-Ray filter
 * expression, the service map's selected node or edge, a duration range brushed on the
 * histogram and a root-cause group, all evaluated in the analysis worker; the table fetches its
 * rows a page at a time. The view's state is the URL's; the map's selection arrives through the
 * URL (`node`/`edge`) or the shared store.
 */
export function TracesView() {
  const { analysis } = useServices();
  const store = useAppStore();
  const route = useRoute();
  const generation = useAppState((state) => state.generation);
  const view = useMemo(() => tracesStateFromParams(route.params), [route.params]);
  const query = useMemo(() => queryOf(view), [view]);
  const pages = useTracePages(analysis, query, view.sort, view.descending, generation);
  const stats = useTraceStats(analysis, query, view.groupKind, generation);
  const filterInput = useRef<HTMLInputElement>(null);
  useShortcutHelp('traces', SHORTCUTS);

  const change = useCallback((next: Partial<TracesViewState>) => updateRouteParams(tracesParamsPatch(next)), []);
  const adoptWindow = useCallback((window: readonly [number, number]) => change({ window }), [change]);
  useSharedWindow(view.window, adoptWindow);

  // A node or edge selected elsewhere (the map) narrows the list: on arrival it is taken into
  // the URL; afterwards the URL is the truth and the shared selection follows it.
  const adopted = useRef(false);
  useEffect(() => {
    if (adopted.current) return;
    adopted.current = true;
    const shared = store.get().selection;
    if (!view.node && !view.edge && (shared.node || shared.edge)) change(shared.node ? { node: shared.node } : { edge: shared.edge });
  }, [store, view.node, view.edge, change]);
  useEffect(() => {
    if (!view.node && !view.edge) return;
    store.set((state) => {
      if (state.selection.node === view.node && state.selection.edge === view.edge) return state;
      const { node: _node, edge: _edge, ...rest } = state.selection;
      return { ...state, selection: { ...rest, ...(view.node ? { node: view.node } : {}), ...(view.edge ? { edge: view.edge } : {}) } };
    });
  }, [store, view.node, view.edge]);
  const clearSelection = useCallback(() => {
    store.set((state) => {
      const { node: _node, edge: _edge, ...rest } = state.selection;
      return { ...state, selection: rest };
    });
    change({ node: undefined, edge: undefined });
  }, [store, change]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== '/' || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      filterInput.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const source = routeSource(route);
  const hrefOf = useCallback((row: TraceListRow) => formatRoute('trace', withSource(new URLSearchParams([['id', row.id]]), source)), [source]);
  const onOpen = useCallback(
    (row: TraceListRow) => {
      store.set((state) => ({ ...state, selection: { ...state.selection, traceId: row.id, spanId: undefined } }));
      navigate('trace', [['id', row.id]]);
    },
    [store],
  );
  // Two traces chosen for Compare (leaf state): a third replaces the older of the two.
  const [chosen, setChosen] = useState<readonly TraceListRow[]>([]);
  const marked = useMemo(() => new Set(chosen.map((row) => row.id)), [chosen]);
  const onMark = useCallback((row: TraceListRow) => setChosen((old) => (old.some((r) => r.id === row.id) ? old.filter((r) => r.id !== row.id) : [...old, row].slice(-2))), []);
  // The earlier trace is the "before".
  const pair = [...chosen].sort((x, y) => x.start - y.start);
  const compareHref = pair.length === 2 ? formatRoute('compare', withSource(new URLSearchParams([['mode', 'traces'], ['a', pair[0]!.id], ['b', pair[1]!.id]]), source)) : undefined;
  // From the histogram: the median-duration trace of the kept range of durations (the typical trace of those bars).
  const total = pages.total;
  const chooseMedian = useCallback(() => {
    if (!total) return;
    void analysis.query('traceList', { ...query, sort: 'duration', descending: false, offset: Math.floor((total - 1) / 2), limit: 1 }).then((result) => {
      const row = result.ok ? result.value.rows[0] : undefined;
      if (row) setChosen((old) => (old.some((r) => r.id === row.id) ? old : [...old, row].slice(-2)));
    });
  }, [analysis, query, total]);
  const onSort = useCallback((sort: TraceListSortKey, descending: boolean) => change({ sort, descending }), [change]);
  const onKind = useCallback((groupKind: RootCauseKind) => change({ groupKind, cause: undefined }), [change]);

  const shown = pages.total;
  const resetKey = JSON.stringify([query, view.sort, view.descending, generation]);
  return (
    <div className="te-traces-view">
      <header className="te-traces-header">
        <h1>Traces</h1>
        <p className="te-traces-count" role="status">
          {shown === undefined ? 'Loading…' : `${formatCount(shown)} of ${formatCount(pages.all ?? 0)} traces`}
        </p>
      </header>
      <FilterBox value={view.filter} problem={pages.problem} onApply={(filter) => change({ filter })} inputRef={filterInput} />
      {view.node || view.edge || view.range || view.window || view.cause ? (
        <ul className="te-traces-chips" aria-label="Other conditions">
          {view.node ? <Chip label={`Service: ${nodeLabel(view.node)}`} onRemove={clearSelection} /> : null}
          {view.edge && !view.node ? <Chip label={`Edge: ${view.edge.split('→').map(nodeLabel).join(' → ')}`} onRemove={clearSelection} /> : null}
          {view.window ? <Chip label={`Started ${formatTime(view.window[0] * 1000)} – ${formatTime(view.window[1] * 1000)}`} onRemove={() => change({ window: undefined })} /> : null}
          {view.range ? <Chip label={`Duration ${formatDuration(view.range[0])} – ${formatDuration(view.range[1])}`} onRemove={() => change({ range: undefined })} /> : null}
          {view.cause ? <Chip label={`Root cause: ${causeLabel(view.cause)}`} onRemove={() => change({ cause: undefined })} /> : null}
        </ul>
      ) : null}
      {pages.error ? <ErrorNotice title="Could not list the traces" message={pages.error.message} /> : null}
      <div className="te-traces-overview">
        <section className="te-traces-duration" aria-label="Durations">
          <h2>Duration</h2>
          <DurationHistogram histogram={stats?.histogram} range={view.range} onRange={(range) => change({ range })} />
          <p className="te-traces-hint muted">Drag across the bars to keep a range of durations; click outside the range to clear it.</p>
          {view.range && total ? (
            <button type="button" className="button button--quiet" onClick={chooseMedian} title="Choose the trace of median duration among those in the range, for Compare">
              Choose its median trace for compare
            </button>
          ) : null}
        </section>
        <RootCauseGroups kind={view.groupKind} groups={stats?.groups} selected={view.cause} onKind={onKind} onSelect={(cause) => change({ cause })} />
      </div>
      {chosen.length > 0 ? (
        <div className="te-traces-compare" role="region" aria-label="Compare two traces">
          <span>{`${chosen.length} of 2 chosen for compare: ${pair.map((row) => `${formatTime(row.start * 1000)} (${formatDuration(row.duration)})`).join(' and ')}`}</span>
          {compareHref ? <a href={compareHref}>Compare</a> : <span className="muted">Mark one more (◇ or m)</span>}
          <button type="button" onClick={() => setChosen([])}>
            Clear
          </button>
        </div>
      ) : null}
      <TraceTable pages={pages} sort={view.sort} descending={view.descending} onSort={onSort} hrefOf={hrefOf} onOpen={onOpen} resetKey={resetKey} marked={marked} onMark={onMark} />
    </div>
  );
}

function causeLabel(key: string): string {
  try {
    const [, , service, leaf] = JSON.parse(key) as [string, string, string, string];
    return leaf ? `${service} · ${leaf}` : service;
  } catch {
    return key;
  }
}

function Chip({ label, onRemove }: { readonly label: string; readonly onRemove: () => void }) {
  return (
    <li className="te-traces-condition">
      <span>{label}</span>
      <button type="button" className="te-traces-condition__remove" aria-label={`Remove ${label}`} onClick={onRemove}>
        ×
      </button>
    </li>
  );
}

import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TraceComparison } from '../../../../shared/analysis/compare/index.ts';
import { ErrorNotice, StatusNotice } from '../../../components/Notice.tsx';
import { statusColorProperties } from '../../../components/status-colors.ts';
import type { AnalysisClient } from '../../../core/analysis-client.ts';
import { formatRoute, routeSource, updateRouteParams, useRoute, withSource } from '../../../core/route.ts';
import { useServices } from '../../../core/services.ts';
import { useShortcutHelp } from '../../../core/shortcuts.ts';
import { useAppState, type ShortcutGroup } from '../../../core/store.ts';
import { COMPARE_SORTS, identical, rowOfSpan, shownAncestor, shownRows, type CompareSort } from './comparison-rows.ts';
import { ComparedRows, type Layout } from './ComparedRows.tsx';
import { CompareTracesHeader } from './CompareTracesHeader.tsx';
import { RowDetail } from './RowDetail.tsx';
import { compareRequestOf, useCompareTraces, type TracesModeParams, type TracesModeState } from './use-compare-traces.ts';
import { formatRange } from '../../../core/route.ts';
import './compare-traces.css';

/** This mode's own URL params (besides compare-route.ts's a, b, entry, before, after, select). */
export const TRACES_PARAMS = { sort: 'sort', layout: 'layout' } as const;
/** The lists' keys, listed by the `?` overlay while the view is open. */
const COMPARE_SHORTCUTS: ShortcutGroup = {
  title: 'Compare two traces',
  shortcuts: [
    { keys: ['↑', 'k'], action: 'Previous row' },
    { keys: ['↓', 'j'], action: 'Next row' },
    { keys: ['←', 'h'], action: 'Collapse the row, or go to its parent' },
    { keys: ['→', 'l'], action: 'Expand the row, or go to its first child' },
    { keys: ['Enter', 'Space'], action: 'Collapse or expand the row' },
    { keys: ['Home', 'End'], action: 'First or last row' },
    { keys: ['PageUp', 'PageDown'], action: 'A page up or down' },
  ],
};
/** The URL follows the selected row this long after the last move (arrow keys held down). */
const URL_DELAY_MS = 300;

/**
 * Compare, two traces (`#/compare?mode=traces&a=<id>&b=<id>`, or `&entry=<node key>&before=F~T&after=F~T`
 * for the typical trace of an entry point in each range): the worker's span-by-span comparison as
 * one merged waterfall or two waterfalls side by side, and the selected row's detail.
 */
export function CompareTracesView({ state, params }: { readonly state: TracesModeState; readonly params: TracesModeParams }) {
  const { analysis: client } = useServices();
  const route = useRoute();
  const generation = useAppState((app) => app.generation);
  const key = JSON.stringify(compareRequestOf(state) ?? null);
  // One request object per question, however often the URL's other params change.
  const request = useMemo(() => compareRequestOf(state), [key]);
  const loaded = useCompareTraces(client, request, generation);
  const source = routeSource(route);
  useShortcutHelp('compare-traces', COMPARE_SHORTCUTS);

  const swap = useCallback(() => {
    if (state.a !== undefined && state.b !== undefined) updateRouteParams({ [params.a]: state.b, [params.b]: state.a, [params.select]: undefined });
    else if (state.before && state.after) updateRouteParams({ [params.before]: formatRange(state.after), [params.after]: formatRange(state.before), [params.select]: undefined });
  }, [state, params]);

  if (loaded.status === 'incomplete') {
    return (
      <section className="view" aria-label="Compare two traces">
        <h1>Compare two traces</h1>
        <p>
          Choose two traces in the <a href={formatRoute('traces', withSource(new URLSearchParams(), source))}>Traces view</a> (mark two, then Compare), or follow a link from the ranges comparison
          to the typical trace before and after.
        </p>
      </section>
    );
  }
  if (loaded.status === 'failed') {
    return (
      <section className="view" aria-label="Compare two traces">
        <h1>Compare two traces</h1>
        <ErrorNotice title="Could not compare the traces" message={loaded.message} />
      </section>
    );
  }
  if (loaded.status === 'loading') {
    return (
      <section className="view" aria-label="Compare two traces">
        <h1>Compare two traces</h1>
        <StatusNotice busy>{request && 'entry' in request ? `Finding the typical traces of ${request.entry} and comparing them…` : `Comparing trace ${state.a} with ${state.b}…`}</StatusNotice>
      </section>
    );
  }
  const traceHref = (traceId: string, spanId?: string): string => formatRoute('trace', withSource(new URLSearchParams([['id', traceId], ...(spanId ? [['span', spanId] as [string, string]] : [])]), source));
  return (
    <Comparison
      key={`${loaded.comparison.before.traceId}:${loaded.comparison.after.traceId}:${generation}`}
      client={client}
      comparison={loaded.comparison}
      initialSelect={state.select}
      selectParam={params.select}
      sort={sortOf(route.params.get(TRACES_PARAMS.sort))}
      layout={route.params.get(TRACES_PARAMS.layout) === 'side' ? 'side' : 'merged'}
      traceHref={traceHref}
      onSwap={swap}
    />
  );
}

const sortOf = (text: string | null): CompareSort => (COMPARE_SORTS as readonly string[]).includes(text ?? '') ? (text as CompareSort) : 'tree';

interface ComparisonProps {
  readonly client: AnalysisClient;
  readonly comparison: TraceComparison;
  readonly initialSelect: string | undefined;
  readonly selectParam: string;
  readonly sort: CompareSort;
  readonly layout: Layout;
  readonly traceHref: (traceId: string, spanId?: string) => string;
  readonly onSwap: () => void;
}

function Comparison({ client, comparison, initialSelect, selectParam, sort, layout, traceHref, onSwap }: ComparisonProps) {
  const idPrefix = `cmp${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const roots = useMemo(() => ({ before: rowOfSpan(comparison, 'before', 0), after: rowOfSpan(comparison, 'after', 0) }), [comparison]);
  const [collapsed, setCollapsed] = useState(() => ({ mask: new Uint8Array(comparison.rowCount) }));
  const [selected, setSelected] = useState(() => {
    const given = Number(initialSelect);
    return Number.isInteger(given) && given >= 0 && given < comparison.rowCount ? given : comparison.rowCount > 0 ? 0 : -1;
  });
  const shown = useMemo(() => shownRows(comparison, collapsed.mask, sort), [comparison, collapsed, sort]);
  const same = useMemo(() => identical(comparison), [comparison]);
  const urlTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(urlTimer.current), []);
  useEffect(() => {
    clearTimeout(urlTimer.current);
    urlTimer.current = setTimeout(() => {
      const value = selected >= 0 ? String(selected) : undefined;
      if (new URLSearchParams(window.location.hash.split('?')[1] ?? '').get(selectParam) !== (value ?? null)) updateRouteParams({ [selectParam]: value });
    }, URL_DELAY_MS);
  }, [selected, selectParam]);

  const toggle = useCallback((row: number, collapse?: boolean) => {
    setCollapsed(({ mask }) => {
      const next = collapse === undefined ? mask[row] !== 1 : collapse;
      if ((mask[row] === 1) === next) return { mask };
      mask[row] = next ? 1 : 0;
      return { mask };
    });
  }, []);
  const setAll = (value: 0 | 1): void =>
    setCollapsed(({ mask }) => {
      for (let r = 0; r < comparison.rowCount; r++) mask[r] = value === 1 && comparison.rows.subtreeRows[r]! > 1 && comparison.rows.depth[r]! >= 1 ? 1 : 0;
      return { mask };
    });
  const visibleSelected = selected >= 0 && sort === 'tree' ? shownAncestor(comparison, collapsed.mask, selected) : selected;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, reveal: (position: number) => void, page: number, positionOf: (row: number) => number): void => {
    if (shown.length === 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    const position = Math.max(0, positionOf(visibleSelected));
    const go = (target: number): void => {
      const p = Math.min(shown.length - 1, Math.max(0, target));
      setSelected(shown[p]!);
      reveal(p);
    };
    const tree = sort === 'tree';
    const row = visibleSelected;
    const parent = row >= 0 ? comparison.rows.parentRow[row]! : -1;
    const hasChildren = row >= 0 && comparison.rows.subtreeRows[row]! > 1;
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        go(position + 1);
        break;
      case 'ArrowUp':
      case 'k':
        go(position - 1);
        break;
      case 'PageDown':
        go(position + page);
        break;
      case 'PageUp':
        go(position - page);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(shown.length - 1);
        break;
      case 'ArrowRight':
      case 'l':
        if (!tree || !hasChildren) break;
        if (collapsed.mask[row] === 1) toggle(row, false);
        else go(position + 1);
        break;
      case 'ArrowLeft':
      case 'h':
        if (!tree) break;
        if (hasChildren && collapsed.mask[row] !== 1) toggle(row, true);
        else if (parent >= 0) go(positionOf(parent));
        break;
      case 'Enter':
      case ' ':
        if (tree && hasChildren) toggle(row);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div className="te-cmp-view" style={statusColorProperties()}>
      <h1 className="visually-hidden">Compare two traces</h1>
      <CompareTracesHeader comparison={comparison} roots={roots} traceHref={traceHref} onSwap={onSwap} />
      {same ? (
        <StatusNotice>
          {comparison.before.traceId === comparison.after.traceId
            ? 'This is one trace compared with itself: every span matches, and no duration, self time or status differs.'
            : 'The two traces are identical span by span: every span matches, and no duration, self time or status differs.'}
        </StatusNotice>
      ) : null}
      <div className="te-cmp-toolbar" role="toolbar" aria-label="Comparison layout">
        <fieldset className="te-cmp-choice">
          <legend>Show</legend>
          {(['merged', 'side'] as const).map((value) => (
            <label key={value}>
              <input type="radio" name={`${idPrefix}-layout`} checked={layout === value} onChange={() => updateRouteParams({ [TRACES_PARAMS.layout]: value === 'merged' ? undefined : value })} />
              {value === 'merged' ? 'One merged waterfall' : 'Side by side'}
            </label>
          ))}
        </fieldset>
        <label className="te-cmp-sort">
          Order
          <select value={sort} onChange={(event) => updateRouteParams({ [TRACES_PARAMS.sort]: event.target.value === 'tree' ? undefined : event.target.value })}>
            <option value="tree">Tree</option>
            <option value="duration">By |duration delta|, largest first</option>
            <option value="self">By |self-time delta|, largest first</option>
          </select>
        </label>
        <button type="button" onClick={() => setAll(0)} disabled={sort !== 'tree'}>
          Expand all
        </button>
        <button type="button" onClick={() => setAll(1)} disabled={sort !== 'tree'}>
          Collapse all
        </button>
      </div>
      <div className="te-cmp-body">
        <ComparedRows
          comparison={comparison}
          layout={layout}
          sort={sort}
          shown={shown}
          collapsed={collapsed.mask}
          selected={visibleSelected}
          revealOnMount={initialSelect !== undefined}
          idPrefix={idPrefix}
          onSelect={setSelected}
          onToggle={toggle}
          onKeyDown={onKeyDown}
        />
        {selected >= 0 ? <RowDetail client={client} comparison={comparison} row={selected} spanHref={traceHref} /> : null}
      </div>
    </div>
  );
}

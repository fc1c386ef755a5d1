import { useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  analyseWaterfall,
  collapseAll,
  collapseToDepth,
  createWaterfallState,
  emptyWaterfallAnalysis,
  expandAll,
  maxDepth,
  revealSpan,
  rowOfSpan,
  setCollapsed,
  spanArrived,
  toggleCollapsed,
  type WaterfallAnalysis,
  type WaterfallSpan,
  type WaterfallTrace,
} from '../../../shared/analysis/trace/index.ts';
import type { Trace } from '../../../shared/model/trace.ts';
import { Minimap } from './waterfall/Minimap.tsx';
import { SpanDetail } from './detail/SpanDetail.tsx';
import { statusColorProperties } from '../../components/status-colors.ts';
import { TimeRuler } from './waterfall/TimeRuler.tsx';
import { TraceHeader } from './TraceHeader.tsx';
import { TraceMap } from './TraceMap.tsx';
import { localTraceSource, type TraceSource } from './source/trace-source.ts';
import { useTraceSearch } from './source/use-trace-search.ts';
import { arrivedSpans, useArrival } from './source/use-arrival.ts';
import { createViewportStore, windowTimes, WHOLE_TRACE, type TimeWindow } from './waterfall/time-window.ts';
import { useColorScheme } from '../../components/use-dom.ts';
import { WaterfallToolbar } from './waterfall/WaterfallToolbar.tsx';
import { WaterfallTree, type ScrollRequest } from './waterfall/WaterfallTree.tsx';
import type { RowContext } from './waterfall/WaterfallRow.tsx';
import './trace-view.css';

interface TraceViewCommonProps {
  /** The span to select first (a deep link); the root otherwise. */
  readonly initialSpanId?: string | undefined;
  /** The same by index (the worker found it), used when ≥ 0; a search of the spans is then not needed. */
  readonly initialSpan?: number | undefined;
  /** Told whenever the selected span changes, e.g. to keep it in the URL. */
  readonly onSelectSpan?: ((span: WaterfallSpan | undefined) => void) | undefined;
}

/**
 * Either a full `Trace` (its documents at hand: the analysis is computed here unless given), or
 * the light trace the analysis worker sent with a `source` for documents and search, and the
 * worker's analysis (undefined while it is computed).
 */
export type TraceViewProps = TraceViewCommonProps &
  (
    | { readonly trace: Trace; readonly analysis?: WaterfallAnalysis | undefined; readonly source?: undefined }
    | { readonly trace: WaterfallTrace; readonly analysis: WaterfallAnalysis | undefined; readonly source: TraceSource }
  );

/**
 * Up to this many spans the analysis (critical path, self times, overheads, phases, map: O(n log n))
 * is computed before the first render; above it the first rows come first and the analysis follows
 * in its own task, so neither task is long. The worker can also pass it in ready-made.
 */
const EAGER_ANALYSIS_SPANS = 10_000;

function useWaterfallAnalysis(given: WaterfallAnalysis | undefined, full: Trace | undefined): { analysis: WaterfallAnalysis; pending: boolean } {
  const [computed, setComputed] = useState<WaterfallAnalysis | undefined>(() =>
    given === undefined && full !== undefined && full.spans.length <= EAGER_ANALYSIS_SPANS ? analyseWaterfall(full) : undefined,
  );
  useEffect(() => {
    if (given !== undefined || computed !== undefined || full === undefined) return;
    const timer = setTimeout(() => setComputed(analyseWaterfall(full)), 0);
    return () => clearTimeout(timer);
  }, [given, computed, full]);
  const [empty] = useState(emptyWaterfallAnalysis);
  return { analysis: given ?? computed ?? empty, pending: given === undefined && computed === undefined };
}

const traceKeys = new WeakMap<WaterfallTrace, number>();
let nextTraceKey = 0;
function keyOf(trace: WaterfallTrace): number {
  let key = traceKeys.get(trace);
  if (key === undefined) traceKeys.set(trace, (key = nextTraceKey++));
  return key;
}

/**
 * The latency waterfall of one trace: search and collapse controls, a minimap of the whole
 * trace, a time ruler, the virtualised span tree (a treegrid), and beside it the trace's own map
 * and the selected span's details. A different trace starts afresh (new state).
 */
export function TraceView(props: TraceViewProps) {
  return <TraceViewBody key={keyOf(props.trace)} {...props} />;
}

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

function TraceViewBody(props: TraceViewProps) {
  const { trace, analysis: given, initialSpanId, onSelectSpan } = props;
  const idPrefix = `te${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const full = props.source === undefined ? props.trace : undefined;
  const [source] = useState<TraceSource>(() => props.source ?? localTraceSource(props.trace as Trace));
  const { analysis, pending } = useWaterfallAnalysis(given, full);
  // Re-rendered by arriving spans only when the trace becomes whole or the selected span arrives.
  const complete = useArrival(trace, () => arrivedSpans(trace) === trace.spans.length);
  const map = analysis.traceMap;
  const depth = useMemo(() => maxDepth(trace), [trace]);
  const [initialSpan] = useState(() => {
    const given = props.initialSpan ?? -1;
    const found = given >= 0 && given < trace.spans.length ? given : initialSpanId === undefined ? -1 : trace.spans.findIndex((s) => s.id === initialSpanId);
    return found >= 0 ? found : trace.spans.length > 0 ? 0 : -1;
  });
  const [state, setState] = useState(() => createWaterfallState(trace));
  const [selected, setSelected] = useState(initialSpan);
  const [window, setWindow] = useState<TimeWindow>(WHOLE_TRACE);
  const [query, setQuery] = useState('');
  const [matchCursor, setMatchCursor] = useState(-1);
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | undefined>(initialSpan > 0 ? { span: initialSpan, align: 'start', token: 0 } : undefined);
  const [viewport] = useState(createViewportStore);
  const scheme = useColorScheme();
  const rootRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  // The side panel follows the first rows in a deferred render: the first layout is the tree's alone.
  const sideShown = useDeferredValue(true, false);
  const searched = useTraceSearch(source, query);
  const matches = searched.matches;
  const matchedMask = useMemo(() => {
    if (matches.length === 0) return undefined;
    const mask = new Uint8Array(trace.spans.length);
    for (const i of matches) mask[i] = 1;
    return mask;
  }, [matches, trace]);

  // A collapse that hides the selected span moves the selection to the ancestor that hides it.
  useEffect(() => {
    if (selected < 0 || rowOfSpan(state, selected) >= 0) return;
    let p = trace.parent[selected]!;
    while (p >= 0 && rowOfSpan(state, p) < 0) p = trace.parent[p]!;
    if (p >= 0) setSelected(p);
  }, [state, selected, trace]);

  // Told once the span's values are here (a span still arriving has no id yet).
  const selectedArrived = useArrival(trace, () => selected < 0 || spanArrived(trace, selected));
  useEffect(() => {
    if (selectedArrived) onSelectSpan?.(trace.spans[selected]);
  }, [selected, selectedArrived, trace, onSelectSpan]);

  const navigate = useCallback((span: number) => {
    if (span < 0) return;
    setState((s) => revealSpan(s, span));
    setSelected(span);
    setScrollRequest((r) => ({ span, align: 'nearest', token: (r?.token ?? 0) + 1 }));
  }, []);
  const scrollToSpan = useCallback((span: number) => {
    setScrollRequest((r) => ({ span, align: 'start', token: (r?.token ?? 0) + 1 }));
  }, []);
  const toggle = useCallback((span: number, collapse?: boolean) => {
    setState((s) => (collapse === undefined ? toggleCollapsed(s, span) : setCollapsed(s, span, collapse)));
  }, []);
  const select = useCallback((span: number) => setSelected(span), []);

  const { start: windowStart, duration: windowDuration } = windowTimes(trace, window);
  const context = useMemo<RowContext>(
    () => ({ trace, analysis, windowStart, windowDuration, idPrefix, onSelect: select, onToggle: toggle }),
    [trace, analysis, windowStart, windowDuration, idPrefix, select, toggle],
  );

  const onQueryChange = (next: string): void => {
    setQuery(next);
    setMatchCursor(-1);
  };
  const onMatch = (direction: 1 | -1): void => {
    const go = (found: Int32Array): void => {
      if (found.length === 0) return;
      const cursor = matchCursor < 0 ? (direction === 1 ? 0 : found.length - 1) : (matchCursor + direction + found.length) % found.length;
      setMatchCursor(cursor);
      navigate(found[cursor]!);
    };
    if (searched.query === query) go(matches);
    else void searched.searchNow(query).then(go, () => undefined);
  };
  const focusTree = (): void => rootRef.current?.querySelector<HTMLElement>('[role="treegrid"]')?.focus();
  const onRootKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === '/' && !isEditable(event.target)) {
      event.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    }
  };

  return (
    <div ref={rootRef} className="te-trace-view" style={statusColorProperties()} onKeyDown={onRootKey}>
      <TraceHeader trace={trace} analysis={analysis} pending={pending} />
      <WaterfallToolbar
        searchRef={searchRef}
        query={query}
        onQueryChange={onQueryChange}
        matchCount={matches.length}
        searching={searched.query !== query}
        matchCursor={matchCursor}
        onMatch={onMatch}
        onLeaveSearch={focusTree}
        onExpandAll={() => setState(expandAll)}
        onCollapseAll={() => setState(collapseAll)}
        maxDepth={depth}
        onCollapseToDepth={(d) => setState((s) => collapseToDepth(s, d))}
      />
      <div className="te-trace-body">
        <div className="te-trace-main">
          <Minimap
            trace={trace}
            complete={complete}
            source={source}
            scheme={scheme}
            window={window}
            onWindowChange={setWindow}
            viewport={viewport}
            onScrollToSpan={scrollToSpan}
          />
          <TimeRuler trace={trace} window={window} />
          <WaterfallTree
            label={`Spans of trace ${trace.id}`}
            state={state}
            context={context}
            selected={selected}
            matched={matchedMask}
            scrollRequest={scrollRequest}
            viewport={viewport}
            onNavigate={navigate}
            onToggle={toggle}
          />
        </div>
        <aside className="te-trace-side" aria-label="Selected span">
          {sideShown ? (
            <>
              <TraceMap model={map} selectedNode={selected >= 0 ? (map.nodeOfSpan[selected] ?? -1) : -1} onSelectSpan={navigate} />
              <SpanDetail trace={trace} span={selected} arrived={selectedArrived} analysis={analysis} source={source} onSelectSpan={navigate} />
            </>
          ) : null}
        </aside>
      </div>
    </div>
  );
}

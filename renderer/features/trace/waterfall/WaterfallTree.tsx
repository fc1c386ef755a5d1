import { useDeferredValue, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { hasChildren, isCollapsed, rowNearSpan, rowOfSpan, spanArrived, spanAtRow, type WaterfallState } from '../../../../shared/analysis/trace/index.ts';
import { frameScheduler } from '../../../core/raf-scheduler.ts';
import { useElementSize } from '../../../components/use-dom.ts';
import { ROW_HEIGHT, rowDomId, WaterfallRow, type RowContext } from './WaterfallRow.tsx';
import { useArrival } from '../source/use-arrival.ts';
import type { ViewportStore } from './time-window.ts';

/**
 * The rendered rows change in blocks of this many: the window is the viewport widened to block
 * edges plus one block each side. Scrolling within a block changes no DOM at all, so most frames
 * are a compositor-only scroll, as on a static page; a block boundary adds and removes a block.
 */
export const BLOCK = 16;
/** jsdom has no layout: render as if the viewport were this tall. */
const FALLBACK = { width: 800, height: 480 };

export const KEYS_HELP =
  'Up and down arrows or k and j move between spans; right arrow expands, left arrow collapses or goes to the parent; Enter toggles; Home and End jump; slash searches.';

/** Scroll so that `span` is in view; a new object (token) each time it is asked. */
export interface ScrollRequest {
  readonly span: number;
  readonly align: 'nearest' | 'start';
  readonly token: number;
}

export interface WaterfallTreeProps {
  readonly label: string;
  readonly state: WaterfallState;
  readonly context: RowContext;
  readonly selected: number;
  /** matched[i] = 1 when span i matches the search. */
  readonly matched: Uint8Array | undefined;
  readonly scrollRequest: ScrollRequest | undefined;
  readonly viewport: ViewportStore;
  /** Keyboard navigation: select a span and keep it in view. */
  readonly onNavigate: (span: number) => void;
  readonly onToggle: (span: number, collapse?: boolean) => void;
}

/**
 * The virtualised span tree: a `treegrid` whose `aria-rowcount` is the trace's span count (each
 * row's `aria-rowindex` is its pre-order position), with only the rows in the viewport (plus a
 * margin) in the DOM, absolutely positioned inside a spacer as tall as all visible rows. The
 * grid keeps focus; the selected row is its `aria-activedescendant`.
 */
export function WaterfallTree({ label, state, context, selected, matched, scrollRequest, viewport, onNavigate, onToggle }: WaterfallTreeProps) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const { height } = useElementSize(scrollerRef, FALLBACK);
  const { trace } = state;
  const count = state.rows.length;

  // The first render shows the viewport's blocks only; the margin blocks follow in a deferred render,
  // so the first rows cost as little layout as they can.
  const margin = useDeferredValue(1, 0);
  const first = Math.max(0, (Math.floor(scrollTop / ROW_HEIGHT / BLOCK) - margin) * BLOCK);
  const last = Math.min(count, (Math.ceil((scrollTop + height) / ROW_HEIGHT / BLOCK) + margin) * BLOCK);
  // Rows whose spans are still arriving show as loading; a chunk re-renders the tree only when it fills one of them.
  const arrivedRows = useArrival(trace, () => {
    if (!trace.arrival) return last - first;
    let arrived = 0;
    for (let r = first; r < last; r++) if (trace.arrival.has(state.rows[r]!)) arrived++;
    return arrived;
  });
  const whole = arrivedRows === last - first;

  useEffect(() => {
    const top = Math.min(count - 1, Math.floor(scrollTop / ROW_HEIGHT));
    const bottom = Math.min(count - 1, Math.floor((scrollTop + height - 1) / ROW_HEIGHT));
    viewport.set({ first: Math.max(0, spanAtRow(state, top)), last: Math.max(0, spanAtRow(state, bottom)) });
  }, [state, scrollTop, height, count, viewport]);

  const scrollTo = (top: number): void => {
    const max = Math.max(0, count * ROW_HEIGHT - height);
    const clamped = Math.min(max, Math.max(0, top));
    if (scrollerRef.current) scrollerRef.current.scrollTop = clamped;
    setScrollTop(clamped);
  };

  useEffect(() => {
    if (!scrollRequest) return;
    const row = rowNearSpan(state, scrollRequest.span);
    const rowTop = row * ROW_HEIGHT;
    const current = scrollerRef.current?.scrollTop ?? scrollTop;
    if (scrollRequest.align === 'start') scrollTo(rowTop);
    else if (rowTop < current) scrollTo(rowTop);
    else if (rowTop + ROW_HEIGHT > current + height) scrollTo(rowTop + ROW_HEIGHT - height);
    // Only a new request scrolls; state changes alone must not jump.
  }, [scrollRequest]);

  // One render per frame, committed inside the animation frame (flushSync) so the new rows are
  // painted in the same frame as the scroll, not one frame late.
  const onScroll = (): void => {
    frameScheduler.schedule(`tree-scroll:${context.idPrefix}`, () => {
      const element = scrollerRef.current;
      if (element) flushSync(() => setScrollTop(element.scrollTop));
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (count === 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    const row = rowNearSpan(state, selected);
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const go = (target: number): void => onNavigate(spanAtRow(state, Math.min(count - 1, Math.max(0, target))));
    const shown = rowOfSpan(state, selected) >= 0;
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        go(shown ? row + 1 : row);
        break;
      case 'ArrowUp':
      case 'k':
        go(shown ? row - 1 : row);
        break;
      case 'PageDown':
        go(row + page);
        break;
      case 'PageUp':
        go(row - page);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(count - 1);
        break;
      case 'ArrowRight':
      case 'l':
        if (!hasChildren(trace, selected)) break;
        if (isCollapsed(state, selected)) onToggle(selected, false);
        else onNavigate(selected + 1);
        break;
      case 'ArrowLeft':
      case 'h':
        if (hasChildren(trace, selected) && !isCollapsed(state, selected)) onToggle(selected, true);
        else if (trace.parent[selected]! >= 0) onNavigate(trace.parent[selected]!);
        break;
      case 'Enter':
      case ' ':
        if (hasChildren(trace, selected)) onToggle(selected);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const rows = [];
  for (let r = first; r < last; r++) {
    const span = state.rows[r]!;
    rows.push(
      <WaterfallRow
        key={span}
        span={span}
        row={r}
        expanded={hasChildren(trace, span) ? !isCollapsed(state, span) : undefined}
        loaded={whole || spanArrived(trace, span)}
        selected={span === selected}
        matched={matched?.[span] === 1}
        context={context}
      />,
    );
  }
  const selectedRow = rowOfSpan(state, selected);
  const activeRendered = selectedRow >= first && selectedRow < last;
  return (
    <>
      <p id={`${context.idPrefix}-keys`} className="te-visually-hidden">
        {KEYS_HELP}
      </p>
      <div
        ref={scrollerRef}
        className="te-wf-scroller"
        role="treegrid"
        aria-label={label}
        aria-rowcount={trace.spans.length}
        aria-colcount={2}
        aria-multiselectable={false}
        aria-activedescendant={activeRendered ? rowDomId(context.idPrefix, selected) : undefined}
        aria-describedby={`${context.idPrefix}-keys`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={onScroll}
      >
        <div className="te-wf-spacer" style={{ height: count * ROW_HEIGHT }} role="presentation">
          {rows}
        </div>
      </div>
    </>
  );
}

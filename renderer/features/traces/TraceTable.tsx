import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { TraceListRow, TraceListSortKey } from '../../../shared/analysis/traces/index.ts';
import { COLUMNS, ROW_HEIGHT, rowDomId, TraceTableRow } from './TraceTableRow.tsx';
import type { TracePages } from './use-trace-pages.ts';

/** Rows drawn above and below the viewport. */
const OVERSCAN = 10;
/** jsdom has no layout: behave as if the viewport were this tall. */
const FALLBACK_HEIGHT = 480;
const HEADER_HEIGHT = 32;

export const TABLE_KEYS_HELP = 'Up and down arrows or k and j move between traces; Page Up, Page Down, Home and End jump; Enter opens the trace; m marks it for compare.';

export interface TraceTableProps {
  readonly pages: TracePages;
  readonly sort: TraceListSortKey;
  readonly descending: boolean;
  readonly onSort: (sort: TraceListSortKey, descending: boolean) => void;
  readonly hrefOf: (row: TraceListRow) => string;
  readonly onOpen: (row: TraceListRow) => void;
  /** Changes when the list is a different one (query or sort): scroll and selection go back to the top. */
  readonly resetKey: string;
  /** Ids of the traces chosen for Compare; `onMark` adds or removes one. */
  readonly marked: ReadonlySet<string>;
  readonly onMark: (row: TraceListRow) => void;
}

/**
 * The trace list: a `grid` whose `aria-rowcount` is every matching trace (plus the header),
 * with only the rows in view in the DOM, absolutely placed in a spacer as tall as the list. Its
 * pages come from the worker as they scroll into view. The grid keeps focus; the selected row
 * is its `aria-activedescendant`.
 */
export function TraceTable({ pages, sort, descending, onSort, hrefOf, onOpen, resetKey, marked, onMark }: TraceTableProps) {
  const prefix = useId().replace(/:/g, '');
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(FALLBACK_HEIGHT);
  const [active, setActive] = useState(0);
  const total = pages.total ?? 0;

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const update = (): void => {
      if (element.clientHeight > 0) setHeight(element.clientHeight - HEADER_HEIGHT);
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    setActive(0);
    setScrollTop(0);
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [resetKey]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const { ensure } = pages;
  useEffect(() => {
    if (last > first) ensure(first, last - 1);
  }, [ensure, first, last]);

  const open = useCallback(
    (position: number) => {
      const row = pages.rowAt(position);
      if (row) onOpen(row);
    },
    [pages, onOpen],
  );
  const mark = useCallback(
    (position: number) => {
      const row = pages.rowAt(position);
      if (row) onMark(row);
    },
    [pages, onMark],
  );

  const moveTo = (position: number): void => {
    const target = Math.max(0, Math.min(total - 1, position));
    setActive(target);
    const element = scroller.current;
    if (!element) return;
    const top = target * ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + height) element.scrollTop = top + ROW_HEIGHT - height;
    setScrollTop(element.scrollTop);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (total === 0 || event.altKey || event.ctrlKey || event.metaKey || event.target !== event.currentTarget) return;
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        moveTo(active + 1);
        break;
      case 'ArrowUp':
      case 'k':
        moveTo(active - 1);
        break;
      case 'PageDown':
        moveTo(active + page);
        break;
      case 'PageUp':
        moveTo(active - page);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(total - 1);
        break;
      case 'Enter':
        open(active);
        break;
      case 'm':
        mark(active);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const rows = [];
  for (let position = first; position < last; position++) {
    const row = pages.rowAt(position);
    rows.push(<TraceTableRow key={position} prefix={prefix} position={position} row={row} selected={position === active} href={row ? hrefOf(row) : undefined} onOpen={open} marked={row !== undefined && marked.has(row.id)} onMark={mark} />);
  }
  const activeShown = active >= first && active < last && total > 0;
  return (
    <>
      <p id={`${prefix}-keys`} className="visually-hidden">
        {TABLE_KEYS_HELP}
      </p>
      <div
        ref={scroller}
        className={`te-traces-table${pages.stale ? ' te-traces-table--stale' : ''}`}
        role="grid"
        aria-label="Traces"
        aria-rowcount={total + 1}
        aria-colcount={COLUMNS.length}
        aria-busy={pages.stale || pages.total === undefined}
        aria-activedescendant={activeShown ? rowDomId(prefix, active) : undefined}
        aria-describedby={`${prefix}-keys`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      >
        <div role="row" aria-rowindex={1} className="te-traces-row te-traces-row--header">
          {COLUMNS.map((column) => {
            const sorted = column.sort !== undefined && column.sort === sort;
            return (
              <div key={column.id} role="columnheader" className="te-traces-cell" aria-sort={sorted ? (descending ? 'descending' : 'ascending') : column.sort ? 'none' : undefined}>
                {column.sort ? (
                  <button type="button" className="te-traces-sort" onClick={() => onSort(column.sort!, sorted ? !descending : column.sort !== 'start' && column.sort !== 'method' && column.sort !== 'url' && column.sort !== 'entry')}>
                    {column.title}
                    <span aria-hidden="true" className="te-traces-sort__arrow">
                      {sorted ? (descending ? '▼' : '▲') : ''}
                    </span>
                  </button>
                ) : (
                  column.title
                )}
              </div>
            );
          })}
        </div>
        <div className="te-traces-spacer" role="presentation" style={{ height: total * ROW_HEIGHT }}>
          {rows}
        </div>
      </div>
    </>
  );
}

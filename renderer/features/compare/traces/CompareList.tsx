import { forwardRef, useImperativeHandle, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { ROW_HEIGHT, useRowWindow } from './use-row-window.ts';

export interface CompareListHandle {
  /** Scrolls so the row at `position` is in view. */
  reveal(position: number, align?: 'nearest' | 'start'): void;
  readonly element: HTMLDivElement | null;
  readonly pageRows: number;
}

export interface CompareListProps {
  readonly name: string;
  readonly label: string;
  readonly shown: Int32Array;
  /** Every merged row (aria-rowcount), shown or not. */
  readonly total: number;
  /** The selected row's DOM id and its position in `shown` (-1: not shown). */
  readonly activeId: string | undefined;
  readonly activePosition: number;
  readonly describedBy: string;
  readonly className?: string;
  readonly header: ReactNode;
  readonly renderRow: (row: number, position: number) => ReactNode;
  readonly onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  /** Told after each scroll (the side-by-side layout links its two lists through it). */
  readonly onScrolled?: (element: HTMLDivElement) => void;
}

/**
 * A virtualised `treegrid` over the shown merged rows: a spacer as tall as all of them, and in it
 * only the rows in and near the viewport, absolutely placed. The grid keeps focus; the selected
 * row is its `aria-activedescendant`.
 */
export const CompareList = forwardRef<CompareListHandle, CompareListProps>(function CompareList(props, handle) {
  const { name, label, shown, total, activeId, activePosition, describedBy, className, header, renderRow, onKeyDown, onScrolled } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const window = useRowWindow(scroller, shown.length, name);
  useImperativeHandle(handle, () => ({ reveal: window.reveal, element: scroller.current, pageRows: window.pageRows }), [window.reveal, window.pageRows]);
  const rows: ReactNode[] = [];
  for (let position = window.first; position < window.last; position++) rows.push(renderRow(shown[position]!, position));
  const activeShown = activeId !== undefined && activePosition >= window.first && activePosition < window.last;
  return (
    <div className={`te-cmp-list ${className ?? ''}`}>
      {header}
      <div
        ref={scroller}
        className="te-cmp-scroller"
        role="treegrid"
        aria-label={label}
        aria-rowcount={total}
        aria-describedby={describedBy}
        aria-activedescendant={activeShown ? activeId : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(event) => {
          window.onScroll();
          onScrolled?.(event.currentTarget);
        }}
      >
        <div className="te-cmp-spacer" role="presentation" style={{ height: shown.length * ROW_HEIGHT }}>
          {rows}
        </div>
      </div>
    </div>
  );
});

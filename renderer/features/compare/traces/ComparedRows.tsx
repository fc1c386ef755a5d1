import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent, type RefObject } from 'react';
import type { TraceComparison } from '../../../../shared/analysis/compare/index.ts';
import { formatDuration } from '../../../../shared/base/format.ts';
import { largestDeltas, type CompareSort } from './comparison-rows.ts';
import { CompareList, type CompareListHandle } from './CompareList.tsx';
import { mergedRowId, MergedRow, type MergedRowContext } from './MergedRow.tsx';
import { SideRow, type SideRowContext } from './SideRow.tsx';

export type Layout = 'merged' | 'side';

export const COMPARE_KEYS_HELP =
  'Up and down arrows or k and j move between rows; right arrow expands, left arrow collapses or goes to the parent; Enter toggles; Home, End, Page Up and Page Down jump.';

export interface ComparedRowsProps {
  readonly comparison: TraceComparison;
  readonly layout: Layout;
  readonly sort: CompareSort;
  readonly shown: Int32Array;
  readonly collapsed: Uint8Array;
  readonly selected: number;
  /** Scrolls the selected row to the top once: a deep link's row (`select` in the URL). */
  readonly revealOnMount: boolean;
  readonly idPrefix: string;
  readonly onSelect: (row: number) => void;
  readonly onToggle: (row: number) => void;
  readonly onKeyDown: (event: KeyboardEvent<HTMLDivElement>, reveal: (position: number) => void, page: number, positionOf: (row: number) => number) => void;
}

/** The axis' end labels: seconds from each trace's own start. */
function Axis({ duration, title }: { readonly duration: number; readonly title: string }) {
  return (
    <span className="te-cmp-axis" aria-label={`${title}: 0 to ${formatDuration(duration)} from the trace's start`}>
      <span>0</span>
      <span>{title}</span>
      <span>{formatDuration(duration)}</span>
    </span>
  );
}

/**
 * The rows, as one merged waterfall or two side by side. Merged: both bars on one time axis (each
 * from its own trace's start), so a call that starts later because the work before it got slower
 * shows as a shifted bar, and the delta column carries its own change of duration. Side by side:
 * each trace's waterfall on its own axis, rows aligned (a gap where one trace has no span), the
 * two lists scrolled together: scrolling one scrolls the other to the same matched row.
 */
export function ComparedRows({ comparison, layout, sort, shown, collapsed, selected, revealOnMount, idPrefix, onSelect, onToggle, onKeyDown }: ComparedRowsProps) {
  const tree = sort === 'tree';
  const deltas = useMemo(() => largestDeltas(comparison), [comparison]);
  const axis = Math.max(comparison.before.duration, comparison.after.duration);
  const positions = useMemo(() => {
    const of = new Int32Array(comparison.rowCount).fill(-1);
    for (let p = 0; p < shown.length; p++) of[shown[p]!] = p;
    return of;
  }, [comparison, shown]);
  const positionOf = useCallback((row: number) => (row >= 0 ? positions[row]! : -1), [positions]);
  const merged = useMemo<MergedRowContext>(() => ({ comparison, axis, deltaScale: deltas.duration, tree, idPrefix, onSelect, onToggle }), [comparison, axis, deltas, tree, idPrefix, onSelect, onToggle]);
  const before = useMemo<SideRowContext>(() => ({ comparison, side: 'before', tree, idPrefix: `${idPrefix}b`, onSelect }), [comparison, tree, idPrefix, onSelect]);
  const after = useMemo<SideRowContext>(() => ({ comparison, side: 'after', tree, idPrefix: `${idPrefix}a`, onSelect }), [comparison, tree, idPrefix, onSelect]);
  const left = useRef<CompareListHandle>(null);
  const right = useRef<CompareListHandle>(null);
  const keysId = `${idPrefix}-keys`;
  useEffect(() => {
    const position = revealOnMount ? positionOf(selected) : -1;
    if (position > 0) {
      left.current?.reveal(position, 'start');
      right.current?.reveal(position, 'start');
    }
    // Once, for the row the URL named; later selections scroll as they are made.
  }, []);
  // A new order starts at its top: the point of sorting by |delta| is the largest first.
  const sorted = useRef(sort);
  useEffect(() => {
    if (sorted.current === sort) return;
    sorted.current = sort;
    left.current?.reveal(0, 'start');
    right.current?.reveal(0, 'start');
  }, [sort]);
  const activeId = (prefix: string): string | undefined => (selected >= 0 ? mergedRowId(prefix, selected) : undefined);
  const expandedOf = (row: number): boolean | undefined => (tree && comparison.rows.subtreeRows[row]! > 1 ? collapsed[row] !== 1 : undefined);
  const keys = (list: RefObject<CompareListHandle | null>) => (event: KeyboardEvent<HTMLDivElement>) =>
    onKeyDown(event, (position) => {
      left.current?.reveal(position);
      right.current?.reveal(position);
    }, list.current?.pageRows ?? 10, positionOf);

  // Linked scrolling: the other list takes the same scrollTop, which puts the same merged row (the
  // matched span, or the gap standing for it) at the same height. Setting an equal value fires no
  // scroll event, so the two do not chase each other.
  const link = (other: RefObject<CompareListHandle | null>) => (element: HTMLDivElement) => {
    const target = other.current?.element;
    if (target && target.scrollTop !== element.scrollTop) target.scrollTop = element.scrollTop;
  };

  const help = (
    <p id={keysId} className="visually-hidden">
      {COMPARE_KEYS_HELP}
    </p>
  );
  if (layout === 'merged') {
    return (
      <>
        {help}
        <CompareList
          ref={left}
          name={`${idPrefix}-merged`}
          label="Merged spans of both traces"
          shown={shown}
          total={comparison.rowCount}
          activeId={activeId(idPrefix)}
          activePosition={positionOf(selected)}
          describedBy={keysId}
          className="te-cmp-list--merged"
          header={
            <div className="te-cmp-columns" aria-hidden="true">
              <span>Span</span>
              <span className="te-cmp-columns__bars">
                <span className="te-cmp-swatch te-cmp-swatch--before" /> before <span className="te-cmp-swatch te-cmp-swatch--after" /> after
                <Axis duration={axis} title="both on one axis" />
              </span>
              <span>Duration Δ</span>
              <span>Self Δ</span>
            </div>
          }
          renderRow={(row, position) => <MergedRow key={mergedRowId(idPrefix, row)} row={row} position={position} expanded={expandedOf(row)} selected={row === selected} context={merged} />}
          onKeyDown={keys(left)}
        />
      </>
    );
  }
  return (
    <div className="te-cmp-sides">
      {help}
      {([
        [before, left, right, comparison.before.duration],
        [after, right, left, comparison.after.duration],
      ] as const).map(([context, own, other, duration]) => (
        <CompareList
          key={context.side}
          ref={own}
          name={`${context.idPrefix}-side`}
          label={`Spans of the ${context.side} trace ${comparison[context.side].traceId}`}
          shown={shown}
          total={comparison.rowCount}
          activeId={activeId(context.idPrefix)}
          activePosition={positionOf(selected)}
          describedBy={keysId}
          className={`te-cmp-list--side te-cmp-list--${context.side}`}
          header={
            <div className="te-cmp-columns te-cmp-columns--side" aria-hidden="true">
              <span>{context.side === 'before' ? 'Before' : 'After'}</span>
              <Axis duration={duration} title="its own axis" />
            </div>
          }
          renderRow={(row, position) => <SideRow key={mergedRowId(context.idPrefix, row)} row={row} position={position} selected={row === selected} context={context} />}
          onKeyDown={keys(own)}
          onScrolled={link(other)}
        />
      ))}
    </div>
  );
}

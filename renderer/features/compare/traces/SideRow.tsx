import { memo } from 'react';
import type { TraceComparison } from '../../../../shared/analysis/compare/index.ts';
import { formatDuration } from '../../../../shared/base/format.ts';
import { statusColor } from '../../../components/status-colors.ts';
import { inProgress, presence, rowName, sideStatus, type Side } from './comparison-rows.ts';
import { mergedRowId } from './MergedRow.tsx';
import { ROW_HEIGHT } from './use-row-window.ts';

/** Half the merged waterfall's indentation: each side has half the width. */
const MAX_INDENT_LEVELS = 12;
const INDENT = 6;

export interface SideRowContext {
  readonly comparison: TraceComparison;
  readonly side: Side;
  readonly tree: boolean;
  readonly idPrefix: string;
  readonly onSelect: (row: number) => void;
}

/**
 * One row of one trace's waterfall in the side-by-side layout, on that trace's own time axis.
 * Where this trace has no span for the merged row, a gap stands in its place (as a side-by-side
 * text diff pads the shorter side), so every matched row sits level with its match.
 */
export const SideRow = memo(function SideRow({ row, position, selected, context }: { readonly row: number; readonly position: number; readonly selected: boolean; readonly context: SideRowContext }) {
  const { comparison, side, tree, idPrefix } = context;
  const rows = comparison.rows;
  const where = presence(comparison, row);
  const id = mergedRowId(idPrefix, row);
  const classes = `te-cmp-row te-cmp-siderow${selected ? ' te-cmp-row--selected' : ''}`;
  const depth = tree ? rows.depth[row]! : 0;
  if (where !== 'both' && where !== side) {
    return (
      <div role="row" id={id} className={`${classes} te-cmp-siderow--gap`} style={{ top: position * ROW_HEIGHT, height: ROW_HEIGHT }} aria-rowindex={position + 1} aria-selected={selected} data-row={row} onClick={() => context.onSelect(row)}>
        <div role="gridcell" className="te-cmp-gap">{`Not in the ${side} trace`}</div>
      </div>
    );
  }
  const { name } = rowName(comparison, row);
  const start = side === 'before' ? rows.beforeStart[row]! : rows.afterStart[row]!;
  const total = side === 'before' ? comparison.before.duration : comparison.after.duration;
  const open = inProgress(comparison, row, side);
  const duration = open ? Math.max(0, total - start) : side === 'before' ? rows.beforeDuration[row]! : rows.afterDuration[row]!;
  const status = sideStatus(comparison, row, side);
  const toPercent = (t: number): number => (total > 0 ? (t / total) * 100 : 0);
  return (
    <div
      role="row"
      id={id}
      className={`${classes} te-cmp-row--${where}`}
      style={{ top: position * ROW_HEIGHT, height: ROW_HEIGHT }}
      aria-rowindex={position + 1}
      aria-level={tree ? rows.depth[row]! + 1 : undefined}
      aria-selected={selected}
      data-row={row}
      onClick={() => context.onSelect(row)}
    >
      <div role="gridcell" className="te-cmp-name" style={{ paddingLeft: Math.min(depth, MAX_INDENT_LEVELS) * INDENT + 4 }}>
        <span className="te-cmp-dot" style={{ background: statusColor(status) }} />
        <span className="te-cmp-label">{name}</span>
        {where !== 'both' ? <span className={`te-cmp-chip te-cmp-only te-cmp-only--${where}`}>only</span> : null}
      </div>
      <div role="gridcell" className="te-cmp-timeline">
        <span className={`te-cmp-bar te-cmp-bar--single te-cmp-bar--${side}${open ? ' te-cmp-bar--open' : ''}`} style={{ left: `${toPercent(start)}%`, width: `${Math.max(0, toPercent(duration))}%`, ...(status !== 'ok' ? { background: statusColor(status) } : {}) }} />
        <span className="te-cmp-duration">{`${formatDuration(duration)}${open ? '+' : ''}`}</span>
      </div>
    </div>
  );
});

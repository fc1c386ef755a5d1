import { memo } from 'react';
import { CRITICAL_AFTER, CRITICAL_BEFORE, type TraceComparison } from '../../../../shared/analysis/compare/index.ts';
import { formatDuration, formatChange } from '../../../../shared/base/format.ts';
import { STATUS_LABELS, statusColor } from '../../../components/status-colors.ts';
import { inProgress, presence, roundDelta, rowName, sideStatus, type Side } from './comparison-rows.ts';
import { ROW_HEIGHT } from './use-row-window.ts';

/** Indentation stops growing here; deeper rows say their depth (as the Trace view's waterfall does). */
const MAX_INDENT_LEVELS = 12;
const INDENT = 12;

/** What every row shares; a new object only when the answer or the layout changes. */
export interface MergedRowContext {
  readonly comparison: TraceComparison;
  /** The time axis: seconds from each trace's own start, 0 to the longer trace's duration. */
  readonly axis: number;
  /** |delta| that fills half the delta column. */
  readonly deltaScale: number;
  readonly tree: boolean;
  readonly idPrefix: string;
  readonly onSelect: (row: number) => void;
  readonly onToggle: (row: number) => void;
}

export function mergedRowId(prefix: string, row: number): string {
  return `${prefix}-row-${row}`;
}

const percent = (value: number, axis: number): number => (axis > 0 ? (value / axis) * 100 : 0);

function SideBar({ comparison, row, side, axis }: { readonly comparison: TraceComparison; readonly row: number; readonly side: Side; readonly axis: number }) {
  const rows = comparison.rows;
  const start = side === 'before' ? rows.beforeStart[row]! : rows.afterStart[row]!;
  if (Number.isNaN(start)) return null;
  const open = inProgress(comparison, row, side);
  const total = side === 'before' ? comparison.before.duration : comparison.after.duration;
  const duration = open ? Math.max(0, total - start) : side === 'before' ? rows.beforeDuration[row]! : rows.afterDuration[row]!;
  const status = sideStatus(comparison, row, side);
  const classes = `te-cmp-bar te-cmp-bar--${side}${open ? ' te-cmp-bar--open' : ''}${status !== 'ok' ? ' te-cmp-bar--status' : ''}`;
  return (
    <span
      className={classes}
      style={{ left: `${percent(start, axis)}%`, width: `${Math.max(0, percent(duration, axis))}%`, ...(status !== 'ok' ? { background: statusColor(status) } : {}) }}
      title={`${side === 'before' ? 'Before' : 'After'}: ${formatDuration(duration)}${open ? '+ (in progress)' : ''} from ${formatDuration(start)}`}
    />
  );
}

/** The delta as a bar from the column's middle: right and warm for slower, left and cool for faster. */
export function DeltaBar({ delta: raw, scale, label }: { readonly delta: number; readonly scale: number; readonly label: string }) {
  const delta = roundDelta(raw);
  const known = Number.isFinite(delta);
  const width = known && scale > 0 ? Math.min(50, (Math.abs(delta) / scale) * 50) : 0;
  const kind = !known ? 'none' : delta > 0 ? 'slower' : delta < 0 ? 'faster' : 'same';
  const words = kind === 'slower' ? 'slower' : kind === 'faster' ? 'faster' : kind === 'same' ? 'unchanged' : 'no delta';
  return (
    <span className={`te-cmp-delta te-cmp-delta--${kind}`} title={`${label}: ${formatChange(delta, formatDuration)} (${words})`}>
      <span className="te-cmp-delta__axis" aria-hidden="true" />
      {width > 0 ? <span className="te-cmp-delta__bar" aria-hidden="true" style={delta > 0 ? { left: '50%', width: `${width}%` } : { right: '50%', width: `${width}%` }} /> : null}
      <span className="te-cmp-delta__figure">{known ? formatChange(delta, formatDuration) : '—'}</span>
      <span className="visually-hidden">{` ${words}`}</span>
    </span>
  );
}

/** The chips of a row: only in one trace, status change, critical path of each. */
export function RowMarks({ comparison, row }: { readonly comparison: TraceComparison; readonly row: number }) {
  const rows = comparison.rows;
  const where = presence(comparison, row);
  const parent = rows.parentRow[row]!;
  const subtreeRoot = where !== 'both' && (parent < 0 || presence(comparison, parent) === 'both');
  const size = rows.subtreeRows[row]!;
  const critical = rows.critical[row]!;
  const before = sideStatus(comparison, row, 'before');
  const after = sideStatus(comparison, row, 'after');
  return (
    <>
      {where !== 'both' ? (
        <span className={`te-cmp-chip te-cmp-only te-cmp-only--${where}`}>
          {`Only ${where}`}
          {subtreeRoot && size > 1 ? ` · ${size} spans` : ''}
        </span>
      ) : null}
      {where === 'both' && before !== after ? <span className="te-cmp-chip te-cmp-chip--status">{`${STATUS_LABELS[before]} → ${STATUS_LABELS[after]}`}</span> : null}
      {critical !== 0 ? (
        <span className={`te-cmp-chip te-cmp-critical te-cmp-critical--${critical}`} title={critical === (CRITICAL_BEFORE | CRITICAL_AFTER) ? 'On both critical paths (the chain of work that decides when the trace ends)' : `On the ${critical === CRITICAL_BEFORE ? 'before' : 'after'} trace’s critical path only`}>
          {critical === (CRITICAL_BEFORE | CRITICAL_AFTER) ? 'Critical' : critical === CRITICAL_BEFORE ? 'Critical: before' : 'Critical: after'}
        </span>
      ) : null}
    </>
  );
}

export interface MergedRowProps {
  readonly row: number;
  readonly position: number;
  readonly expanded: boolean | undefined;
  readonly selected: boolean;
  readonly context: MergedRowContext;
}

/** One merged row: the name, both bars on one axis, the duration delta as a bar and the self-time delta. Memoised. */
export const MergedRow = memo(function MergedRow({ row, position, expanded, selected, context }: MergedRowProps) {
  const { comparison, axis, deltaScale, tree, idPrefix } = context;
  const rows = comparison.rows;
  const depth = tree ? rows.depth[row]! : 0;
  const { name, node, type } = rowName(comparison, row);
  // A segment's name is its node's: only the type is news.
  const nodeText = node === undefined ? undefined : node.startsWith(`${name} (`) ? type : node;
  const where = presence(comparison, row);
  return (
    <div
      role="row"
      id={mergedRowId(idPrefix, row)}
      className={`te-cmp-row te-cmp-row--${where}${selected ? ' te-cmp-row--selected' : ''}`}
      style={{ top: position * ROW_HEIGHT, height: ROW_HEIGHT }}
      aria-rowindex={position + 1}
      aria-level={tree ? rows.depth[row]! + 1 : undefined}
      aria-expanded={expanded}
      aria-selected={selected}
      data-row={row}
      onClick={() => context.onSelect(row)}
    >
      <div role="gridcell" className="te-cmp-name" style={{ paddingLeft: Math.min(depth, MAX_INDENT_LEVELS) * INDENT + 4 }}>
        {expanded === undefined ? (
          <span className="te-cmp-toggle te-cmp-toggle--leaf" aria-hidden="true" />
        ) : (
          <button
            type="button"
            tabIndex={-1}
            className="te-cmp-toggle"
            aria-label={`${expanded ? 'Collapse' : 'Expand'} ${name}`}
            onClick={(event) => {
              event.stopPropagation();
              context.onToggle(row);
            }}
          >
            {expanded ? '▾' : '▸'}
          </button>
        )}
        {depth >= MAX_INDENT_LEVELS ? <span className="te-cmp-chip te-cmp-chip--depth">{`depth ${rows.depth[row]}`}</span> : null}
        <span className="te-cmp-label" title={node ? `${name} on ${node}` : name}>
          {name}
        </span>
        {nodeText ? <span className="te-cmp-node muted">{nodeText}</span> : null}
        <RowMarks comparison={comparison} row={row} />
      </div>
      <div role="gridcell" className="te-cmp-timeline">
        <SideBar comparison={comparison} row={row} side="before" axis={axis} />
        <SideBar comparison={comparison} row={row} side="after" axis={axis} />
      </div>
      <div role="gridcell" className="te-cmp-deltacell">
        <DeltaBar delta={rows.durationDelta[row]!} scale={deltaScale} label="Duration" />
      </div>
      <div role="gridcell" className="te-cmp-self">
        {formatChange(roundDelta(rows.selfDelta[row]!), formatDuration)}
      </div>
    </div>
  );
});

import { memo } from 'react';
import type { TraceListRow, TraceListSortKey } from '../../../shared/analysis/traces/index.ts';
import type { RequestStatus } from '../../../shared/model/status.ts';
import { formatDuration } from '../../../shared/base/format.ts';

export const ROW_HEIGHT = 30;

export interface Column {
  readonly id: string;
  readonly title: string;
  /** The worker's sort key; undefined for a column that does not sort. */
  readonly sort: TraceListSortKey | undefined;
}

export const COLUMNS: readonly Column[] = [
  { id: 'start', title: 'Start (UTC)', sort: 'start' },
  { id: 'duration', title: 'Duration', sort: 'duration' },
  { id: 'response', title: 'Response', sort: 'responseTime' },
  { id: 'status', title: 'Status', sort: 'status' },
  { id: 'method', title: 'Method', sort: 'method' },
  { id: 'url', title: 'URL', sort: 'url' },
  { id: 'entry', title: 'Entry service', sort: 'entry' },
  { id: 'annotations', title: 'Annotations', sort: undefined },
];

export const STATUS_TEXT: Readonly<Record<RequestStatus, string>> = { ok: 'OK', error: 'Error', throttle: 'Throttled', fault: 'Fault' };

export function rowDomId(prefix: string, position: number): string {
  return `${prefix}-row-${position}`;
}

/** `14:03:12.345` (UTC) from epoch seconds. */
export function timeOfDay(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  return new Date(seconds * 1000).toISOString().slice(11, 23);
}

function fullTime(seconds: number): string {
  return Number.isFinite(seconds) ? `${new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 23)} UTC` : 'unknown start';
}

export interface TraceTableRowProps {
  readonly prefix: string;
  readonly position: number;
  readonly row: TraceListRow | undefined;
  readonly selected: boolean;
  readonly href: string | undefined;
  readonly onOpen: (position: number) => void;
  /** Chosen for Compare (two traces side by side). */
  readonly marked: boolean;
  readonly onMark: (position: number) => void;
}

/**
 * One row of the trace list, absolutely placed at its position. Every string from the data is
 * rendered as text. A row whose page has not arrived yet shows placeholders.
 */
export const TraceTableRow = memo(function TraceTableRow({ prefix, position, row, selected, href, onOpen, marked, onMark }: TraceTableRowProps) {
  const style = { transform: `translateY(${position * ROW_HEIGHT}px)` };
  if (!row) {
    return (
      <div role="row" aria-rowindex={position + 2} aria-busy="true" className="te-traces-row te-traces-row--loading" style={style} id={rowDomId(prefix, position)}>
        <div role="gridcell" aria-colspan={COLUMNS.length} className="te-traces-cell muted">
          Loading…
        </div>
      </div>
    );
  }
  const more = row.annotationCount - row.annotations.length;
  return (
    <div
      role="row"
      aria-rowindex={position + 2}
      aria-selected={selected}
      className={`te-traces-row te-traces-row--${row.status}${selected ? ' te-traces-row--selected' : ''}`}
      style={style}
      id={rowDomId(prefix, position)}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        onOpen(position);
      }}
    >
      <div role="gridcell" className="te-traces-cell te-traces-cell--start" title={`${fullTime(row.start)}\n${row.id}`}>
        <button
          type="button"
          tabIndex={-1}
          className={`te-traces-mark${marked ? ' te-traces-mark--on' : ''}`}
          aria-pressed={marked}
          aria-label={`Mark trace ${row.id} for compare`}
          onClick={(event) => {
            event.stopPropagation();
            onMark(position);
          }}
        >
          {marked ? '◆' : '◇'}
        </button>
        <a href={href} tabIndex={-1} className="te-traces-link">
          {timeOfDay(row.start)}
          <span className="visually-hidden"> trace {row.id}</span>
        </a>
      </div>
      <div role="gridcell" className="te-traces-cell te-traces-cell--number">
        {formatDuration(row.duration)}
      </div>
      <div role="gridcell" className="te-traces-cell te-traces-cell--number">
        {row.responseTime === undefined ? '–' : formatDuration(row.responseTime)}
      </div>
      <div role="gridcell" className="te-traces-cell">
        <span className={`te-traces-status te-traces-status--${row.status}`} aria-hidden="true" />
        {STATUS_TEXT[row.status]}
        {row.httpStatus !== undefined ? <span className="muted"> {row.httpStatus}</span> : null}
        {row.throttled && row.status !== 'throttle' ? (
          <span className="te-traces-badge" title="A call inside the trace was throttled (429)">
            429<span className="visually-hidden"> inside</span>
          </span>
        ) : null}
        {row.partial ? (
          <span className="te-traces-badge" title="A segment is still in progress">
            partial
          </span>
        ) : null}
      </div>
      <div role="gridcell" className="te-traces-cell">
        {row.method ?? '–'}
      </div>
      <div role="gridcell" className="te-traces-cell te-traces-cell--url" title={row.url}>
        {row.url ?? '–'}
      </div>
      <div role="gridcell" className="te-traces-cell" title={row.entryType}>
        {row.entry ?? '–'}
      </div>
      <div
        role="gridcell"
        aria-busy={row.annotationsPending ? true : undefined}
        className="te-traces-cell te-traces-cell--annotations"
        title={row.annotations.map(([key, value]) => `${key} = ${value}`).join('\n') || undefined}
      >
        {row.annotationsPending ? <span className="muted">Reading…</span> : null}
        {row.annotations.map(([key, value]) => (
          <span key={key} className="te-traces-chip">
            {key}={value}
          </span>
        ))}
        {more > 0 ? <span className="muted">+{more}</span> : null}
      </div>
    </div>
  );
});

import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ComparedEdge, ComparedFigure, ComparedNode, RangeComparison } from '../../../../shared/analysis/compare/index.ts';
import { callLabel } from '../../../../shared/analysis/timeline/index.ts';
import { formatCount } from '../../../../shared/base/format.ts';
import { STATUS_ORDER } from '../../../../shared/model/status.ts';
import { latencyCell, rateCell, requestsCell, VERDICT_TEXT, verdictOf, type FigureCell } from './figure-cells.ts';

/** Rows shown of each group until "show all": a comparison of a big graph stays quick to draw. */
export const ROWS_SHOWN = 50;

export const TABLE_KEYS_HELP = 'Up and down arrows or k and j move between calls and nodes; Enter goes to the selected one’s detail.';

export interface TableRow {
  readonly kind: 'edge' | 'node';
  readonly figure: ComparedFigure;
  readonly label: string;
  readonly type: string;
}

/** The rows in the analysis' order (changed most first): calls, then nodes. */
export function tableRows(comparison: RangeComparison): { readonly edges: readonly TableRow[]; readonly nodes: readonly TableRow[] } {
  return {
    edges: comparison.edges.map((edge: ComparedEdge) => ({ kind: 'edge', figure: edge, label: callLabel(edge.from, edge.to), type: '' })),
    nodes: comparison.nodes.map((node: ComparedNode) => ({ kind: 'node', figure: node, label: node.name, type: node.type })),
  };
}

const RATE_HEAD = { ok: 'OK', error: '4xx', throttle: '429', fault: '5xx' } as const;

function Cell({ cell }: { readonly cell: FigureCell }) {
  return (
    <td className={cell.significant ? 'te-cmp-cell te-cmp-cell--significant' : 'te-cmp-cell'}>
      <span className="te-cmp-cell__value">{cell.value}</span>
      {cell.change ? <span className="te-cmp-cell__change">{cell.change}</span> : null}
    </td>
  );
}

const Row = memo(function Row({ row, selected, onSelect }: { readonly row: TableRow; readonly selected: boolean; readonly onSelect: (id: string) => void }) {
  const { figure } = row;
  const verdict = verdictOf(figure);
  return (
    <tr className={selected ? 'te-cmp-row te-cmp-row--selected' : 'te-cmp-row'} data-id={figure.id} aria-selected={selected} tabIndex={selected ? 0 : -1} onClick={() => onSelect(figure.id)}>
      <th scope="row" className="te-cmp-name">
        {row.label}
        {row.type ? <span className="te-cmp-type">{row.type}</span> : null}
      </th>
      <Cell cell={requestsCell(figure)} />
      {STATUS_ORDER.map((status) => (
        <Cell key={status} cell={rateCell(figure, status)} />
      ))}
      <Cell cell={latencyCell(figure, 'p50')} />
      <Cell cell={latencyCell(figure, 'p90')} />
      <Cell cell={latencyCell(figure, 'p99')} />
      <td className="te-cmp-verdict">
        <span className={`te-cmp-badge te-cmp-badge--${verdict}`} title={figure.reason}>
          {VERDICT_TEXT[verdict]}
        </span>
        {/* Without a verdict the reason is the news (too few, or one range only); else the bold changes say it, and the detail repeats it. */}
        {verdict === 'few' ? <span className="te-cmp-reason">{figure.reason}</span> : null}
      </td>
    </tr>
  );
});

function Group({ title, rows, all, selected, onSelect, onShowAll }: { readonly title: string; readonly rows: readonly TableRow[]; readonly all: number; readonly selected: string | undefined; readonly onSelect: (id: string) => void; readonly onShowAll: () => void }) {
  return (
    <tbody>
      <tr className="te-cmp-group">
        <th colSpan={10} scope="rowgroup">
          {title} <span className="muted">({formatCount(all)}, changed most first)</span>
        </th>
      </tr>
      {rows.length === 0 ? (
        <tr>
          <td colSpan={10} className="muted">
            None in either range.
          </td>
        </tr>
      ) : null}
      {rows.map((row) => (
        <Row key={row.figure.id} row={row} selected={row.figure.id === selected} onSelect={onSelect} />
      ))}
      {rows.length < all ? (
        <tr>
          <td colSpan={10}>
            <button type="button" className="button button--quiet" onClick={onShowAll}>
              Show all {formatCount(all)} {title.toLowerCase()} ({formatCount(all - rows.length)} more)
            </button>
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}

export interface FigureTableProps {
  readonly comparison: RangeComparison;
  readonly selected: string | undefined;
  readonly onSelect: (id: string) => void;
  /** Enter: go to the selected one's detail. */
  readonly onOpen: () => void;
}

/**
 * The calls and nodes of the comparison in the analysis' order, each with its figures before →
 * after, their changes (those beyond the noise in bold) and the verdict with its reason. One row is
 * the selection (in the URL); ↑/↓/j/k move it, Enter goes to its detail.
 */
export function FigureTable({ comparison, selected, onSelect, onOpen }: FigureTableProps) {
  const { edges, nodes } = useMemo(() => tableRows(comparison), [comparison]);
  const [showAll, setShowAll] = useState<{ edges: boolean; nodes: boolean }>({ edges: false, nodes: false });
  const shownEdges = showAll.edges ? edges : edges.slice(0, ROWS_SHOWN);
  const shownNodes = showAll.nodes ? nodes : nodes.slice(0, ROWS_SHOWN);
  const order = useMemo(() => [...shownEdges, ...shownNodes].map((row) => row.figure.id), [shownEdges, shownNodes]);
  const tableRef = useRef<HTMLTableElement>(null);
  const focusNext = useRef(false);

  // The row moved to by a key takes the focus once the URL's selection has re-rendered it.
  useEffect(() => {
    if (!focusNext.current) return;
    focusNext.current = false;
    for (const row of tableRef.current?.querySelectorAll<HTMLTableRowElement>('tr[data-id]') ?? []) if (row.dataset.id === selected) row.focus();
  }, [selected]);

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>): void => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const at = selected === undefined ? -1 : order.indexOf(selected);
    const move = event.key === 'ArrowDown' || event.key === 'j' ? 1 : event.key === 'ArrowUp' || event.key === 'k' ? -1 : 0;
    if (move !== 0) {
      const next = order[Math.min(order.length - 1, Math.max(0, at + move))];
      event.preventDefault();
      if (next !== undefined && next !== selected) {
        focusNext.current = true;
        onSelect(next);
      }
    } else if (event.key === 'Enter' && selected !== undefined) {
      event.preventDefault();
      onOpen();
    }
  };

  return (
    <div className="te-cmp-table-frame">
      <table ref={tableRef} className="te-cmp-table" aria-label="Calls and nodes, changed most first" onKeyDown={onKeyDown} tabIndex={selected === undefined || !order.includes(selected) ? 0 : -1}>
        <thead>
          <tr>
            <th scope="col">Call or node</th>
            <th scope="col">Requests</th>
            {STATUS_ORDER.map((status) => (
              <th scope="col" key={status}>
                {RATE_HEAD[status]}
              </th>
            ))}
            <th scope="col">p50</th>
            <th scope="col">p90</th>
            <th scope="col">p99</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <Group title="Calls" rows={shownEdges} all={edges.length} selected={selected} onSelect={onSelect} onShowAll={() => setShowAll((s) => ({ ...s, edges: true }))} />
        <Group title="Nodes" rows={shownNodes} all={nodes.length} selected={selected} onSelect={onSelect} onShowAll={() => setShowAll((s) => ({ ...s, nodes: true }))} />
      </table>
    </div>
  );
}

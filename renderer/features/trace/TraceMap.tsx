import { memo, type KeyboardEvent } from 'react';
import { formatCount } from '../../../shared/base/format.ts';
import { statusColor, STATUS_LABELS } from '../../components/status-colors.ts';
import type { TraceMapModel } from '../../../shared/analysis/trace/index.ts';

const COLUMN_WIDTH = 104;
const ROW_HEIGHT = 58;
const RADIUS = 13;
const MAX_LABEL = 15;
/** The map shrinks to fit the panel no further than this (labels stay legible). */
const MIN_SCALE = 0.7;
/** Beyond this many nodes the map lists the busiest ones only; the rest are counted. */
const MAX_NODES = 60;

export interface TraceMapProps {
  readonly model: TraceMapModel;
  /** The node of the selected span, highlighted; -1 for none. */
  readonly selectedNode: number;
  readonly onSelectSpan: (span: number) => void;
}

function shortLabel(name: string): string {
  return name.length > MAX_LABEL ? `${name.slice(0, MAX_LABEL - 1)}…` : name;
}

/** A small SVG of the services of one trace, in call-depth columns; React draws it, nodes are focusable. */
export const TraceMap = memo(function TraceMap({ model, selectedNode, onSelectSpan }: TraceMapProps) {
  const shown = model.nodes.length > MAX_NODES ? model.nodes.slice(0, MAX_NODES) : model.nodes;
  const width = Math.max(1, model.columns) * COLUMN_WIDTH;
  const height = Math.max(1, Math.min(model.rows, MAX_NODES)) * ROW_HEIGHT;
  const x = (column: number): number => column * COLUMN_WIDTH + COLUMN_WIDTH / 2;
  const y = (row: number): number => row * ROW_HEIGHT + RADIUS + 6;
  const onKey = (event: KeyboardEvent, span: number): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelectSpan(span);
    }
  };
  return (
    <figure className="te-trace-map">
      <figcaption>Services in this trace</figcaption>
      {/* Shrunk to the panel's width down to MIN_SCALE; a wider map scrolls sideways. */}
      <svg role="group" aria-label="Map of this trace" width={width} height={height} viewBox={`0 0 ${width} ${height}`} style={{ minWidth: width * MIN_SCALE }}>
        {model.edges.map((edge) => {
          const from = model.nodes[edge.source];
          const to = model.nodes[edge.target];
          if (!from || !to || edge.source >= shown.length || edge.target >= shown.length) return null;
          const x1 = x(from.column) + RADIUS;
          const x2 = x(to.column) - RADIUS;
          const mid = (x1 + x2) / 2;
          return (
            <path
              key={`${edge.source}>${edge.target}`}
              className="te-trace-map-edge"
              d={`M${x1},${y(from.row)} C${mid},${y(from.row)} ${mid},${y(to.row)} ${x2},${y(to.row)}`}
            >
              <title>{`${from.name} → ${to.name}: ${edge.calls} call${edge.calls === 1 ? '' : 's'}`}</title>
            </path>
          );
        })}
        {shown.map((node, index) => (
          <g
            key={index}
            className={index === selectedNode ? 'te-trace-map-node te-trace-map-node--selected' : 'te-trace-map-node'}
            transform={`translate(${x(node.column)},${y(node.row)})`}
            role="button"
            tabIndex={0}
            aria-label={`${node.name}${node.type ? ` (${node.type})` : ''}, ${STATUS_LABELS[node.status]}`}
            aria-pressed={index === selectedNode}
            onClick={() => onSelectSpan(node.firstSpan)}
            onKeyDown={(event) => onKey(event, node.firstSpan)}
          >
            <title>{`${node.name}${node.type ? ` — ${node.type}` : ''} — ${node.segments} segment${node.segments === 1 ? '' : 's'}`}</title>
            <circle r={RADIUS} fill={statusColor(node.status)} strokeDasharray={node.inferred ? '3 2' : undefined} />
            <text y={RADIUS + 13} textAnchor="middle">
              {shortLabel(node.name)}
            </text>
          </g>
        ))}
      </svg>
      {model.nodes.length > shown.length || model.unmappedSegments > 0 ? (
        <p className="te-note">{`Only the first ${shown.length} services are drawn${model.unmappedSegments > 0 ? `; ${formatCount(model.unmappedSegments)} segments of further services are left off` : ''}.`}</p>
      ) : null}
    </figure>
  );
});

import { memo, type KeyboardEvent } from 'react';
import { MAP_GEOMETRY, type MapNodeView, type PlacedNode } from '../../../shared/analysis/map/index.ts';
import { statusColor } from '../status-colors.ts';
import type { MapPaint } from './map-paint.ts';
import { nodeDescription } from './map-text.ts';
import { ringArcs } from './health-ring.ts';

export interface MapNodeProps {
  readonly node: MapNodeView;
  readonly place: PlacedNode;
  readonly selected: boolean;
  /** The change chosen elsewhere (timeline, Changes) joined this node. */
  readonly changed?: boolean;
  /** Unique in the document, for the description's id. */
  readonly descriptionId: string;
  readonly onSelect: (key: string) => void;
  /** A view's colouring instead of the health ring: one ring in its colour, its first line inside. */
  readonly paint?: MapPaint | undefined;
}

const G = MAP_GEOMETRY;
const TRACK_RADIUS = G.ringRadius - G.ringWidth / 2;

/**
 * One service: its health ring (ok / 4xx / 429 / 5xx arcs in the waterfall's colours), the mean
 * response time inside, name and type below, a badge when configuration changes joined to it.
 * A button named by the service name; its type and figures are the description.
 */
export const MapNode = memo(function MapNode({ node, place, selected, changed = false, descriptionId, onSelect, paint }: MapNodeProps) {
  const arcs = paint ? [] : ringArcs(node.health, TRACK_RADIUS);
  const ringLabel = paint ? paint.lines[0] : node.ringLabel;
  const onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(node.key);
    }
  };
  const top = -(G.ringTop + G.ringRadius);
  const classes = ['te-map-node', selected ? 'te-map-node--selected' : '', changed ? 'te-map-node--changed' : '', node.inferred ? 'te-map-node--inferred' : '', node.client ? 'te-map-node--client' : '', paint ? 'te-map-node--painted' : ''].filter(Boolean).join(' ');
  return (
    <g
      className={classes}
      transform={`translate(${place.x},${place.y})`}
      role="button"
      tabIndex={0}
      aria-label={node.name}
      aria-describedby={descriptionId}
      aria-pressed={selected}
      data-node-key={node.key}
      data-node-type={node.type}
      onClick={() => onSelect(node.key)}
      onKeyDown={onKey}
    >
      <desc id={descriptionId}>{paint ? paint.description : nodeDescription(node)}</desc>
      <rect className="te-map-node__hit" x={-place.width / 2} y={top} width={place.width} height={place.height} rx={6} />
      <circle className="te-map-node__halo" r={G.ringRadius + 4} />
      {paint ? (
        <circle className="te-map-node__track" r={TRACK_RADIUS} strokeWidth={paint.strong ? G.ringWidth : G.ringWidth / 2} style={{ stroke: paint.color, strokeDasharray: paint.dashed ? '4 3' : 'none' }} />
      ) : (
        <circle className="te-map-node__track" r={TRACK_RADIUS} strokeWidth={G.ringWidth} />
      )}
      {arcs.map((arc) => (
        <circle
          key={arc.status}
          className="te-map-node__arc"
          r={TRACK_RADIUS}
          stroke={statusColor(arc.status)}
          strokeWidth={G.ringWidth}
          strokeDasharray={`${arc.length} ${2 * Math.PI * TRACK_RADIUS}`}
          strokeDashoffset={-arc.offset}
          transform="rotate(-90)"
        />
      ))}
      <circle className="te-map-node__core" r={G.ringRadius - G.ringWidth} />
      {ringLabel ? (
        <text className="te-map-node__ring-label" dy="0.35em" textAnchor="middle">
          {ringLabel}
        </text>
      ) : null}
      <text className="te-map-node__name" y={G.ringRadius + 4 + G.lineHeight - 3} textAnchor="middle">
        {node.nameLabel}
      </text>
      <text className="te-map-node__type" y={G.ringRadius + 4 + 2 * G.lineHeight - 3} textAnchor="middle">
        {node.typeLabel}
      </text>
      {node.changeCount > 0 ? (
        <g className="te-map-node__badge" transform={`translate(${G.ringRadius * 0.78},${-G.ringRadius * 0.78})`}>
          <circle r={8} />
          <text dy="0.35em" textAnchor="middle">
            {node.changeCount > 9 ? '9+' : node.changeCount}
          </text>
        </g>
      ) : null}
      <title>{`${node.name} — ${node.type || 'service'}`}</title>
    </g>
  );
});

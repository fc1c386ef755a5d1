import { memo, type KeyboardEvent } from 'react';
import { MAP_GEOMETRY, type MapEdgeView, type PlacedEdge, type PlacedNode } from '../../../shared/analysis/map/index.ts';
import { statusColor, statusOf, type RequestStatus } from '../status-colors.ts';
import type { MapPaint } from './map-paint.ts';
import { edgeDescription } from './map-text.ts';
import { edgePath, selfLoopPath } from './edge-path.ts';

export interface MapEdgeProps {
  readonly edge: MapEdgeView;
  readonly place: PlacedEdge;
  /** The source node's place (self-loops are drawn over it). */
  readonly sourcePlace: PlacedNode | undefined;
  /** Accessible name: `source → target`. */
  readonly name: string;
  readonly selected: boolean;
  readonly descriptionId: string;
  readonly markerId: string;
  readonly onSelect: (id: string) => void;
  /** A view's colouring instead of the edge's own: the curve in its colour, its two lines as the label. */
  readonly paint?: MapPaint | undefined;
}

const G = MAP_GEOMETRY;

/** The worst status among the edge's requests; undefined when all were ok. */
function worstStatus(edge: MapEdgeView): RequestStatus | undefined {
  const { fault, throttle, error } = edge.health;
  const status = statusOf({ fault: fault > 0, throttle: throttle > 0, error: error > 0 });
  return status === 'ok' ? undefined : status;
}

/** One edge's curve and arrow (with a wider invisible stroke to click). */
export const MapEdgeLine = memo(function MapEdgeLine({ edge, place, sourcePlace, selected, markerId, onSelect, paint }: Omit<MapEdgeProps, 'name' | 'descriptionId'>) {
  const d = place.selfLoop ? (sourcePlace ? selfLoopPath(sourcePlace.x, sourcePlace.y, G.ringRadius) : '') : edgePath(place.points);
  return (
    <g className={selected ? 'te-map-edge te-map-edge--selected' : 'te-map-edge'} data-edge-id={edge.id}>
      <path
        className="te-map-edge__line"
        d={d}
        markerEnd={`url(#${markerId})`}
        strokeDasharray={paint?.dashed || edge.edgeType === 'link' ? '5 4' : undefined}
        style={paint && !selected ? { stroke: paint.color, strokeWidth: paint.strong ? 3 : 1.25 } : undefined}
      />
      <path className="te-map-edge__hit" d={d} onClick={() => onSelect(edge.id)} />
    </g>
  );
});

/**
 * One edge's label — requests and error rate; mean and p99 — on a plate the curve passes
 * under. The label is the edge's button, named `source → target`.
 */
export const MapEdgeLabel = memo(function MapEdgeLabel({ edge, place, name, selected, descriptionId, onSelect, paint }: Omit<MapEdgeProps, 'sourcePlace' | 'markerId'>) {
  const { label } = place;
  const [first, second] = paint ? paint.lines : edge.labelLines;
  // The rate after the last ' · ' is coloured by the worst status; a painted label is coloured whole.
  const split = paint ? -1 : first.lastIndexOf(' · ');
  const worst = paint ? undefined : worstStatus(edge);
  const onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(edge.id);
    }
  };
  const top = label.y - label.height / 2 + G.edgePadding;
  return (
    <g
      className={selected ? 'te-map-edge-label te-map-edge-label--selected' : 'te-map-edge-label'}
      role="button"
      tabIndex={0}
      aria-label={name}
      aria-describedby={descriptionId}
      aria-pressed={selected}
      data-edge-id={edge.id}
      onClick={() => onSelect(edge.id)}
      onKeyDown={onKey}
    >
      <desc id={descriptionId}>{paint ? paint.description : edgeDescription(edge)}</desc>
      <rect x={label.x - label.width / 2} y={label.y - label.height / 2} width={label.width} height={label.height} rx={4} />
      <text x={label.x} y={top + G.edgeLineHeight - 3.5} textAnchor="middle">
        {split > 0 ? (
          <>
            {first.slice(0, split + 3)}
            <tspan className="te-map-edge-label__rate" fill={worst ? statusColor(worst) : undefined}>
              {first.slice(split + 3)}
            </tspan>
          </>
        ) : paint ? (
          <tspan className="te-map-edge-label__rate" fill={paint.color}>
            {first}
          </tspan>
        ) : (
          first
        )}
      </text>
      {second !== '' ? (
        <text className="te-map-edge-label__timing" x={label.x} y={top + 2 * G.edgeLineHeight - 3.5} textAnchor="middle">
          {second}
        </text>
      ) : null}
    </g>
  );
});

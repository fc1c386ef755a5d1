import { select, zoom, zoomIdentity, type ZoomBehavior } from 'd3';
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { PlacedNode, ServiceMapModel } from '../../../shared/analysis/map/index.ts';
import { edgeName } from './map-text.ts';
import { fitTransform, MAX_ZOOM, MIN_ZOOM, nodeInDirection, type Direction, type ViewSize, type ViewTransform } from './map-geometry.ts';
import type { MapPainter } from './map-paint.ts';
import type { MapSelection } from './map-selection.ts';
import { MapEdgeLabel, MapEdgeLine } from './MapEdge.tsx';
import { MapNode } from './MapNode.tsx';
import { MAP_MARKS } from './map-marks.ts';
import './map-canvas.css';

export interface MapCanvasProps {
  readonly map: ServiceMapModel;
  readonly selection: MapSelection;
  /** The CloudTrail event chosen elsewhere, whose nodes are marked. */
  readonly changedEvent?: string | undefined;
  readonly onSelect: (selection: MapSelection) => void;
  /** A view's colouring of nodes and edges instead of their health (map-paint.ts). */
  readonly paint?: MapPainter | undefined;
}

const FALLBACK_SIZE: ViewSize = { width: 960, height: 600 };
const ARROWS: Readonly<Record<string, Direction>> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

function measure(element: HTMLElement | null): ViewSize {
  const rect = element?.getBoundingClientRect();
  return rect && rect.width > 0 && rect.height > 0 ? { width: rect.width, height: rect.height } : FALLBACK_SIZE;
}

/**
 * Runs `task` in the next animation frame, or after 100 ms where frames do not come (a hidden
 * page, a test without them); returns what cancels it.
 */
function nextFrame(task: () => void): () => void {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    task();
  };
  const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : undefined;
  const timer = setTimeout(run, 100);
  return () => {
    done = true;
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/**
 * The map drawn by React from the worker's layout. d3 owns one gesture on one ref: zoom and pan
 * (wheel, drag, the buttons, + − 0) on the SVG; React draws everything from the transform it
 * reports. Nodes come first in the tab order (by column, then top to bottom), then edge labels;
 * arrows move between nodes, Enter or Space selects, Escape clears the selection.
 */
export function MapCanvas({ map, selection, changedEvent, onSelect, paint }: MapCanvasProps) {
  const id = useId().replace(/:/g, '');
  const frameRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const behaviorRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const sizeRef = useRef<ViewSize>(FALLBACK_SIZE);
  const [transform, setTransform] = useState<ViewTransform>({ x: 0, y: 0, k: 1 });
  const { layout } = map;

  const [measured, setMeasured] = useState(false);

  // A layout effect, so the first fit below already goes through d3 (its kept transform is the fitted one).
  useLayoutEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const behavior = zoom<SVGSVGElement, unknown>()
      .scaleExtent([MIN_ZOOM, MAX_ZOOM])
      // d3's default filter, and only events from a window: synthetic ones (no view) are no gesture.
      .filter((event: MouseEvent) => (!event.ctrlKey || event.type === 'wheel') && !event.button && event.view != null)
      .extent(() => [
        [0, 0],
        [sizeRef.current.width, sizeRef.current.height],
      ])
      .on('zoom', (event: { transform: ViewTransform }) => setTransform({ x: event.transform.x, y: event.transform.y, k: event.transform.k }));
    const selection = select(svg);
    selection.call(behavior).on('dblclick.zoom', null);
    behaviorRef.current = behavior;
    return () => {
      selection.on('.zoom', null);
      behaviorRef.current = null;
    };
  }, []);

  const apply = useCallback((next: ViewTransform) => {
    const svg = svgRef.current;
    const behavior = behaviorRef.current;
    if (svg && behavior) behavior.transform(select(svg), zoomIdentity.translate(next.x, next.y).scale(next.k));
    else setTransform(next);
  }, []);

  const fit = useCallback(() => {
    sizeRef.current = measure(frameRef.current);
    apply(fitTransform(layout, sizeRef.current));
  }, [apply, layout]);

  const zoomBy = useCallback((factor: number) => {
    const svg = svgRef.current;
    const behavior = behaviorRef.current;
    if (svg && behavior) behavior.scaleBy(select(svg), factor);
  }, []);

  // A new map (another incident, the other graph) starts fitted. The first time, the page around
  // the still empty SVG is laid out and painted first, and the frame is measured in the next frame
  // (the layout is then clean, so measuring is cheap); the content is drawn once, already fitted.
  // Measuring in this commit forced the new page's layout inside the task that also drew the map:
  // one 90 ms task (34 ms CPU) on the 1,020,000-span open, over the 100 ms budget under load.
  // Later maps use the size the observer keeps.
  useLayoutEffect(() => {
    if (measured) {
      apply(fitTransform(layout, sizeRef.current));
      return;
    }
    return nextFrame(() => {
      sizeRef.current = measure(frameRef.current);
      apply(fitTransform(layout, sizeRef.current));
      setMeasured(true);
    });
    // Deliberately not on `measured`: it runs per layout, not again when the first fit flips it.
  }, [apply, layout]);

  useLayoutEffect(() => {
    if (measured) globalThis.performance?.mark?.(MAP_MARKS.drawn);
  }, [measured, layout]);

  useEffect(() => {
    const frame = frameRef.current;
    if (!frame || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      sizeRef.current = measure(frame);
    });
    observer.observe(frame);
    return () => observer.disconnect();
  }, []);

  const names = useMemo(() => new Map(map.nodes.map((node) => [node.key, node.name])), [map.nodes]);
  const placeOf = useMemo(() => new Map(layout.nodes.map((place) => [place.id, place])), [layout.nodes]);
  /** Node indices in tab order: by column, then top to bottom. */
  const nodeOrder = useMemo(
    () => map.nodes.map((_, i) => i).sort((a, b) => layout.nodes[a]!.layer - layout.nodes[b]!.layer || layout.nodes[a]!.y - layout.nodes[b]!.y || a - b),
    [map.nodes, layout.nodes],
  );
  const edgeIndex = useMemo(() => new Map(layout.edges.map((place) => [place.index, place])), [layout.edges]);
  const selectNode = useCallback((key: string) => onSelect({ node: key }), [onSelect]);
  const selectEdge = useCallback((edge: string) => onSelect({ edge }), [onSelect]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const direction = ARROWS[event.key];
    if (direction) {
      const key = (event.target as Element).getAttribute?.('data-node-key');
      const from = key ? placeOf.get(key) : undefined;
      const to = from ? nodeInDirection(layout.nodes, from, direction) : undefined;
      if (!from) return;
      event.preventDefault();
      if (!to) return;
      for (const element of svgRef.current?.querySelectorAll<SVGGElement>('[data-node-key]') ?? []) {
        if (element.getAttribute('data-node-key') === to.id) element.focus();
      }
    } else if (event.key === '+' || event.key === '=') {
      event.preventDefault();
      zoomBy(1.25);
    } else if (event.key === '-') {
      event.preventDefault();
      zoomBy(0.8);
    } else if (event.key === '0') {
      event.preventDefault();
      fit();
    } else if (event.key === 'Escape' && (selection.node || selection.edge)) {
      event.preventDefault();
      onSelect({});
    }
  };

  const markerId = `${id}-arrow`;
  const markerSelectedId = `${id}-arrow-selected`;
  return (
    <div className="te-map-canvas" ref={frameRef} onKeyDown={onKeyDown}>
      <svg ref={svgRef} className="te-map-svg" role="group" aria-label="Map of services" aria-roledescription="service map" data-build-ms={map.buildMillis} data-layout-ms={map.layoutMillis}>
        <defs>
          <marker id={markerId} className="te-map-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" />
          </marker>
          <marker id={markerSelectedId} className="te-map-arrow te-map-arrow--selected" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" />
          </marker>
        </defs>
        {measured && (
          <g transform={`translate(${transform.x},${transform.y}) scale(${transform.k})`}>
            <g className="te-map-edges">
              {map.edges.map((edge, i) => {
                const place = edgeIndex.get(i);
                if (!place) return null;
                const selected = selection.edge === edge.id;
                return <MapEdgeLine key={edge.id} edge={edge} place={place} sourcePlace={placeOf.get(edge.source)} selected={selected} markerId={selected ? markerSelectedId : markerId} onSelect={selectEdge} paint={paint?.edge(edge.id)} />;
              })}
            </g>
            <g className="te-map-nodes">
              {nodeOrder.map((i) => {
                const node = map.nodes[i]!;
                const place = layout.nodes[i] as PlacedNode;
                return <MapNode key={node.key} node={node} place={place} selected={selection.node === node.key} changed={changedEvent !== undefined && node.changes.some((change) => change.eventId === changedEvent)} descriptionId={`${id}-n${i}`} onSelect={selectNode} paint={paint?.node(node.key)} />;
              })}
            </g>
            <g className="te-map-edge-labels">
              {map.edges.map((edge, i) => {
                const place = edgeIndex.get(i);
                if (!place) return null;
                return <MapEdgeLabel key={edge.id} edge={edge} place={place} name={edgeName(edge, names)} selected={selection.edge === edge.id} descriptionId={`${id}-e${i}`} onSelect={selectEdge} paint={paint?.edge(edge.id)} />;
              })}
            </g>
          </g>
        )}
      </svg>
      <div className="te-map-zoom" role="toolbar" aria-label="Zoom">
        <button type="button" className="button" aria-label="Zoom in" aria-keyshortcuts="+" onClick={() => zoomBy(1.25)}>
          +
        </button>
        <button type="button" className="button" aria-label="Zoom out" aria-keyshortcuts="-" onClick={() => zoomBy(0.8)}>
          −
        </button>
        <button type="button" className="button" aria-keyshortcuts="0" onClick={fit}>
          Fit to view
        </button>
      </div>
    </div>
  );
}

import type { ServiceGraph } from '../../../shared/model/service-graph.ts';
import type { MapSelection } from '../../components/map/index.ts';
import { parseRange } from '../../core/route.ts';

/**
 * The map's linkable state in the URL (`#/map?graph=captured&node=<key>&window=<from>~<to>`):
 * which graph is shown, what is selected, and the time range its traces are taken from (the
 * range shared with the Timeline, Traces and Changes). The same `node` / `edge` params, with the same values, travel to the
 * Traces view with "Show traces" (and the store's shared selection carries them too).
 */
export const MAP_PARAMS = { graph: 'graph', node: 'node', edge: 'edge', window: 'window' } as const;

/** The range the URL names (epoch seconds), if any. */
export function windowFromParams(params: URLSearchParams): readonly [number, number] | undefined {
  return parseRange(params.get(MAP_PARAMS.window));
}

export type { MapSelection } from '../../components/map/index.ts';

export function graphFromParams(params: URLSearchParams): ServiceGraph['origin'] | undefined {
  const graph = params.get(MAP_PARAMS.graph);
  return graph === 'captured' || graph === 'computed' ? graph : undefined;
}

/** The selection the URL names: a node, else an edge, else nothing. */
export function selectionFromParams(params: URLSearchParams): MapSelection {
  const node = params.get(MAP_PARAMS.node);
  if (node) return { node };
  const edge = params.get(MAP_PARAMS.edge);
  return edge ? { edge } : {};
}

/** The params patch (for updateRouteParams) that records `selection`. */
export function selectionParams(selection: MapSelection): Record<string, string | undefined> {
  return { [MAP_PARAMS.node]: selection.node, [MAP_PARAMS.edge]: selection.node ? undefined : selection.edge };
}

export function sameSelection(a: MapSelection, b: MapSelection): boolean {
  return a.node === b.node && a.edge === b.edge;
}

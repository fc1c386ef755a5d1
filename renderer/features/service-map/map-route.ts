import type { ServiceGraph } from '../../../shared/model/service-graph.ts';

/**
 * The map's linkable state in the URL (`#/map?graph=captured&node=<key>`): which graph is shown
 * and what is selected. The same `node` / `edge` params, with the same values, travel to the
 * Traces view with "Show traces" (and the store's shared selection carries them too).
 */
export const MAP_PARAMS = { graph: 'graph', node: 'node', edge: 'edge' } as const;

export interface MapSelection {
  /** A node key, `type|name`. */
  readonly node?: string;
  /** An edge id, `source→target` of node keys. */
  readonly edge?: string;
}

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

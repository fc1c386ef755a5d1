import type { ComparedEdge, ComparedFigure, ComparedNode, RangeComparison } from './range-compare.ts';

/**
 * `trace-explorer compare --json`: one object `{"edges":[…],"nodes":[…]}`, changed most first.
 * An edge is `{"from","to","fromType","toType","id","before","after","delta","significant",…}`
 * with `from`/`to` the nodes' X-Ray names (as correlate names them); a node `{"node","type","id",…}`.
 * `before`/`after` hold the figures of each range (with `traces`: the Traces view's window and
 * node or edge); `significant` is true, false, or null for too few requests to decide.
 */
export interface CompareFigureJson {
  readonly id: string;
  readonly before: ComparedFigure['before'];
  readonly after: ComparedFigure['after'];
  readonly delta: ComparedFigure['delta'];
  readonly significant: boolean | null;
  readonly reason: string;
  readonly tests: ComparedFigure['tests'];
  readonly exceptions: ComparedFigure['exceptions'];
}

export interface CompareEdgeJson extends CompareFigureJson {
  readonly from: string;
  readonly to: string;
  readonly fromType: string;
  readonly toType: string;
  readonly histogram: ComparedEdge['histogram'];
}

export interface CompareNodeJson extends CompareFigureJson {
  readonly node: string;
  readonly type: string;
}

export interface CompareJson {
  readonly edges: readonly CompareEdgeJson[];
  readonly nodes: readonly CompareNodeJson[];
}

function figureJson(figure: ComparedFigure): CompareFigureJson {
  const { id, before, after, delta, significant, reason, tests, exceptions } = figure;
  return { id, before, after, delta, significant, reason, tests, exceptions };
}

export function compareJson(comparison: RangeComparison): CompareJson {
  return {
    edges: comparison.edges.map((edge) => ({ from: edge.from.name, to: edge.to.name, fromType: edge.from.type, toType: edge.to.type, ...figureJson(edge), histogram: edge.histogram })),
    nodes: comparison.nodes.map((node: ComparedNode) => ({ node: node.name, type: node.type, ...figureJson(node) })),
  };
}

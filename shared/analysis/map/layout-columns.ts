import type { LayoutEdge, LayoutNode } from './layout-types.ts';

/**
 * The items of the layered layout and their columns. Items 0…n−1 are the nodes, in column
 * 2 × layer; every link then adds one item per column it crosses: its label in the column right
 * after its source, zero-size dummies in the others. `up`/`down` join items of adjacent columns
 * along the links; `chains[link]` lists a link's items from its (acyclic) source to its target.
 */
export type ItemKind = 'node' | 'label' | 'dummy';

export interface Columns {
  readonly kind: readonly ItemKind[];
  readonly width: readonly number[];
  readonly height: readonly number[];
  /** Distance from the item's top to its anchor (where edges pass). */
  readonly anchor: readonly number[];
  readonly column: readonly number[];
  /** Items of each column, top to bottom (the ordering step rewrites them). */
  readonly order: number[][];
  readonly up: readonly (readonly number[])[];
  readonly down: readonly (readonly number[])[];
  readonly chains: readonly (readonly number[])[];
}

export function buildColumns(
  nodes: readonly LayoutNode[],
  layer: Int32Array,
  dagSource: readonly number[],
  dagTarget: readonly number[],
  edges: readonly LayoutEdge[],
  initialRank: Int32Array,
): Columns {
  const kind: ItemKind[] = [];
  const width: number[] = [];
  const height: number[] = [];
  const anchor: number[] = [];
  const column: number[] = [];
  const up: number[][] = [];
  const down: number[][] = [];
  /** Sort key of each item for the first order: its node's DFS rank, or its source's. */
  const key: number[] = [];
  const add = (itemKind: ItemKind, w: number, h: number, a: number, c: number, k: number): number => {
    kind.push(itemKind);
    width.push(w);
    height.push(h);
    anchor.push(a);
    column.push(c);
    up.push([]);
    down.push([]);
    key.push(k);
    return kind.length - 1;
  };
  nodes.forEach((node, i) => {
    add('node', finite(node.width), finite(node.height), finite(node.anchor ?? node.height / 2), 2 * layer[i]!, initialRank[i]!);
  });
  const chains: number[][] = [];
  dagSource.forEach((source, link) => {
    const target = dagTarget[link]!;
    const edge = edges[link]!;
    const chain = [source];
    const from = 2 * layer[source]!;
    const to = 2 * layer[target]!;
    for (let c = from + 1; c < to; c++) {
      const item =
        c === from + 1
          ? add('label', finite(edge.labelWidth), finite(edge.labelHeight), finite(edge.labelHeight) / 2, c, initialRank[source]!)
          : add('dummy', 0, 0, 0, c, initialRank[source]!);
      chain.push(item);
    }
    chain.push(target);
    for (let k = 1; k < chain.length; k++) {
      down[chain[k - 1]!]!.push(chain[k]!);
      up[chain[k]!]!.push(chain[k - 1]!);
    }
    chains.push(chain);
  });
  let columnCount = 0;
  for (const c of column) columnCount = Math.max(columnCount, c + 1);
  const order: number[][] = Array.from({ length: columnCount }, () => []);
  for (let item = 0; item < kind.length; item++) order[column[item]!]!.push(item);
  // Items were created nodes first, then link by link: sorting by key keeps that order among equals.
  for (const items of order) items.sort((a, b) => key[a]! - key[b]! || a - b);
  return { kind, width, height, anchor, column, order, up, down, chains };
}

function finite(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

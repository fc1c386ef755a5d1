import type { Columns } from './layout-columns.ts';

/**
 * Crossing reduction by the barycentre heuristic: sweeps alternate down (each column ordered by
 * the mean position of its items' neighbours in the column before) and up (the column after).
 * Items without neighbours on that side keep their slot. Ties keep the current order, so the
 * result is deterministic. The best order seen is kept; sweeping stops at zero crossings, after
 * `maxSweeps`, or after four sweeps without improvement. Rewrites `columns.order`; returns the
 * number of crossings of the chosen order.
 */
export function orderColumns(columns: Columns, maxSweeps: number): number {
  const { order, up, down } = columns;
  const position = new Float64Array(columns.kind.length);
  const renumber = (c: number): void => {
    const items = order[c]!;
    for (let i = 0; i < items.length; i++) position[items[i]!] = i;
  };
  for (let c = 0; c < order.length; c++) renumber(c);
  const value = new Float64Array(columns.kind.length);
  const scratch: number[] = [];
  let best = order.map((items) => items.slice());
  let bestCrossings = countCrossings(columns, position);
  let stale = 0;
  for (let sweep = 0; sweep < maxSweeps && bestCrossings > 0; sweep++) {
    if (sweep % 2 === 0) {
      for (let c = 1; c < order.length; c++) {
        reorder(order[c]!, up, position, value, scratch);
        renumber(c);
      }
    } else {
      for (let c = order.length - 2; c >= 0; c--) {
        reorder(order[c]!, down, position, value, scratch);
        renumber(c);
      }
    }
    const crossings = countCrossings(columns, position);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = order.map((items) => items.slice());
      stale = 0;
    } else if (++stale >= 4) {
      break;
    }
  }
  for (let c = 0; c < order.length; c++) order[c] = best[c]!;
  return bestCrossings;
}

function reorder(items: number[], neighbours: readonly (readonly number[])[], position: Float64Array, value: Float64Array, scratch: number[]): void {
  scratch.length = 0;
  for (let slot = 0; slot < items.length; slot++) {
    const item = items[slot]!;
    const around = neighbours[item]!;
    if (around.length === 0) continue;
    let sum = 0;
    for (let k = 0; k < around.length; k++) sum += position[around[k]!]!;
    value[item] = sum / around.length;
    scratch.push(item);
  }
  // position[item] is the item's current slot: ties keep the current order.
  scratch.sort((a, b) => value[a]! - value[b]! || position[a]! - position[b]!);
  let next = 0;
  for (let slot = 0; slot < items.length; slot++) {
    if (neighbours[items[slot]!]!.length > 0) items[slot] = scratch[next++]!;
  }
}

/** Crossings between every pair of adjacent columns: inversions counted with a Fenwick tree. */
export function countCrossings(columns: Columns, position: Float64Array): number {
  const { order, down } = columns;
  let widest = 0;
  for (const items of order) widest = Math.max(widest, items.length);
  const tree = new Int32Array(widest + 1);
  const targets: number[] = [];
  let total = 0;
  for (let c = 0; c + 1 < order.length; c++) {
    const size = order[c + 1]!.length;
    tree.fill(0, 0, size + 1);
    let seen = 0;
    for (const item of order[c]!) {
      const links = down[item]!;
      if (links.length === 1) {
        const target = position[links[0]!]!;
        total += seen - prefix(tree, target + 1);
        add(tree, target, size);
        seen++;
        continue;
      }
      targets.length = 0;
      for (const other of links) targets.push(position[other]!);
      targets.sort((a, b) => a - b);
      // Count first, then add: links from the same item do not cross each other.
      for (const target of targets) total += seen - prefix(tree, target + 1);
      for (const target of targets) add(tree, target, size);
      seen += targets.length;
    }
  }
  return total;
}

function add(tree: Int32Array, value: number, size: number): void {
  for (let i = value + 1; i <= size; i += i & -i) tree[i]!++;
}

/** How many added values are < limit (values are 0-based, stored at value + 1). */
function prefix(tree: Int32Array, limit: number): number {
  let sum = 0;
  for (let i = limit; i > 0; i -= i & -i) sum += tree[i]!;
  return sum;
}

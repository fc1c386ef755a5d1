import type { Columns } from './layout-columns.ts';
import type { LayoutOptions } from './layout-types.ts';

export interface Placement {
  /** Per item: the column's centre. */
  readonly x: Float64Array;
  /** Per item: the anchor. */
  readonly y: Float64Array;
  readonly width: number;
  readonly height: number;
}

/** Weight of a dummy against a node's or a label's: long edges straighten before nodes move. */
const DUMMY_WEIGHT = 2;
const BALANCING_SWEEPS = 6;

/**
 * Coordinates for ordered columns. x: each column as wide as its widest item, `columnGap` apart.
 * y: items keep their order and their spacing (`nodeGap` between two nodes, `labelGap` around
 * labels and passing edges) and sit as close as they can to the mean y of their neighbours in the
 * column before (sweeping down) or after (sweeping up) — per column a weighted isotonic regression
 * solved exactly by pool-adjacent-violators, so there are never overlaps to repair afterwards.
 */
export function placeItems(columns: Columns, options: Required<LayoutOptions>): Placement {
  const { order, width, height, anchor, kind, up, down } = columns;
  const count = kind.length;
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  let cursor = options.margin;
  order.forEach((items, c) => {
    let widest = 0;
    for (const item of items) widest = Math.max(widest, width[item]!);
    for (const item of items) x[item] = cursor + widest / 2;
    cursor += widest + (c + 1 < order.length ? options.columnGap : 0);
  });
  const totalWidth = cursor + options.margin;
  const separation = (a: number, b: number): number =>
    height[a]! - anchor[a]! + anchor[b]! + (kind[a] === 'node' && kind[b] === 'node' ? options.nodeGap : options.labelGap);
  for (const items of order) {
    let at = 0;
    items.forEach((item, i) => {
      at = i === 0 ? anchor[item]! : at + separation(items[i - 1]!, item);
      y[item] = at;
    });
  }
  const weight = (item: number): number => (kind[item] === 'dummy' ? DUMMY_WEIGHT : 1);
  const settle = (c: number, sides: readonly (readonly (readonly number[])[])[]): void => {
    const items = order[c]!;
    const desired = items.map((item) => {
      let sum = 0;
      let n = 0;
      for (const side of sides) {
        for (const other of side[item]!) {
          sum += y[other]!;
          n++;
        }
      }
      return n > 0 ? sum / n : y[item]!;
    });
    const solved = isotonic(items, desired, weight, separation);
    items.forEach((item, i) => {
      y[item] = solved[i]!;
    });
  };
  for (let sweep = 0; sweep < BALANCING_SWEEPS; sweep++) {
    for (let c = 1; c < order.length; c++) settle(c, [up]);
    for (let c = order.length - 2; c >= 0; c--) settle(c, [down]);
  }
  for (let c = 0; c < order.length; c++) settle(c, [up, down]);
  let top = Number.POSITIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (let item = 0; item < count; item++) {
    top = Math.min(top, y[item]! - anchor[item]!);
    bottom = Math.max(bottom, y[item]! - anchor[item]! + height[item]!);
  }
  if (count === 0) return { x, y, width: 2 * options.margin, height: 2 * options.margin };
  const shift = options.margin - top;
  for (let item = 0; item < count; item++) y[item]! += shift;
  return { x, y, width: totalWidth, height: bottom - top + 2 * options.margin };
}

/**
 * Positions p₀…pₙ₋₁ minimising Σ wᵢ(pᵢ − desiredᵢ)² subject to pᵢ₊₁ − pᵢ ≥ sep(i, i+1):
 * with offsets oᵢ = Σ sep, zᵢ = pᵢ − oᵢ must be non-decreasing — pool-adjacent-violators.
 */
function isotonic(items: readonly number[], desired: readonly number[], weight: (item: number) => number, separation: (a: number, b: number) => number): number[] {
  const n = items.length;
  const offset = new Float64Array(n);
  for (let i = 1; i < n; i++) offset[i] = offset[i - 1]! + separation(items[i - 1]!, items[i]!);
  const blockWeight: number[] = [];
  const blockSum: number[] = [];
  const blockSize: number[] = [];
  for (let i = 0; i < n; i++) {
    const w = weight(items[i]!);
    blockWeight.push(w);
    blockSum.push(w * (desired[i]! - offset[i]!));
    blockSize.push(1);
    while (blockWeight.length > 1) {
      const last = blockWeight.length - 1;
      if (blockSum[last - 1]! / blockWeight[last - 1]! <= blockSum[last]! / blockWeight[last]!) break;
      blockWeight[last - 1]! += blockWeight[last]!;
      blockSum[last - 1]! += blockSum[last]!;
      blockSize[last - 1]! += blockSize[last]!;
      blockWeight.pop();
      blockSum.pop();
      blockSize.pop();
    }
  }
  const out: number[] = [];
  for (let b = 0; b < blockWeight.length; b++) {
    const value = blockSum[b]! / blockWeight[b]!;
    for (let k = 0; k < blockSize[b]!; k++) out.push(value + offset[out.length]!);
  }
  return out;
}

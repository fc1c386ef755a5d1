import type { Point } from '../../../shared/analysis/map/index.ts';

/**
 * SVG path data through the layout's points: a cubic curve between each pair, leaving and
 * arriving horizontally (the layout's points are ports, label sides and column crossings, all
 * meant to be passed horizontally), so edges read left to right like X-Ray's.
 */
export function edgePath(points: readonly Point[]): string {
  if (points.length === 0) return '';
  const first = points[0]!;
  let d = `M${round(first.x)},${round(first.y)}`;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (Math.abs(a.y - b.y) < 0.5) {
      d += ` L${round(b.x)},${round(b.y)}`;
      continue;
    }
    const middle = (a.x + b.x) / 2;
    d += ` C${round(middle)},${round(a.y)} ${round(middle)},${round(b.y)} ${round(b.x)},${round(b.y)}`;
  }
  return d;
}

/** A loop over the top of a node whose ring has `radius`, centred at (x, y). */
export function selfLoopPath(x: number, y: number, radius: number): string {
  const startX = x + radius * 0.55;
  const endX = x - radius * 0.55;
  const baseY = y - radius * 0.83;
  const topY = y - radius * 2.6;
  return `M${round(startX)},${round(baseY)} C${round(x + radius * 1.8)},${round(topY)} ${round(x - radius * 1.8)},${round(topY)} ${round(endX)},${round(baseY)}`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

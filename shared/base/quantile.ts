/**
 * The value at rank ⌈q·n⌉ (nearest rank, q in [0, 1]) of the n sorted values sorted[from, to),
 * or undefined when there are none: a value that was measured, never one made between two. The
 * map's latency figures and the timeline's percentiles use it.
 */
export function nearestRank(sorted: ArrayLike<number>, q: number, from = 0, to = sorted.length): number | undefined {
  const count = to - from;
  if (count <= 0) return undefined;
  const rank = Math.min(count, Math.max(1, Math.ceil(q * count)));
  return sorted[from + rank - 1];
}

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

/**
 * The values at nearest ranks ⌈q·n⌉ of unsorted `values` for each q of `qs` (ascending), in
 * linear time: a quickselect per rank, each on the part the previous one left to its right.
 * `values` is reordered. What percentiles of a merged bucket need without sorting it.
 */
export function nearestRanks(values: Float64Array, qs: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return qs.map(() => Number.NaN);
  let from = 0;
  return qs.map((q) => {
    const k = Math.min(n, Math.max(1, Math.ceil(q * n))) - 1;
    if (k >= from) select(values, from, n - 1, k);
    from = Math.max(from, k);
    return values[k]!;
  });
}

/** Puts the k-th smallest of values[lo..hi] at k, smaller ones before it and larger after (Hoare's quickselect, middle pivot). */
function select(values: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

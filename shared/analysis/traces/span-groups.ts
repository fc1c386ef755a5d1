/**
 * The spans 0 … n − 1 with a group g ≥ 0 in `groupOf`, group by group and each group in span
 * order: group g is order[start[g]] … order[start[g + 1] − 1]. A counting sort, O(n + groups) —
 * not a pass over the spans per group (a trace of a million spans can have hundreds of edges).
 * `order` holds at least n entries and `start` groups + 1; both are overwritten.
 */
export function groupSpans(groupOf: Int32Array, n: number, groups: number, order: Int32Array, start: Int32Array): void {
  start.fill(0, 0, groups + 1);
  for (let i = 0; i < n; i++) if (groupOf[i]! >= 0) start[groupOf[i]! + 1]!++;
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
  const total = start[groups]!;
  // Walking the spans backwards, each goes to the end of its group, which moves down by one: span
  // order within a group and no cursor array. Afterwards start[g + 1] holds group g's start…
  for (let i = n - 1; i >= 0; i--) {
    const g = groupOf[i]!;
    if (g >= 0) order[--start[g + 1]!] = i;
  }
  // …so shift the starts down by one.
  for (let g = 0; g < groups; g++) start[g] = start[g + 1]!;
  start[groups] = total;
}

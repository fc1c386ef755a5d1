import type { Trace } from '../../model/trace.ts';
import { SpanFlag } from '../../model/trace.ts';

/**
 * Checks the guarantees a `Trace` gives its consumers (model/trace.ts) and returns what is broken
 * (empty when sound): arrays of one length; pre-order (a parent before its children, depth one
 * more than the parent's, the subtree of span i is `spans[i .. i + size[i])`); siblings by start
 * time; entry roots first, by start time, then orphan roots; every span in the trace, ids unique. For tests and for
 * checking data read back from elsewhere; linear in the number of spans.
 */
export function traceViolations(trace: Trace): string[] {
  const { spans, parent, depth, size, flags } = trace;
  const n = spans.length;
  const problems: string[] = [];
  if (parent.length !== n || depth.length !== n || size.length !== n || flags.length !== n) {
    return [`array lengths differ: spans ${n}, parent ${parent.length}, depth ${depth.length}, size ${size.length}, flags ${flags.length}`];
  }
  const childSizes = new Float64Array(n);
  const lastChild = new Int32Array(n).fill(-1);
  const ids = new Set<string>();
  let lastRoot = -1;
  for (let i = 0; i < n; i++) {
    const span = spans[i]!;
    if (span.traceId !== trace.id) problems.push(`span ${i} belongs to trace ${span.traceId}`);
    if (ids.has(span.id)) problems.push(`span id ${span.id} appears twice`);
    ids.add(span.id);
    const p = parent[i]!;
    if (size[i]! < 1 || i + size[i]! > n) problems.push(`span ${i} has size ${size[i]}`);
    if (p === -1) {
      if (depth[i] !== 0) problems.push(`root ${i} has depth ${depth[i]}`);
      if (lastRoot >= 0 && rootRank(flags, i) < rootRank(flags, lastRoot)) problems.push(`entry root ${i} comes after orphan root ${lastRoot}`);
      else if (lastRoot >= 0 && rootRank(flags, i) === 0 && rootRank(flags, lastRoot) === 0 && span.start < spans[lastRoot]!.start) problems.push(`root ${i} starts before root ${lastRoot}`);
      lastRoot = i;
      continue;
    }
    if (p < 0 || p >= i) {
      problems.push(`span ${i} has parent ${p}, not an earlier span`);
      continue;
    }
    if (depth[i] !== depth[p]! + 1) problems.push(`span ${i} has depth ${depth[i]} under a parent of depth ${depth[p]}`);
    if (i >= p + size[p]!) problems.push(`span ${i} lies outside the subtree of its parent ${p}`);
    const previous = lastChild[p]!;
    if (previous >= 0 && span.start < spans[previous]!.start) problems.push(`span ${i} starts before its earlier sibling ${previous}`);
    lastChild[p] = i;
    childSizes[p]! += size[i]!;
  }
  for (let i = 0; i < n; i++) {
    if (size[i] !== childSizes[i]! + 1) problems.push(`span ${i} has size ${size[i]} but its children hold ${childSizes[i]}`);
  }
  return problems;
}

function rootRank(flags: Uint8Array, i: number): number {
  return (flags[i]! & SpanFlag.orphan) !== 0 ? 1 : 0;
}

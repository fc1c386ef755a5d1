import type { Problem } from '../../model/snapshot.ts';
import type { Span, Trace } from '../../model/trace.ts';
import { AssembledSpan } from './assembled-span.ts';
import { packSpan, SpanKindNumber, StatusBit } from '../../model/status.ts';
import { SpanFlag } from '../../model/trace.ts';
import type { SpanStore } from '../spans/span-store.ts';
import { BIT_ADDED, type TraceScratch } from './scratch.ts';
import { sortByKeys } from './tree.ts';

/**
 * Walks the linked slots of one trace depth-first from its roots with an explicit stack (no
 * recursion, so any depth works) and builds the `Trace`: pre-order `spans` with `parent`,
 * `depth`, `size` and `flags`. Roots are the entry segments first, then orphans, each group by
 * start time. Spans no root reaches sit on a cycle of parent links: one span of each cycle becomes
 * a root (flagged orphan, reported) and the walk continues from it.
 */
export function buildTrace(scratch: TraceScratch, store: SpanStore, traceId: string, tolerance: number, problems: Problem[]): Trace {
  const total = scratch.slotCount;
  const { parentSlot, slotFlags, roots, stack, localOf } = scratch;
  localOf.fill(-1, 0, total);
  let rootCount = 0;
  for (let s = 0; s < total; s++) if (parentSlot[s]! < 0 && (slotFlags[s]! & SpanFlag.orphan) === 0) roots[rootCount++] = s;
  const entryRoots = rootCount;
  for (let s = 0; s < total; s++) if (parentSlot[s]! < 0 && (slotFlags[s]! & SpanFlag.orphan) !== 0) roots[rootCount++] = s;
  if (entryRoots > 1) sortByKeys(roots, 0, entryRoots, scratch.slotStart);
  if (rootCount - entryRoots > 1) sortByKeys(roots, entryRoots, rootCount, scratch.slotStart);
  let sp = 0;
  for (let r = rootCount - 1; r >= 0; r--) stack[sp++] = roots[r]!;
  let visited = walk(scratch, sp, 0);
  if (visited < total) visited = breakCycles(scratch, store, traceId, visited, problems);
  return makeTrace(scratch, store, traceId, visited, tolerance);
}

/** Pre-order walk from the `sp` slots on the stack; numbers each slot reached, returns the next number. */
function walk(scratch: TraceScratch, sp: number, next: number): number {
  const { childStart, children, stack, localOf, order } = scratch;
  while (sp > 0) {
    const s = stack[--sp]!;
    if (localOf[s]! >= 0) continue;
    localOf[s] = next;
    order[next++] = s;
    for (let c = childStart[s + 1]! - 1; c >= childStart[s]!; c--) {
      const child = children[c]!;
      if (localOf[child]! < 0) stack[sp++] = child;
    }
  }
  return next;
}

function breakCycles(scratch: TraceScratch, store: SpanStore, traceId: string, visited: number, problems: Problem[]): number {
  const { parentSlot, slotFlags, localOf, stack } = scratch;
  const onPath = new Set<number>();
  for (let first = 0; first < scratch.slotCount; first++) {
    if (localOf[first]! >= 0) continue;
    // Every ancestor of an unreached span is unreached and none is a root: the chain loops.
    onPath.clear();
    let s = first;
    while (!onPath.has(s)) {
      onPath.add(s);
      s = parentSlot[s]!;
    }
    parentSlot[s] = -1;
    slotFlags[s]! |= SpanFlag.orphan;
    const entry = scratch.slotEntry[s]!;
    const id = scratch.id[entry]!;
    problems.push({ file: store.fileOf(scratch.raw[entry]!), at: id, message: `parent links form a cycle in trace ${traceId}; span ${id} kept as a root` });
    stack[0] = s;
    visited = walk(scratch, 1, visited);
  }
  return visited;
}

function makeTrace(scratch: TraceScratch, store: SpanStore, traceId: string, n: number, tolerance: number): Trace {
  const { order, slotEntry, parentSlot, slotFlags, localOf, kind: kinds, bits: allBits, start: starts, end: ends, parentEntry } = scratch;
  const spans: Span[] = new Array<Span>(n);
  const segmentIds = scratch.segmentIds;
  // One buffer per trace for its four arrays: one allocation, and cloning a trace copies it once.
  const buffer = new ArrayBuffer(n * 13);
  const parent = new Int32Array(buffer, 0, n);
  const depth = new Int32Array(buffer, n * 4, n);
  const size = new Int32Array(buffer, n * 8, n).fill(1);
  const flags = new Uint8Array(buffer, n * 12, n);
  let traceStart = Number.POSITIVE_INFINITY;
  let traceEnd = Number.NEGATIVE_INFINITY;
  let segmentCount = 0;
  let subsegmentCount = 0;
  let inProgressCount = 0;
  let anyBits = 0;
  for (let i = 0; i < n; i++) {
    const s = order[i]!;
    const entry = slotEntry[s]!;
    const p = parentSlot[s]! >= 0 ? localOf[parentSlot[s]!]! : -1;
    const start = starts[entry]!;
    const end = ends[entry]!;
    const kind = kinds[entry]!;
    const bits = allBits[entry]!;
    let flag = slotFlags[s]!;
    parent[i] = p;
    if (p >= 0) {
      depth[i] = depth[p]! + 1;
      if (start < starts[slotEntry[order[p]!]!]! - tolerance) flag |= SpanFlag.skewed;
    }
    flags[i] = flag;
    const id = scratch.id[entry]!;
    const segmentId = kind !== SpanKindNumber.subsegment || p < 0 ? id : segmentIds[p]!;
    segmentIds[i] = segmentId;
    const enclosing = parentEntry[entry]!;
    const parentId = enclosing >= 0 ? scratch.id[enclosing] : scratch.parentId[entry];
    spans[i] = makeSpan(store, scratch.raw[entry]!, id, traceId, kind, bits, parentId, segmentId);
    if (start < traceStart) traceStart = start;
    const last = end === end ? end : start;
    if (last > traceEnd) traceEnd = last;
    anyBits |= bits;
    if ((bits & BIT_ADDED) === 0) {
      if (kind === SpanKindNumber.subsegment) subsegmentCount++;
      else segmentCount++;
      if ((bits & StatusBit.inProgress) !== 0) inProgressCount++;
    }
  }
  for (let i = n - 1; i > 0; i--) {
    const p = parent[i]!;
    if (p >= 0) size[p]! += size[i]!;
  }
  return {
    id: traceId,
    spans,
    parent,
    depth,
    size,
    flags,
    start: traceStart,
    end: traceEnd,
    segmentCount,
    subsegmentCount,
    inProgressCount,
    hasFault: (anyBits & StatusBit.fault) !== 0,
    hasError: (anyBits & StatusBit.error) !== 0,
    hasThrottle: (anyBits & StatusBit.throttle) !== 0,
  };
}

function makeSpan(store: SpanStore, raw: number, id: string, traceId: string, kind: number, bits: number, parentId: string | undefined, segmentId: string): Span {
  // The scratch bits are StatusBit bits (plus BIT_ADDED and BIT_INFERS, dropped here): one layout, no translation.
  return new AssembledSpan(store, raw, id, traceId, parentId, segmentId, packSpan(kind, bits));
}

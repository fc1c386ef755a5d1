import type { Problem } from '../../model/snapshot.ts';
import { SpanFlag } from '../../model/trace.ts';
import { inferredIdFor } from './inferred-nodes.ts';
import { BIT_ADDED, BIT_INFERS, KIND_INFERRED, KIND_SUBSEGMENT, type TraceScratch } from './scratch.ts';

/**
 * The links of one trace, in the scratch's tree buffers: the parent slot of every slot (-1 for a
 * root: no `parent_id`, or an orphan, flagged), the inferred nodes X-Ray would have added, and
 * the children of every slot sorted by start time (`children[childStart[s] .. childStart[s + 1])`).
 * Counting passes over typed arrays only. Returns the number of inferred nodes added.
 */
export function linkSlots(scratch: TraceScratch, traceId: string, problems: Problem[], fileOf: (raw: number) => string): number {
  const base = scratch.slotCount;
  // Each subsegment adds at most one inferred node.
  scratch.ensureTreeCapacity(base * 2);
  resolveParents(scratch, base, traceId, problems, fileOf);
  const added = addInferredNodes(scratch, base);
  const total = scratch.slotCount;
  const { slotStart, slotEntry, start } = scratch;
  for (let s = 0; s < total; s++) slotStart[s] = start[slotEntry[s]!]!;
  childIndex(scratch, total);
  return added;
}

function resolveParents(scratch: TraceScratch, count: number, traceId: string, problems: Problem[], fileOf: (raw: number) => string): void {
  const { parentSlot, slotFlags, slotEntry, parentEntry, slotOf } = scratch;
  for (let s = 0; s < count; s++) {
    const entry = slotEntry[s]!;
    const enclosing = parentEntry[entry]!;
    let parent = -1;
    let flag = 0;
    if (enclosing >= 0) {
      parent = slotOf[enclosing]!;
    } else {
      const parentId = scratch.parentId[entry];
      if (parentId !== undefined) {
        parent = scratch.findSlot(parentId);
        if (parent < 0) flag = SpanFlag.orphan;
      }
    }
    if (parent === s) {
      parent = -1;
      flag = SpanFlag.orphan;
      problems.push({ file: fileOf(scratch.raw[entry]!), at: scratch.id[entry]!, message: `span names itself as its parent in trace ${traceId}; kept as a root` });
    }
    parentSlot[s] = parent;
    slotFlags[s] = flag;
  }
}

/**
 * Adds an inferred segment below every `aws`/`remote` subsegment that no segment names as its
 * parent (see inferred-nodes.ts). A subsegment whose callee sent its own segment — the API Gateway
 * stage's `Lambda` integration with the AWS::Lambda segment below it — or whose inferred segment
 * the input already holds has a segment child and gets nothing.
 */
function addInferredNodes(scratch: TraceScratch, count: number): number {
  const { parentSlot, slotEntry, kind } = scratch;
  const hasSegmentChild = scratch.localOf; // free until the walk
  hasSegmentChild.fill(0, 0, count);
  for (let s = 0; s < count; s++) {
    const parent = parentSlot[s]!;
    if (parent >= 0 && kind[slotEntry[s]!] !== KIND_SUBSEGMENT) hasSegmentChild[parent] = 1;
  }
  let added = 0;
  for (let s = 0; s < count; s++) {
    // Read through `scratch`: adding slots may reallocate its columns.
    const entry = scratch.slotEntry[s]!;
    if (hasSegmentChild[s] === 1 || scratch.kind[entry] !== KIND_SUBSEGMENT || (scratch.bits[entry]! & BIT_INFERS) === 0) continue;
    const slot = scratch.addDetached(scratch.raw[entry]!, inferredIdFor(scratch.id[entry]!), KIND_INFERRED, scratch.start[entry]!, scratch.end[entry]!, (scratch.bits[entry]! & ~BIT_INFERS) | BIT_ADDED, entry);
    parentSlot[slot] = s;
    scratch.slotFlags[slot] = SpanFlag.addedInferred;
    added++;
  }
  return added;
}

/** Children of every slot, compressed (counting sort by parent), each range sorted by start time. */
function childIndex(scratch: TraceScratch, total: number): void {
  const { parentSlot, childStart, children, slotStart } = scratch;
  const fill = scratch.order; // free until the walk
  childStart.fill(0, 0, total + 1);
  for (let s = 0; s < total; s++) {
    const parent = parentSlot[s]!;
    if (parent >= 0) childStart[parent + 1]!++;
  }
  for (let s = 0; s < total; s++) {
    childStart[s + 1]! += childStart[s]!;
    fill[s] = childStart[s]!;
  }
  for (let s = 0; s < total; s++) {
    const parent = parentSlot[s]!;
    if (parent >= 0) children[fill[parent]!++] = s;
  }
  for (let s = 0; s < total; s++) {
    const from = childStart[s]!;
    const to = childStart[s + 1]!;
    if (to - from > 1) sortByKeys(children, from, to, slotStart);
  }
}

const EMPTY = new Float64Array(0);
/** Keys for `byKey`, set around one sort (avoids a closure per sibling list). */
let sortKeys: Float64Array = EMPTY;

function byKey(a: number, b: number): number {
  return sortKeys[a]! - sortKeys[b]! || a - b;
}

/**
 * Sorts the slots `list[from..to)` by `keys[slot]`, ties by slot number (= input order): insertion
 * sort for the short lists most parents have, the engine's sort for long ones.
 */
export function sortByKeys(list: Int32Array, from: number, to: number, keys: Float64Array): void {
  if (to - from > 24) {
    sortKeys = keys;
    list.subarray(from, to).sort(byKey);
    sortKeys = EMPTY;
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const slot = list[i]!;
    const key = keys[slot]!;
    let j = i - 1;
    while (j >= from) {
      const other = list[j]!;
      const otherKey = keys[other]!;
      if (otherKey < key || (otherKey === key && other < slot)) break;
      list[j + 1] = other;
      j--;
    }
    list[j + 1] = slot;
  }
}

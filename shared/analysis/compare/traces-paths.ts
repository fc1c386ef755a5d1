import type { Trace } from '../../model/trace.ts';
import { SpanNodes } from '../../dataset/index.ts';
import { PairTable } from './traces-pair-table.ts';

/**
 * The path of a span, as two traces are matched by it: from the root, each step is the span's
 * label — its service node and its name — and its position among the siblings with the same
 * label (0 for the first by start time, 1 for the next…). Two spans of two traces match when their
 * paths are the same, that is when their parents match (or both are roots) and they have the same
 * label and position there.
 *
 * So matching walks the two trees from the roots, a matched pair at a time: the k-th child of one
 * label on one side pairs with the k-th of that label on the other, through a queue per label in
 * typed arrays (labels are small dense numbers shared by both traces). Linear in the spans; no
 * string is built per span, no sibling list is searched, and no hash table holds a span (one did,
 * keyed by path: its cache misses were most of the time at 100,000 spans).
 *
 * A segment's or an inferred span's service node is the node X-Ray would draw (SpanNodes, the
 * naming the map uses); a subsegment runs on its segment's node.
 */

/** One label: the span name and the service node (name and type; both '' for a subsegment that is a root). */
export interface PathLabel {
  readonly name: string;
  readonly node: string;
  readonly type: string;
}

/** What one trace's spans are, step by step. */
export interface TraceSteps {
  /** label[i]: span i's label (an index in LabelTable.labels). */
  readonly label: Int32Array;
  /** ordinal[i]: span i's position among its siblings with the same label. */
  readonly ordinal: Int32Array;
  /** 1 where span i's node is its own (a segment, an inferred span, a root), 0 where it is its parent's. */
  readonly ownsNode: Uint8Array;
}

/** The labels of the traces given to `stepsOf`, numbered together. */
export class LabelTable {
  readonly labels: PathLabel[] = [];
  /** (node + 1, name id) → label. */
  private readonly labelIds = new PairTable(256);
  private readonly nameIds = new Map<string, number>();
  private readonly nodeNames: { name: string; type: string }[] = [];
  private readonly nodes = new SpanNodes<number>((type, name) => {
    this.nodeNames.push({ name, type });
    return this.nodeNames.length - 1;
  });

  stepsOf(trace: Trace): TraceSteps {
    const n = trace.spans.length;
    const label = new Int32Array(n);
    const ownsNode = new Uint8Array(n);
    const node = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const span = trace.spans[i]!;
      const p = trace.parent[i]!;
      const subsegment = span.kind === 'subsegment';
      const own = !subsegment || p < 0;
      ownsNode[i] = own ? 1 : 0;
      node[i] = !own ? node[p]! : subsegment ? -1 : this.nodes.nodeOf(span);
      label[i] = this.labelOf(node[i]!, span.name);
    }
    // Positions: per parent (and the roots), a count per label over its children, reset after.
    const ordinal = new Int32Array(n);
    const count = new Int32Array(this.labels.length);
    const number = (first: number, stop: number): void => {
      for (let c = first; c < stop; c += trace.size[c]!) ordinal[c] = count[label[c]!]!++;
      for (let c = first; c < stop; c += trace.size[c]!) count[label[c]!] = 0;
    };
    number(0, n);
    for (let p = 0; p < n; p++) if (trace.size[p]! > 1) number(p + 1, p + trace.size[p]!);
    return { label, ordinal, ownsNode };
  }

  private labelOf(node: number, name: string): number {
    let nameId = this.nameIds.get(name);
    if (nameId === undefined) this.nameIds.set(name, (nameId = this.nameIds.size));
    const id = this.labelIds.intern(node + 1, nameId);
    if (id === this.labels.length) {
      const named = node >= 0 ? this.nodeNames[node]! : { name: '', type: '' };
      this.labels.push({ name, node: named.name, type: named.type });
    }
    return id;
  }
}

/** For each span of `a`, the span of `b` with the same path (-1: none), and the converse. */
export function matchSpans(a: Trace, b: Trace, stepsA: TraceSteps, stepsB: TraceSteps, labels: number): { readonly matchOfA: Int32Array; readonly matchOfB: Int32Array } {
  const matchOfA = new Int32Array(a.spans.length).fill(-1);
  const matchOfB = new Int32Array(b.spans.length).fill(-1);
  // Per label, a queue of a's children of the pair being matched not yet paired (linked through `next`).
  const head = new Int32Array(labels).fill(-1);
  const tail = new Int32Array(labels);
  const next = new Int32Array(a.spans.length);
  const touched = new Int32Array(labels);
  // Matched pairs whose children are still to match; -1, -1 stands for the two traces' roots.
  const pending: number[] = [-1, -1];
  while (pending.length > 0) {
    const q = pending.pop()!;
    const p = pending.pop()!;
    let touches = 0;
    for (let c = p + 1, stop = p < 0 ? a.spans.length : p + a.size[p]!; c < stop; c += a.size[c]!) {
      const l = stepsA.label[c]!;
      next[c] = -1;
      if (head[l]! < 0) {
        head[l] = c;
        touched[touches++] = l;
      } else next[tail[l]!] = c;
      tail[l] = c;
    }
    for (let d = q + 1, stop = q < 0 ? b.spans.length : q + b.size[q]!; d < stop; d += b.size[d]!) {
      const l = stepsB.label[d]!;
      const c = head[l]!;
      if (c < 0) continue;
      head[l] = next[c]!;
      matchOfA[c] = d;
      matchOfB[d] = c;
      pending.push(c, d);
    }
    for (let k = 0; k < touches; k++) head[touched[k]!] = -1;
  }
  return { matchOfA, matchOfB };
}

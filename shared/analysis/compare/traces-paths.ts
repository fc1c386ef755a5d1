import type { Trace } from '../../model/trace.ts';
import { SpanNodes } from '../../dataset/index.ts';

/**
 * The path of a span, as two traces are matched by it: from the root, each step is the span's
 * label — its service node and its name — and its position among the siblings with the same
 * label (0 for the first by start time, 1 for the next…). Two spans of two traces match when their
 * paths are the same. Paths are interned as numbers shared by both traces, so matching is an array
 * lookup per span: no string is built per span and no sibling list is compared with another.
 *
 * A segment's or an inferred span's service node is the node X-Ray would draw (SpanNodes, the
 * naming the map uses); a subsegment runs on its segment's node. A root's parent path is 0.
 */

/** One label: the span name and the service node (name and type; both '' for a subsegment that is a root). */
export interface PathLabel {
  readonly name: string;
  readonly node: string;
  readonly type: string;
}

/** What one trace's spans are on the shared paths. */
export interface TracePaths {
  /** path[i]: the path id of span i (≥ 1). */
  readonly path: Int32Array;
  /** label[i]: span i's label (an index in PathTable.labels). */
  readonly label: Int32Array;
  /** ordinal[i]: span i's position among its siblings with the same label. */
  readonly ordinal: Int32Array;
  /** 1 where span i's node is its own (a segment, an inferred span, a root), 0 where it is its parent's. */
  readonly ownsNode: Uint8Array;
}

/** Label ids and path ids below these bounds keep their combined keys exact in a double (2^53). */
const LABEL_SPACE = 2 ** 22;
const ORDINAL_SPACE = 2 ** 22;
const MAX_IDS = 2 ** 31;

/** The paths of the traces given to `pathsOf`, interned together. */
export class PathTable {
  readonly labels: PathLabel[] = [];
  private readonly labelIds = new Map<number, number>();
  private readonly nameIds = new Map<string, number>();
  private readonly nodeNames: { name: string; type: string }[] = [];
  private readonly nodes = new SpanNodes<number>((type, name) => {
    this.nodeNames.push({ name, type });
    return this.nodeNames.length - 1;
  });
  /** (parent path, label) → sibling group; (group, ordinal) → path. */
  private readonly groups = new Map<number, number>();
  private readonly paths = new Map<number, number>();
  /** Per group, the number of its members met in the trace being read (reset after each trace). */
  private readonly counts: number[] = [];
  /** Path ids handed out so far, 0 (the parent of the roots) included. */
  pathCount = 1;

  pathsOf(trace: Trace): TracePaths {
    const n = trace.spans.length;
    const path = new Int32Array(n);
    const label = new Int32Array(n);
    const ordinal = new Int32Array(n);
    const ownsNode = new Uint8Array(n);
    const node = new Int32Array(n);
    const group = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const span = trace.spans[i]!;
      const p = trace.parent[i]!;
      const own = span.kind !== 'subsegment' || p < 0;
      ownsNode[i] = own ? 1 : 0;
      node[i] = !own ? node[p]! : span.kind === 'subsegment' ? -1 : this.nodes.nodeOf(span);
      const l = this.labelOf(node[i]!, span.name);
      label[i] = l;
      const parentPath = p < 0 ? 0 : path[p]!;
      const groupKey = parentPath * LABEL_SPACE + l;
      let g = this.groups.get(groupKey);
      if (g === undefined) {
        g = this.groups.size;
        this.groups.set(groupKey, g);
        this.counts.push(0);
      }
      group[i] = g;
      const k = this.counts[g]!;
      this.counts[g] = k + 1;
      if (k >= ORDINAL_SPACE) throw new RangeError(`Trace ${trace.id} has more than ${ORDINAL_SPACE} siblings with one name: too many to compare.`);
      ordinal[i] = k;
      const pathKey = g * ORDINAL_SPACE + k;
      let id = this.paths.get(pathKey);
      if (id === undefined) {
        id = this.pathCount++;
        this.paths.set(pathKey, id);
      }
      path[i] = id;
    }
    for (let i = 0; i < n; i++) this.counts[group[i]!] = 0;
    if (this.pathCount >= MAX_IDS || this.groups.size >= MAX_IDS) throw new RangeError('The traces have too many spans to compare.');
    return { path, label, ordinal, ownsNode };
  }

  private labelOf(node: number, name: string): number {
    let nameId = this.nameIds.get(name);
    if (nameId === undefined) this.nameIds.set(name, (nameId = this.nameIds.size));
    const key = (node + 1) * LABEL_SPACE + nameId;
    let id = this.labelIds.get(key);
    if (id === undefined) {
      id = this.labels.length;
      if (id >= LABEL_SPACE || nameId >= LABEL_SPACE) throw new RangeError('The traces have too many distinct span names to compare.');
      this.labelIds.set(key, id);
      const named = node >= 0 ? this.nodeNames[node]! : { name: '', type: '' };
      this.labels.push({ name, node: named.name, type: named.type });
    }
    return id;
  }
}

import type { Span, Trace } from '../../model/trace.ts';
import type { XRayTraceSummary } from '../../model/xray.ts';
import { AssembledSpan, PACKED_ERROR, PACKED_FAULT, PACKED_IN_PROGRESS, PACKED_THROTTLE } from '../../dataset/assembly/assembled-span.ts';
import { entryIndex } from './root-cause.ts';
import { canonicalType, inferredNodeName } from '../../dataset/naming/service-naming.ts';
import { record, text } from './trace-read.ts';

/** Bits of a span row of the node index. */
export const SpanBit = { fault: 1, error: 2, throttle: 4, inProgress: 8, inferred: 16, root: 32 } as const;

export interface NodeInfo {
  readonly key: string;
  readonly name: string;
  readonly names: readonly string[];
  readonly type: string;
  /** The first account id seen for the node. */
  readonly accountId: string | undefined;
}

export class GrowableInt {
  array = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.array.length) {
      const next = new Int32Array(this.array.length * 2);
      next.set(this.array);
      this.array = next;
    }
    this.array[this.length++] = value;
  }
  done(): Int32Array {
    return this.array.slice(0, this.length);
  }
}

export class GrowableFloat {
  array = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.array.length) {
      const next = new Float64Array(this.array.length * 2);
      next.set(this.array);
      this.array = next;
    }
    this.array[this.length++] = value;
  }
  done(): Float64Array {
    return this.array.slice(0, this.length);
  }
}

/** SpanBit bits (all but root) of each value of `AssembledSpan.packed`'s low six bits. */
const BITS_OF_PACKED = new Uint8Array(64);
for (let packed = 0; packed < 64; packed++) {
  BITS_OF_PACKED[packed] =
    (packed & PACKED_FAULT ? SpanBit.fault : 0) |
    (packed & PACKED_ERROR ? SpanBit.error : 0) |
    (packed & PACKED_THROTTLE ? SpanBit.throttle : 0) |
    (packed & PACKED_IN_PROGRESS ? SpanBit.inProgress : 0) |
    ((packed & 3) === 2 ? SpanBit.inferred : 0);
}

/** A span's kind as in `AssembledSpan.packed` (0 segment, 1 subsegment, 2 inferred) and SpanBit bits without root. */
function kindAndBits(span: Span): number {
  if (span instanceof AssembledSpan) return ((span.packed & 3) << 8) | BITS_OF_PACKED[span.packed & 63]!;
  const kind = span.kind === 'segment' ? 0 : span.kind === 'subsegment' ? 1 : 2;
  return (
    (kind << 8) |
    (span.fault ? SpanBit.fault : 0) |
    (span.error ? SpanBit.error : 0) |
    (span.throttle ? SpanBit.throttle : 0) |
    (span.inProgress ? SpanBit.inProgress : 0) |
    (span.inferred ? SpanBit.inferred : 0)
  );
}

/** The span's duration, NaN while in progress (the assembler's spans read both times from columns). */
function durationOf(span: Span, bits: number): number {
  if ((bits & SpanBit.inProgress) !== 0) return Number.NaN;
  const end = span.end;
  return end === undefined ? Number.NaN : end - span.start;
}

/** The node ids of the spans of one raw `origin`: its canonical type, emitted segments by name, inferred spans by node name. */
interface OriginIds {
  readonly type: string;
  readonly emitted: Map<string, number>;
  readonly inferred: Map<string, number>;
}

/** How many traces a step handles between two looks at the clock. */
const TRACES_PER_CHECK = 256;

/**
 * Builds the node index (node-index.ts) trace by trace, so it can be built in slices (`step`)
 * while the worker stays free to answer, and finished on demand. A span's node is found through
 * its raw `origin` and name (service-graph-nodes.ts does the same): the `type|name` key string
 * is made once per node, never per span.
 */
export class NodeIndexBuilder {
  readonly nodes: NodeInfo[] = [];
  readonly idByKey = new Map<string, number>();
  readonly traceNodeStart = new GrowableInt();
  readonly entryNode = new GrowableInt();
  readonly entrySpanStart = new GrowableInt();
  readonly entrySpanEnd = new GrowableInt();
  readonly traceEdgeStart = new GrowableInt();
  readonly edgeSource = new GrowableInt();
  readonly edgeTarget = new GrowableInt();
  readonly edgeSpanStart = new GrowableInt();
  readonly edgeSpanEnd = new GrowableInt();
  readonly spans: Span[] = [];
  readonly spanNode = new GrowableInt();
  readonly spanBits = new GrowableInt();
  readonly spanDuration = new GrowableFloat();

  private next = 0;
  private readonly origins = new Map<string, OriginIds>();
  private readonly clientOf = new Map<number, number>();
  // Scratch reused from trace to trace: each span's node (its owner's for a subsegment), its
  // local node entry and its local edge entry; the trace's distinct nodes and (source, target) pairs.
  private owner = new Int32Array(64);
  private spanLocal = new Int32Array(64);
  private spanEdge = new Int32Array(64);
  private spanRowBits = new Int32Array(64);
  private spanRowDuration = new Float64Array(64);
  private readonly localNodes: number[] = [];
  private readonly localEdges: number[] = [];

  constructor(
    private readonly traces: readonly (Trace | undefined)[],
    private readonly summaries: readonly (XRayTraceSummary | undefined)[],
  ) {}

  get done(): boolean {
    return this.next >= this.traces.length;
  }

  /** Adds traces until all are in (true) or `stop()` says so (checked every few hundred traces). */
  step(stop: () => boolean = () => false): boolean {
    const total = this.traces.length;
    while (this.next < total) {
      const end = Math.min(total, this.next + TRACES_PER_CHECK);
      for (; this.next < end; this.next++) this.addTrace(this.next);
      if (this.next < total && stop()) return false;
    }
    return true;
  }

  private nodeId(type: string, name: string, accountId: string | undefined, names?: readonly string[]): number {
    const key = `${type}|${name}`;
    let id = this.idByKey.get(key);
    if (id === undefined) {
      id = this.nodes.length;
      this.nodes.push({ key, name, names: names && names.length ? names : [name], type, accountId });
      this.idByKey.set(key, id);
    }
    return id;
  }

  /** serviceIdentity's node of a segment or inferred span. */
  private spanNodeId(span: Span, inferred: boolean): number {
    const origin = span.origin ?? '';
    let known = this.origins.get(origin);
    if (known === undefined) {
      known = { type: canonicalType(origin), emitted: new Map(), inferred: new Map() };
      this.origins.set(origin, known);
    }
    if (!inferred) {
      let id = known.emitted.get(span.name);
      if (id === undefined) {
        id = this.nodeId(known.type, span.name, text(record(span.doc.aws)?.['account_id']));
        known.emitted.set(span.name, id);
      }
      return id;
    }
    const name = origin === '' ? span.name : inferredNodeName(known.type, span);
    let id = known.inferred.get(name);
    if (id === undefined) {
      id = this.nodeId(origin === '' ? 'remote' : known.type, name, undefined);
      known.inferred.set(name, id);
    }
    return id;
  }

  private addSpanRow(span: Span, node: number, bits: number, duration: number): void {
    this.spans.push(span);
    this.spanNode.push(node);
    this.spanBits.push(bits);
    this.spanDuration.push(duration);
  }

  private addTrace(t: number): void {
    const { spans, entryNode, entrySpanStart, entrySpanEnd, edgeSource, edgeTarget, edgeSpanStart, edgeSpanEnd, localNodes, localEdges } = this;
    this.traceNodeStart.push(entryNode.length);
    this.traceEdgeStart.push(edgeSource.length);
    const trace = this.traces[t];
    if (!trace) {
      for (const id of this.summaryNodes(this.summaries[t])) {
        entryNode.push(id);
        entrySpanStart.push(spans.length);
        entrySpanEnd.push(spans.length);
      }
      return;
    }
    const { spans: traceSpans, parent } = trace;
    const n = traceSpans.length;
    if (this.owner.length < n) {
      this.owner = new Int32Array(n * 2);
      this.spanLocal = new Int32Array(n * 2);
      this.spanEdge = new Int32Array(n * 2);
      this.spanRowBits = new Int32Array(n * 2);
      this.spanRowDuration = new Float64Array(n * 2);
    }
    const { owner, spanLocal, spanEdge, spanRowBits, spanRowDuration } = this;
    localNodes.length = 0;
    localEdges.length = 0;
    let rootNode = -1;
    const entry = entryIndex(trace);
    for (let i = 0; i < n; i++) {
      const span = traceSpans[i]!;
      const p = parent[i] ?? -1;
      spanLocal[i] = -1;
      spanEdge[i] = -1;
      const kindBits = kindAndBits(span);
      if (kindBits >> 8 === 1) {
        owner[i] = p >= 0 ? owner[p]! : -1;
        continue;
      }
      const bits = kindBits & 0xff;
      spanRowBits[i] = bits;
      spanRowDuration[i] = durationOf(span, bits);
      const id = this.spanNodeId(span, (bits & SpanBit.inferred) !== 0);
      owner[i] = id;
      let local = localNodes.indexOf(id);
      if (local < 0) local = localNodes.push(id) - 1;
      spanLocal[i] = local;
      let source = -1;
      if (i === entry) {
        rootNode = id;
        source = this.clientOf.get(id) ?? -1;
        if (source < 0) this.clientOf.set(id, (source = this.nodeId('client', this.nodes[id]!.name, undefined)));
      } else if (p >= 0) {
        source = owner[p]!;
      }
      if (source < 0) continue;
      let edge = 0;
      while (edge < localEdges.length && !(localEdges[edge] === source && localEdges[edge + 1] === id)) edge += 2;
      if (edge === localEdges.length) localEdges.push(source, id);
      spanEdge[i] = edge / 2;
    }
    for (let l = 0; l < localNodes.length; l++) {
      const id = localNodes[l]!;
      entryNode.push(id);
      entrySpanStart.push(spans.length);
      const root = id === rootNode ? SpanBit.root : 0;
      for (let i = 0; i < n; i++) if (spanLocal[i] === l) this.addSpanRow(traceSpans[i]!, id, spanRowBits[i]! | root, spanRowDuration[i]!);
      entrySpanEnd.push(spans.length);
    }
    for (let e = 0; e < localEdges.length; e += 2) {
      const target = localEdges[e + 1]!;
      edgeSource.push(localEdges[e]!);
      edgeTarget.push(target);
      edgeSpanStart.push(spans.length);
      const root = target === rootNode ? SpanBit.root : 0;
      const local = e / 2;
      for (let i = 0; i < n; i++) if (spanEdge[i] === local) this.addSpanRow(traceSpans[i]!, target, spanRowBits[i]! | root, spanRowDuration[i]!);
      edgeSpanEnd.push(spans.length);
    }
  }

  private summaryNodes(summary: XRayTraceSummary | undefined): number[] {
    const ids: number[] = [];
    const list = summary?.ServiceIds;
    if (!Array.isArray(list)) return ids;
    for (const item of list) {
      const id = record(item);
      const name = text(id?.['Name']);
      if (!id || name === undefined) continue;
      const names = Array.isArray(id['Names']) ? id['Names'].filter((n): n is string => typeof n === 'string') : undefined;
      const node = this.nodeId(canonicalType(text(id['Type']) ?? ''), name, text(id['AccountId']), names);
      if (!ids.includes(node)) ids.push(node);
    }
    return ids;
  }
}

import { jsonObject, jsonString } from '../../base/json.ts';
import type { Span, Trace } from '../../model/trace.ts';
import type { XRayTraceSummary } from '../../model/xray.ts';
import { AssembledSpan, canonicalType, SpanNodes } from '../../dataset/index.ts';
import { kindOfPacked, SpanKindNumber, spanKindNumber, statusBitsOf, StatusBit, STATUS_BITS } from '../../model/status.ts';
import { entryIndex } from './root-cause.ts';

/** Bits of a span row of the node index: its StatusBit bits (model/status.ts), and two of its own above STATUS_BITS. */
export const SpanBit = { ...StatusBit, inferred: 16, root: 32 } as const;

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

/** A span's kind number (SpanKindNumber) << 8 and its SpanBit bits without root. */
function kindAndBits(span: Span): number {
  if (span instanceof AssembledSpan) {
    // The packed byte already holds the StatusBit bits and the kind: no getter is called.
    const kind = kindOfPacked(span.packed);
    return (kind << 8) | (span.packed & STATUS_BITS) | (kind === SpanKindNumber.inferred ? SpanBit.inferred : 0);
  }
  return (spanKindNumber(span.kind) << 8) | statusBitsOf(span) | (span.inferred ? SpanBit.inferred : 0);
}

/** The span's duration, NaN while in progress (the assembler's spans read both times from columns). */
function durationOf(span: Span, bits: number): number {
  if ((bits & SpanBit.inProgress) !== 0) return Number.NaN;
  const end = span.end;
  return end === undefined ? Number.NaN : end - span.start;
}

/** How many traces a step handles between two looks at the clock. */
const TRACES_PER_CHECK = 256;

/**
 * Builds the node index (node-index.ts) trace by trace, so it can be built in slices (`step`)
 * while the worker stays free to answer, and finished on demand. A span's node is found through
 * SpanNodes (dataset/naming, as the service graph finds its nodes): the `type|name` key string
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
  private readonly spanNodes = new SpanNodes<number>((type, name, inferred, span) =>
    this.nodeId(type, name, inferred ? undefined : jsonString(jsonObject(span.doc.aws)?.['account_id'])),
  );
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
      if (kindBits >> 8 === SpanKindNumber.subsegment) {
        owner[i] = p >= 0 ? owner[p]! : -1;
        continue;
      }
      const bits = kindBits & 0xff;
      spanRowBits[i] = bits;
      spanRowDuration[i] = durationOf(span, bits);
      const id = this.spanNodes.nodeOf(span, (bits & SpanBit.inferred) !== 0);
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
      const id = jsonObject(item);
      const name = jsonString(id?.['Name']);
      if (!id || name === undefined) continue;
      const names = Array.isArray(id['Names']) ? id['Names'].filter((n): n is string => typeof n === 'string') : undefined;
      const node = this.nodeId(canonicalType(jsonString(id['Type']) ?? ''), name, jsonString(id['AccountId']), names);
      if (!ids.includes(node)) ids.push(node);
    }
    return ids;
  }
}

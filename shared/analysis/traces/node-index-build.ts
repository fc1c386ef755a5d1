import { jsonObject, jsonString } from '../../base/json.ts';
import type { Span, Trace } from '../../model/trace.ts';
import type { XRayTraceSummary } from '../../model/xray.ts';
import { AssembledSpan, canonicalType, SpanNodes } from '../../dataset/index.ts';
import { kindOfPacked, SpanKindNumber, spanKindNumber, statusBitsOf, StatusBit, STATUS_BITS } from '../../model/status.ts';
import { entryIndex } from './root-cause.ts';
import { groupSpans } from './span-groups.ts';
import { GrowableFloat, GrowableInt } from '../../base/growable-arrays.ts';

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

/** How many traces, or spans of one trace, a step handles between two looks at the clock. */
const TRACES_PER_CHECK = 256;
const SPANS_PER_CHECK = 4_096;

/** A trace being added: its spans are scanned in blocks (a trace of a million spans is many slices, not one). */
interface TraceScan {
  readonly trace: Trace;
  readonly entry: number;
  rootNode: number;
  next: number;
  /** After the spans: adding the node entries' rows, then the edge entries' (finishTrace, resumable too). */
  phase: 'spans' | 'nodes' | 'edges';
  /** The node or edge entry being added, and its next row (−1: its entry not started). */
  group: number;
  at: number;
}

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
  private scan: TraceScan | undefined;
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
  // Scratch of the grouping of a trace's spans by local node or edge (groupSpans).
  private groupOrder = new Int32Array(64);
  private groupStart = new Int32Array(64);
  private readonly localNodes: number[] = [];
  private readonly localEdges: number[] = [];

  constructor(
    private readonly traces: readonly (Trace | undefined)[],
    private readonly summaries: readonly (XRayTraceSummary | undefined)[],
  ) {}

  get done(): boolean {
    return this.next >= this.traces.length;
  }

  /**
   * Adds traces until all are in (true) or `stop()` says so (checked every few hundred traces, and
   * every few thousand spans within a large trace).
   */
  step(stop: () => boolean = () => false): boolean {
    const total = this.traces.length;
    let traces = 0;
    let spans = 0;
    while (this.next < total) {
      const scan = (this.scan ??= this.beginTrace(this.next));
      if (scan) {
        while (scan.next < scan.trace.spans.length) {
          const until = Math.min(scan.trace.spans.length, scan.next + SPANS_PER_CHECK);
          spans += until - scan.next;
          this.scanSpans(scan, until);
          if (spans >= SPANS_PER_CHECK) {
            spans = 0;
            if (stop()) return false;
          }
        }
        if (!this.finishTrace(scan, stop)) return false;
        this.scan = undefined;
      }
      this.next++;
      if (++traces >= TRACES_PER_CHECK && this.next < total) {
        traces = 0;
        if (stop()) return false;
      }
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

  /** Starts trace t: a summary-only trace is added at once (undefined); an assembled one is scanned next. */
  private beginTrace(t: number): TraceScan | undefined {
    const { spans, entryNode, entrySpanStart, entrySpanEnd } = this;
    this.traceNodeStart.push(entryNode.length);
    this.traceEdgeStart.push(this.edgeSource.length);
    const trace = this.traces[t];
    if (!trace) {
      for (const id of this.summaryNodes(this.summaries[t])) {
        entryNode.push(id);
        entrySpanStart.push(spans.length);
        entrySpanEnd.push(spans.length);
      }
      return undefined;
    }
    const n = trace.spans.length;
    if (this.owner.length < n) {
      this.owner = new Int32Array(n * 2);
      this.spanLocal = new Int32Array(n * 2);
      this.spanEdge = new Int32Array(n * 2);
      this.spanRowBits = new Int32Array(n * 2);
      this.spanRowDuration = new Float64Array(n * 2);
      this.groupOrder = new Int32Array(n * 2);
    }
    this.localNodes.length = 0;
    this.localEdges.length = 0;
    return { trace, entry: entryIndex(trace), rootNode: -1, next: 0, phase: 'spans', group: 0, at: -1 };
  }

  /** Spans [scan.next, until) of the trace: each one's node, local node entry and local edge entry. */
  private scanSpans(scan: TraceScan, until: number): void {
    const { localNodes, localEdges, owner, spanLocal, spanEdge, spanRowBits, spanRowDuration } = this;
    const { spans: traceSpans, parent } = scan.trace;
    const entry = scan.entry;
    for (let i = scan.next; i < until; i++) {
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
        scan.rootNode = id;
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
    scan.next = until;
  }

  /** groupSpans into the builder's scratch (grown as needed). */
  private group(groupOf: Int32Array, n: number, groups: number): void {
    if (this.groupStart.length < groups + 1) this.groupStart = new Int32Array((groups + 1) * 2);
    groupSpans(groupOf, n, groups, this.groupOrder, this.groupStart);
  }

  /**
   * The trace's node entries and edge entries, each with its span rows, until done (true) or
   * `stop()` (checked after each grouping and every few thousand rows: at a million spans the two
   * groupings and the rows are ~0.1 s, too long for one slice of the worker).
   */
  private finishTrace(scan: TraceScan, stop: () => boolean): boolean {
    const n = scan.trace.spans.length;
    if (scan.phase === 'spans') {
      this.group(this.spanLocal, n, this.localNodes.length);
      Object.assign(scan, { phase: 'nodes', group: 0, at: -1 });
      if (stop()) return false;
    }
    if (scan.phase === 'nodes') {
      if (!this.addEntryRows(scan, false, stop)) return false;
      this.group(this.spanEdge, n, this.localEdges.length / 2);
      Object.assign(scan, { phase: 'edges', group: 0, at: -1 });
      if (stop()) return false;
    }
    return this.addEntryRows(scan, true, stop);
  }

  /** The node (or edge) entries from scan.group on, each with its rows of the grouping in groupOrder/groupStart. */
  private addEntryRows(scan: TraceScan, edges: boolean, stop: () => boolean): boolean {
    const { spans, localNodes, localEdges, spanRowBits, spanRowDuration, groupOrder, groupStart } = this;
    const traceSpans = scan.trace.spans;
    const groups = edges ? localEdges.length / 2 : localNodes.length;
    let rows = 0;
    for (; scan.group < groups; scan.group++, scan.at = -1) {
      const g = scan.group;
      const id = edges ? localEdges[2 * g + 1]! : localNodes[g]!;
      if (scan.at < 0) {
        if (edges) {
          this.edgeSource.push(localEdges[2 * g]!);
          this.edgeTarget.push(id);
          this.edgeSpanStart.push(spans.length);
        } else {
          this.entryNode.push(id);
          this.entrySpanStart.push(spans.length);
        }
        scan.at = groupStart[g]!;
      }
      const root = id === scan.rootNode ? SpanBit.root : 0;
      const end = groupStart[g + 1]!;
      while (scan.at < end) {
        const i = groupOrder[scan.at++]!;
        this.addSpanRow(traceSpans[i]!, id, spanRowBits[i]! | root, spanRowDuration[i]!);
        if (++rows >= SPANS_PER_CHECK && scan.at < end) {
          rows = 0;
          if (stop()) return false;
        }
      }
      (edges ? this.edgeSpanEnd : this.entrySpanEnd).push(spans.length);
    }
    return true;
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

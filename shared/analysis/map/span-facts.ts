import { isJsonObject, jsonObject, type JsonObject } from '../../base/json.ts';
import { SpanFlag, type Span, type Trace } from '../../model/trace.ts';
import { AssembledSpan, serviceIdentity } from '../../dataset/index.ts';

/**
 * What the service map reads from the spans themselves, beyond the graph's counts: the
 * exceptions recorded in `cause.exceptions`, attributed the way computeServiceGraph attributes
 * requests, and the resource ARNs of emitted segments (to join configuration changes).
 *
 * - A node's exceptions are those of its segments and their subsegments (the spans it owns);
 *   an inferred node, which records nothing itself, gets those of the client subsegment that
 *   called it (the caller's view, as its requests are counted).
 * - An edge's exceptions are those of the span its stats come from: the caller's client
 *   subsegment, or the callee segment when its parent is a segment (AWS::Lambda →
 *   AWS::Lambda::Function) or it is a root (client → root).
 * - Only spans with a fault, error or throttle flag are read for exceptions: X-Ray's SDKs set a
 *   flag whenever they record one.
 * - ARNs are read from at most ARN_TRACES traces (see there).
 */
export interface ExceptionCount {
  readonly type: string;
  readonly message: string;
  readonly remote: boolean;
  readonly count: number;
  /** One trace and span where it was recorded, to open as an example. */
  readonly traceId: string;
  readonly spanId: string;
}

export interface ExceptionTally {
  /** Most frequent first; ties by type then message. */
  readonly top: readonly ExceptionCount[];
  /** Exceptions recorded in all. */
  readonly total: number;
  readonly distinct: number;
}

export interface SpanFacts {
  readonly nodeExceptions: ReadonlyMap<string, ExceptionTally>;
  /** By edge id (`edgeId`). */
  readonly edgeExceptions: ReadonlyMap<string, ExceptionTally>;
  /** Distinct `resource_arn` values of each node's emitted segments (a few at most). */
  readonly arns: ReadonlyMap<string, readonly string[]>;
}

export interface SpanFactOptions {
  readonly arns?: boolean;
  /** Exceptions kept per node or edge (default 5). */
  readonly top?: number;
}

/** Distinct exception kinds counted per node or edge; others still count in `total`. */
const MAX_DISTINCT = 256;
const MAX_ARNS = 8;
/**
 * Traces read for ARNs: all of them up to this many; beyond, the first half of this many and an
 * even sample of the rest (an ARN repeats in every trace through its node; reading a field of
 * every segment of a million costs more than the rest of the map).
 */
const ARN_TRACES = 20_000;
const MAX_MESSAGE = 500;

/** The id of an edge in the map and in the shared selection: `source→target` of node keys. */
export function edgeId(source: string, target: string): string {
  return `${source}→${target}`;
}

class Tally {
  readonly kinds = new Map<string, { type: string; message: string; remote: boolean; count: number; traceId: string; spanId: string }>();
  total = 0;

  add(type: string, message: string, remote: boolean, traceId: string, spanId: string): void {
    this.total++;
    const key = `${type}\u0000${message}`;
    const known = this.kinds.get(key);
    if (known !== undefined) known.count++;
    else if (this.kinds.size < MAX_DISTINCT) this.kinds.set(key, { type, message, remote, count: 1, traceId, spanId });
  }

  result(top: number): ExceptionTally {
    const sorted = [...this.kinds.values()].sort((a, b) => b.count - a.count || compare(a.type, b.type) || compare(a.message, b.message));
    return { top: sorted.slice(0, top).map((kind) => ({ ...kind })), total: this.total, distinct: this.kinds.size };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function keyOf(span: Span): string {
  const identity = serviceIdentity(span);
  return `${identity.type}|${identity.name}`;
}

function tallyFor(tallies: Map<string, Tally>, key: string): Tally {
  let tally = tallies.get(key);
  if (tally === undefined) {
    tally = new Tally();
    tallies.set(key, tally);
  }
  return tally;
}

/**
 * The exceptions of a span's `cause`, or none (a string cause points at another span's exception).
 * The assembler's spans read them at open (AssembledSpan.exceptions): no document is parsed again.
 */
function exceptionsOf(span: Span): readonly JsonObject[] {
  if (span instanceof AssembledSpan) return span.exceptions;
  const exceptions = jsonObject(span.doc.cause)?.['exceptions'];
  if (!Array.isArray(exceptions)) return [];
  return (exceptions as unknown[]).filter(isJsonObject);
}

/** Exception ids already counted in this trace, per node or edge: a record repeated is counted once. */
type SeenInTrace = Set<string>;

function addAll(tallies: Map<string, Tally>, key: string, exceptions: readonly Readonly<Record<string, unknown>>[], span: Span, seen: SeenInTrace): void {
  const tally = tallyFor(tallies, key);
  for (const exception of exceptions) {
    const id = exception['id'];
    if (typeof id === 'string' && id !== '') {
      const mark = `${key}\u0000${id}`;
      if (seen.has(mark)) continue;
      seen.add(mark);
    }
    const type = typeof exception['type'] === 'string' ? exception['type'] : '';
    const message = typeof exception['message'] === 'string' ? exception['message'].slice(0, MAX_MESSAGE) : '';
    tally.add(type, message, exception['remote'] === true, span.traceId, span.id);
  }
}

export function collectSpanFacts(traces: readonly Trace[], options: SpanFactOptions = {}): SpanFacts {
  const nodes = new Map<string, Tally>();
  const edges = new Map<string, Tally>();
  const arns = new Map<string, string[]>();
  const seenArns = new Set<string>();
  const arnStride = traces.length <= ARN_TRACES ? 1 : Math.ceil((traces.length - ARN_TRACES / 2) / (ARN_TRACES / 2));
  for (let t = 0; t < traces.length; t++) {
    const trace = traces[t]!;
    const flagged = trace.hasFault || trace.hasError || trace.hasThrottle;
    const readArns = options.arns === true && (t < ARN_TRACES / 2 || t % arnStride === 0);
    if (!flagged && !readArns) continue;
    const { spans, parent, size } = trace;
    const seen: SeenInTrace = new Set();
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i]!;
      if (readArns && span.kind === 'segment') addArn(arns, seenArns, span);
      if (!flagged || !(span.fault || span.error || span.throttle)) continue;
      const exceptions = exceptionsOf(span);
      if (exceptions.length === 0) continue;
      if (span.kind === 'subsegment') {
        let owner = parent[i]!;
        while (owner >= 0 && spans[owner]!.kind === 'subsegment') owner = parent[owner]!;
        if (owner < 0) continue;
        const ownerKey = keyOf(spans[owner]!);
        addAll(nodes, ownerKey, exceptions, span, seen);
        // The callee this client subsegment called, if it is in the trace: direct children only.
        for (let j = i + 1; j < i + size[i]!; j += size[j]!) {
          const child = spans[j]!;
          if (parent[j] !== i || child.kind === 'subsegment') continue;
          const childKey = keyOf(child);
          addAll(edges, edgeId(ownerKey, childKey), exceptions, span, seen);
          if (child.inferred) addAll(nodes, childKey, exceptions, span, seen);
        }
        continue;
      }
      const key = keyOf(span);
      addAll(nodes, key, exceptions, span, seen);
      const p = parent[i]!;
      if (p < 0) {
        // Orphans have a caller that is not in the data: no client edge (as computeServiceGraph).
        if ((trace.flags[i]! & SpanFlag.orphan) !== 0) continue;
        const identity = serviceIdentity(span);
        addAll(edges, edgeId(`client|${identity.name}`, key), exceptions, span, seen);
      } else if (spans[p]!.kind !== 'subsegment') {
        addAll(edges, edgeId(keyOf(spans[p]!), key), exceptions, span, seen);
      }
    }
  }
  const top = options.top ?? 5;
  return {
    nodeExceptions: new Map([...nodes].map(([key, tally]) => [key, tally.result(top)])),
    edgeExceptions: new Map([...edges].map(([key, tally]) => [key, tally.result(top)])),
    arns,
  };
}

function addArn(arns: Map<string, string[]>, seenArns: Set<string>, span: Span): void {
  const arn = span.doc['resource_arn'];
  if (typeof arn !== 'string' || arn === '' || seenArns.has(arn)) return;
  // An ARN names one resource: the first segment seen with it says which node (the rest repeat it).
  if (seenArns.size < 4096) seenArns.add(arn);
  const key = keyOf(span);
  let known = arns.get(key);
  if (known === undefined) {
    known = [];
    arns.set(key, known);
  }
  if (known.length < MAX_ARNS && !known.includes(arn)) known.push(arn);
}

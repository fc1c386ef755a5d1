import type { Span } from '../../model/trace.ts';
import { canonicalType, nodeName, nodeType } from './service-naming.ts';

/** The nodes of the spans of one raw `origin`: its canonical type, and the nodes met so far by name. */
interface OriginNodes<N> {
  readonly type: string;
  /** Emitted segments' nodes, by segment name. */
  readonly emitted: Map<string, N>;
  /** Inferred spans' nodes, by node name (the resource reached, or the span's name). */
  readonly inferred: Map<string, N>;
}

/**
 * Which map node a segment or inferred span is (serviceIdentity's naming, service-naming.ts), for
 * the passes over every span of an incident: the computed service graph and the filter's node
 * index. Building the `type|name` key and looking it up for each of millions of spans costs more
 * than the rest of those passes, so a span's node is found through its raw `origin` and its node
 * name — the same pair always names the same node — and `make(type, name, inferred, span)` is
 * called once per pair not met before, with the first span that names it. Raw origins spelled
 * differently (`AWS::Lambda`, `aws::lambda`) are one node: `make` gets the same type and name for
 * each and must return the node it made for them before. No allocation per span.
 */
export class SpanNodes<N> {
  /** By raw `origin` ('' for none). */
  private readonly origins = new Map<string, OriginNodes<N>>();

  constructor(private readonly make: (type: string, name: string, inferred: boolean, span: Span) => N) {}

  /** The node of a segment or inferred span (`inferred` when the caller has already read it). */
  nodeOf(span: Span, inferred: boolean = span.inferred): N {
    const origin = span.origin ?? '';
    let known = this.origins.get(origin);
    if (known === undefined) {
      known = { type: canonicalType(origin), emitted: new Map(), inferred: new Map() };
      this.origins.set(origin, known);
    }
    const byName = inferred ? known.inferred : known.emitted;
    const name = nodeName(span, known.type, inferred);
    let node = byName.get(name);
    if (node === undefined) {
      node = this.make(nodeType(known.type, inferred), name, inferred, span);
      byName.set(name, node);
    }
    return node;
  }
}

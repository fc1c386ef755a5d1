import type { Span } from '../../model/trace.ts';
import { StatsAccumulator } from './stats.ts';
import { canonicalType, documentAccount, inferredNodeName } from '../../dataset/naming/service-naming.ts';
import { AssembledSpan } from '../../dataset/assembly/assembled-span.ts';

/** A node of the graph being computed. */
export interface NodeBuilder {
  readonly key: string;
  readonly name: string;
  readonly type: string;
  accountId: string | undefined;
  root: boolean;
  /** True while every span seen for the node was inferred. */
  inferred: boolean;
  readonly stats: StatsAccumulator;
  /** Edges from this node, by target node, in the order they were first met. */
  out: Map<NodeBuilder, EdgeBuilder> | undefined;
  /** The `client` node in front of this node when it is a root. */
  client: NodeBuilder | undefined;
}

export interface EdgeBuilder {
  readonly source: string;
  readonly target: string;
  readonly stats: StatsAccumulator;
}

/** The nodes of the spans of one raw `origin`, by the node name their spans give. */
interface OriginNodes {
  /** The origin in its canonical spelling. */
  readonly type: string;
  /** Emitted segments' nodes, by segment name. */
  readonly emitted: Map<string, NodeBuilder>;
  /** Inferred spans' nodes, by node name (the resource reached, or the span's name). */
  readonly inferred: Map<string, NodeBuilder>;
}

/**
 * The nodes and edges of a graph being computed. Nodes are keyed by `${type}|${name}` (nodeKey,
 * serviceIdentity's naming); as building that key and looking it up for each of millions of
 * segments costs more than the rest, a span's node is found through its raw `origin` and name
 * first — the same (origin, name) always names the same node — and the key is made only for a
 * pair not met before. Edges hang off their source node, found by target node.
 */
export class GraphNodes {
  /** Every node by key, in the order first met. */
  readonly byKey = new Map<string, NodeBuilder>();
  /** Sources of edges, in the order their first edge was met. */
  readonly sources: NodeBuilder[] = [];
  /** By raw `origin` ('' for none): its canonical type and the nodes of the spans naming it. */
  private readonly origins = new Map<string, OriginNodes>();

  /** The node of a segment or inferred span (serviceIdentity's naming). */
  nodeOf(span: Span): NodeBuilder {
    const origin = span.origin ?? '';
    let known = this.origins.get(origin);
    if (known === undefined) {
      known = { type: canonicalType(origin), emitted: new Map(), inferred: new Map() };
      this.origins.set(origin, known);
    }
    if (!span.inferred) {
      const node = this.cached(known.emitted, span.name, known.type, false);
      node.inferred = false;
      return node;
    }
    if (origin === '') return this.cached(known.inferred, span.name, 'remote', true);
    return this.cached(known.inferred, inferredNodeName(known.type, span), known.type, true);
  }

  /** The `client` node in front of root node `node`, named like it. */
  clientOf(node: NodeBuilder): NodeBuilder {
    return (node.client ??= this.node('client', node.name, false));
  }

  /** The edge source → target, made on first use. */
  edge(source: NodeBuilder, target: NodeBuilder): EdgeBuilder {
    let out = source.out;
    if (out === undefined) {
      out = new Map();
      source.out = out;
      this.sources.push(source);
    }
    let edge = out.get(target);
    if (edge === undefined) {
      edge = { source: source.key, target: target.key, stats: new StatsAccumulator() };
      out.set(target, edge);
    }
    return edge;
  }

  private cached(byName: Map<string, NodeBuilder>, name: string, type: string, inferred: boolean): NodeBuilder {
    let node = byName.get(name);
    if (node === undefined) {
      node = this.node(type, name, inferred);
      byName.set(name, node);
    }
    return node;
  }

  /** The node of canonical `type` and `name`, made on first use (`inferred` is its first span's). */
  private node(type: string, name: string, inferred: boolean): NodeBuilder {
    const key = `${type}|${name}`;
    let node = this.byKey.get(key);
    if (node === undefined) {
      node = { key, name, type, accountId: undefined, root: false, inferred, stats: new StatsAccumulator(), out: undefined, client: undefined };
      this.byKey.set(key, node);
    }
    return node;
  }
}

/**
 * The account of a segment: `aws.account_id`, `aws.api_gateway.account_id`, or its `resource_arn`
 * (documentAccount) — read at open for the assembler's spans, so no document is parsed again.
 */
export function accountOf(span: Span): string | undefined {
  return span instanceof AssembledSpan ? span.accountId : documentAccount(span.doc as unknown as Readonly<Record<string, unknown>>);
}

import { jsonObject, nonEmptyString } from '../../base/json.ts';
import type { Span } from '../../model/trace.ts';
import { StatsAccumulator } from './stats.ts';
import { AssembledSpan, SpanNodes } from '../../dataset/index.ts';

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

/**
 * The nodes and edges of a graph being computed. Nodes are keyed by `${type}|${name}` (nodeKey,
 * serviceIdentity's naming); a span's node is found through SpanNodes (dataset/naming), which
 * makes the key only for a node not met before. Edges hang off their source node, found by target node.
 */
export class GraphNodes {
  /** Every node by key, in the order first met. */
  readonly byKey = new Map<string, NodeBuilder>();
  /** Sources of edges, in the order their first edge was met. */
  readonly sources: NodeBuilder[] = [];
  private readonly spanNodes = new SpanNodes<NodeBuilder>((type, name, inferred) => this.node(type, name, inferred));

  /** The node of a segment or inferred span (serviceIdentity's naming). */
  nodeOf(span: Span): NodeBuilder {
    const inferred = span.inferred;
    const node = this.spanNodes.nodeOf(span, inferred);
    // An inferred node and an emitted segment of the same name and type are one node, not inferred.
    if (!inferred) node.inferred = false;
    return node;
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
  if (span instanceof AssembledSpan) return span.accountId;
  const aws = jsonObject(span.doc.aws);
  const recorded = nonEmptyString(aws?.['account_id']) ?? nonEmptyString(jsonObject(aws?.['api_gateway'])?.['account_id']);
  if (recorded !== undefined) return recorded;
  const arn = span.doc['resource_arn'];
  if (typeof arn !== 'string') return undefined;
  const account = arn.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** A node of the service map, named the way X-Ray names it (aws-reference.md §2, §3). */
export interface ServiceNode {
  /** Stable key: `${type}|${name}` (types compared case-insensitively). */
  readonly key: string;
  readonly name: string;
  /** `client`, `remote`, or an AWS type such as `AWS::Lambda::Function`. */
  readonly type: string;
  readonly names: readonly string[];
  readonly accountId?: string;
  readonly root: boolean;
  readonly inferred: boolean;
  readonly stats: EdgeStats;
}

export interface EdgeStats {
  readonly total: number;
  readonly ok: number;
  /** 4xx other than throttles. */
  readonly error: number;
  readonly throttle: number;
  /** 5xx. */
  readonly fault: number;
  /** Sum of response times in seconds; mean = totalResponseTime / total. */
  readonly totalResponseTime: number;
  /** Response times in seconds, when known per request (computed graphs). */
  readonly durations?: readonly number[];
  /** X-Ray's histogram (captured graphs). */
  readonly histogram?: readonly { readonly value: number; readonly count: number }[];
}

export interface ServiceEdge {
  readonly source: string;
  readonly target: string;
  /** `link` for asynchronous edges, as X-Ray's EdgeType. */
  readonly edgeType?: string;
  readonly stats: EdgeStats;
}

export interface ServiceGraph {
  /** Where it comes from: GetServiceGraph, or computed from the traces in the snapshot. */
  readonly origin: 'captured' | 'computed';
  readonly nodes: readonly ServiceNode[];
  readonly edges: readonly ServiceEdge[];
  readonly start?: number;
  readonly end?: number;
}

/**
 * The service graph of an incident: which nodes called which, with X-Ray's request counts and
 * response times per node and edge — computed from the traces (computeServiceGraph, kept per
 * dataset by computedServiceGraphOf) or merged from what GetServiceGraph returned.
 */
export { computeServiceGraph, computedServiceGraphOf, GraphWalk, capturedServiceGraph, nodeKey, type RequestObserver, type TimedServiceGraph, type WalkFeed } from './service-graph.ts';
export { StatsAccumulator } from './stats.ts';
export type { EdgeBuilder, NodeBuilder } from './nodes.ts';

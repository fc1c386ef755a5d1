/**
 * The service map view's model: the service graph (computed or captured) with each node's and
 * edge's latency, health counts, top exceptions and configuration changes, their label texts,
 * and a layered left-to-right layout, all computed in the worker (serviceMapOf) so the page only draws.
 */
export { serviceMapOf, availableGraphs, datasetJoins, datasetSpanFacts, traceIndexRange, tracesStartingIn, type DatasetJoins } from './dataset-map.ts';
export { buildServiceMap, MAP_GEOMETRY, shortTypeText, typeText, type MapEdgeView, type MapInputs, type MapNodeView, type ServiceMapModel } from './service-map.ts';
export { healthCounts, errorRate, latencyFigures, type HealthCounts, type HistogramBin, type LatencyFigures, type LatencyHistogram, type LatencySummary } from './latency.ts';
export { layoutLayered, type MapLayout, type PlacedEdge, type PlacedNode, type Point } from './layout.ts';
export { collectSpanFacts, edgeId, type ExceptionCount, type ExceptionTally, type SpanFacts } from './span-facts.ts';

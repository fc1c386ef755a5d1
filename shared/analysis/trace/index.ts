/**
 * One trace in the waterfall: its collapsible rows (waterfall state), critical path and self
 * times, API Gateway overheads, Lambda phases, the small map of the trace, the minimap's pixels,
 * search within it, and what the detail panel shows of a span. Whole-trace work runs where the
 * documents are (the analysis worker) and crosses to the page as WaterfallTrace / analysis columns.
 */
export { analyseWaterfall, emptyWaterfallAnalysis, type WaterfallAnalysis } from './trace-analysis.ts';
export { clipIntervals, computeCriticalPath, computeSelfTimes, type ClippedIntervals, type CriticalPath, type CriticalPathSection } from './critical-path.ts';
export { gatewayOverheadOf, isApiGatewayStage, type GatewayOverhead } from './gateway-overhead.ts';
export type { LambdaPhase } from './lambda-phases.ts';
export { buildTraceMap, emptyTraceMap, MAX_TRACE_MAP_NODES, type TraceMapEdge, type TraceMapModel, type TraceMapNode } from './trace-map.ts';
export { rasterizeMinimap, type MinimapPixels } from './minimap.ts';
export { searchTrace } from './search.ts';
export { causeOf, rawJson, rawJsonText, RAW_JSON_PREVIEW, spanDetailData, type CauseView, type RawJsonText, type SpanDetailData } from './span-detail.ts';
export { spanArrived, type SpanArrival, type SpanColumns, type WaterfallSpan, type WaterfallTrace } from './waterfall-trace.ts';
export {
  collapseAll,
  collapseToDepth,
  createWaterfallState,
  everyRow,
  expandAll,
  hasChildren,
  isCollapsed,
  maxDepth,
  revealSpan,
  rowCount,
  rowNearSpan,
  rowOfSpan,
  setCollapsed,
  spanAtRow,
  toggleCollapsed,
  type WaterfallState,
} from './waterfall.ts';

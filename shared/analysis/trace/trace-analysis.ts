import type { WaterfallTrace } from './waterfall-trace.ts';
import { clipIntervals, computeCriticalPath, computeSelfTimes, type CriticalPath, type CriticalPathSection } from './critical-path.ts';
import { findGatewayOverheads, type GatewayOverhead } from './gateway-overhead.ts';
import { findLambdaPhases, type LambdaPhase } from './lambda-phases.ts';
import { buildTraceMap, emptyTraceMap, type TraceMapModel } from './trace-map.ts';

/**
 * Everything the waterfall shows beyond the tree itself, computed once per trace: O(n log n),
 * some tens of milliseconds at 100,000 spans. Pure, so the analysis worker can compute it and post it
 * (typed arrays and Maps survive structured cloning).
 */
export interface WaterfallAnalysis {
  readonly criticalPath: CriticalPath;
  /** Critical stretches of each span on the path, earliest first. */
  readonly criticalSectionsBySpan: ReadonlyMap<number, readonly CriticalPathSection[]>;
  /** Seconds of each span's own time not covered by its children. */
  readonly selfTimes: Float64Array;
  /** Stage segment index → its overhead. */
  readonly gatewayOverheads: ReadonlyMap<number, GatewayOverhead>;
  /** Phase subsegment index → phase. */
  readonly lambdaPhases: ReadonlyMap<number, LambdaPhase>;
  /** The services of this trace and their calls, for the trace's own small map. */
  readonly traceMap: TraceMapModel;
}

export function analyseWaterfall(trace: WaterfallTrace): WaterfallAnalysis {
  const clipped = clipIntervals(trace);
  const criticalPath = computeCriticalPath(trace, clipped);
  const criticalSectionsBySpan = new Map<number, CriticalPathSection[]>();
  for (const section of criticalPath.sections) {
    const list = criticalSectionsBySpan.get(section.span);
    if (list) list.push(section);
    else criticalSectionsBySpan.set(section.span, [section]);
  }
  for (const list of criticalSectionsBySpan.values()) list.sort((a, b) => a.start - b.start);
  return {
    criticalPath,
    criticalSectionsBySpan,
    selfTimes: computeSelfTimes(trace, clipped),
    gatewayOverheads: new Map(findGatewayOverheads(trace).map((o) => [o.stage, o])),
    lambdaPhases: findLambdaPhases(trace),
    traceMap: buildTraceMap(trace),
  };
}

/**
 * The analysis with nothing found yet: shown while the real one is computed for a large trace.
 * O(1), whatever the span count: its per-span arrays are empty, and reading span i of them gives
 * undefined — not on the path, no self time, no node.
 */
export function emptyWaterfallAnalysis(): WaterfallAnalysis {
  return {
    criticalPath: { onPath: new Uint8Array(0), spans: new Int32Array(0), sections: [] },
    criticalSectionsBySpan: new Map(),
    selfTimes: new Float64Array(0),
    gatewayOverheads: new Map(),
    lambdaPhases: new Map(),
    traceMap: emptyTraceMap(),
  };
}

/**
 * Compare: two time ranges of one incident, before and after (a change's time, or two ranges
 * chosen), node by node and edge by edge of the computed service graph, with whether each
 * difference is larger than the noise of the sampled traces (method: docs/compare.md); and two
 * traces span by span, matched by path, with the typical trace of an entry point in a range
 * (docs/compare-traces.md "Two traces").
 */
export { compareRanges, compareRequested, ALPHA, MIN_REQUESTS, type ComparedEdge, type ComparedFigure, type ComparedNode, type RangeComparison } from './range-compare.ts';
export { explicitRanges, inputRanges, rangesAroundChange, resolveRanges, type CompareRanges, type CompareRangesRequest, type TimeRange } from './ranges.ts';
export { TESTED_RATES, type AdjustedTest, type FigureTests, type ExceptionChange, type ExceptionChanges, type FigureDelta, type Percentiles, type RangeFigures, type Rates, type TestedRate, type TracesLink } from './figures.ts';
export { BINS_PER_DECADE, type OverlaidHistogram } from './log-histogram.ts';
export { compareJson, type CompareEdgeJson, type CompareJson, type CompareNodeJson } from './compare-json.ts';
export { holmAdjusted, normalUpperTail, rankTest, rateTest, type TestMethod, type TestResult } from './significance.ts';
export { prepareRequestIndex, requestIndexFeed, requestIndexRides } from './request-index.ts';
export { compareTraces, CRITICAL_AFTER, CRITICAL_BEFORE, type TraceComparison, type TraceComparisonRows, type TraceComparisonSide } from './traces.ts';
export type { PathLabel } from './traces-paths.ts';
export { entryNodeOf, typicalTrace, type TraceRange } from './traces-typical.ts';
export { comparedTraces, type CompareTracesRequest } from './traces-request.ts';
export { compareTracesJson, rowPath, type CompareTracesJson, type ComparedSpanJson, type OnlySubtreeJson, type PairJson } from './traces-json.ts';

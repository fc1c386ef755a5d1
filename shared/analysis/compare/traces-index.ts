/**
 * Two traces compared (docs/compare-traces.md "Two traces"): spans matched by path, the merged
 * rows with both sides' values and their deltas, the typical trace of an entry point in a range,
 * and the JSON the command line prints. Joined with the ranges' compare in index.ts at merge.
 */
export { compareTraces, CRITICAL_AFTER, CRITICAL_BEFORE, type TraceComparison, type TraceComparisonRows, type TraceComparisonSide } from './traces.ts';
export type { PathLabel } from './traces-paths.ts';
export { entryNodeOf, typicalTrace, type TraceRange } from './traces-typical.ts';
export { comparedTraces, type CompareTracesRequest } from './traces-request.ts';
export { compareTracesJson, rowPath, type CompareTracesJson, type ComparedSpanJson, type OnlySubtreeJson, type PairJson } from './traces-json.ts';

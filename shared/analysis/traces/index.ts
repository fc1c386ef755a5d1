/** X-Ray filter expressions evaluated locally (aws-reference.md §4): the public face. */
export { compileFilter, matchingIndices, type CompiledFilter, type CompileResult } from './filter.ts';
export { parseFilter, MAX_NESTING } from './parser.ts';
export { formatFilter } from './format.ts';
export { FilterError, type FilterProblem } from './errors.ts';
export type { FilterExpr, FilterScope, NodeSelector, NumberOp, StringOp, AnnotationTest } from './ast.ts';
export { TraceTable, TraceFlag, type TraceSource } from './trace-table.ts';
export type { AnnotationValue, ListField } from './trace-facts.ts';
export { NodeIndex, SpanBit, type NodeInfo } from './node-index.ts';
export { KEYWORDS } from './keywords.ts';
export {
  TraceSearch,
  traceSearchFor,
  checkTraceQuery,
  durationHistogram,
  TRACE_LIST_SORT_KEYS,
  type TraceQuery,
  type TraceListRequest,
  type TraceListPage,
  type TraceListSortKey,
  type TraceStatsRequest,
  type TraceStats,
  type DurationHistogram,
} from './trace-search.ts';

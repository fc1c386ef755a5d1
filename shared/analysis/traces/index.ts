/**
 * The Traces view's questions: which traces match an X-Ray filter expression evaluated locally
 * (aws-reference.md §4), a map node or edge, a duration range or a root-cause group; their rows a
 * page at a time; the duration histogram and the fault/error/response-time root-cause groups.
 * The filter engine and the root causes share one folder (architecture.md lists only the filter
 * engine here): the filter's `rootcause.*` keywords and its trace table read the root causes, the
 * table's trace reading takes the entry span from root-cause.ts, and the groups are counted over
 * the filtered traces; a root-cause folder of its own would be imported by this one alone.
 */
export { compileFilter, matchingIndices, type CompiledFilter, type CompileResult } from './filter.ts';
export { parseFilter, MAX_NESTING } from './parser.ts';
export { formatFilter } from './format.ts';
export { FilterError, type FilterProblem } from './errors.ts';
export type { FilterExpr, FilterScope, NodeSelector, NumberOp, StringOp, AnnotationTest } from './ast.ts';
export { TraceTable } from './trace-table.ts';
export { TraceFlag } from './trace-flags.ts';
export { type TraceSource } from './trace-rows.ts';
export type { AnnotationValue, ListField } from './trace-facts.ts';
export { NodeIndex, SpanBit, type NodeInfo } from './node-index.ts';
export { KEYWORDS } from './keywords.ts';
export type { RootCauseKind } from './root-cause.ts';
export type { RootCauseGroup } from './root-cause-groups.ts';
export { ROW_ANNOTATIONS, type TraceListRow } from './trace-list-row.ts';
export { checkTraceQuery } from './trace-query-check.ts';
export {
  TraceSearch,
  traceSearchFor,
  prepareTraceSearch,
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

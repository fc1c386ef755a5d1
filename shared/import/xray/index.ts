/**
 * The X-Ray input formats (aws-reference.md §2–§3). The dispatcher (../import-file.ts) hands each
 * parsed JSON value to `matches` and then `parse`; the order below is the order to ask in, most
 * specific first. No two of these match the same value.
 */
import type { FormatParser } from '../format/types.ts';
import { batchGetTracesParser } from './batch-get-traces.ts';
import { xraySegmentParser, xraySegmentsParser } from './segment-parsers.ts';
import { samplingRulesParser } from './sampling-rules.ts';
import { serviceGraphParser } from './service-graph.ts';
import { traceSummariesParser } from './trace-summaries.ts';

export const xrayParsers: readonly FormatParser[] = [
  batchGetTracesParser,
  traceSummariesParser,
  serviceGraphParser,
  samplingRulesParser,
  xraySegmentsParser,
  xraySegmentParser,
];

export { batchGetTracesParser } from './batch-get-traces.ts';
export { traceSummariesParser } from './trace-summaries.ts';
export { serviceGraphParser } from './service-graph.ts';
export { samplingRulesParser } from './sampling-rules.ts';
export { xraySegmentParser, xraySegmentsParser, emitSegmentDocument } from './segment-parsers.ts';
export { validateSegmentDocument, segmentKey, findKeptDocumentProblems, looksLikeSegmentDocument } from './segment-validation.ts';
export type { DocumentProblem, SegmentKeyFields } from './segment-validation.ts';

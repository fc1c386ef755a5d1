/**
 * BatchGetTraces output (aws-reference.md §2, Appendix B), as the SDK returns it and as
 * `aws xray batch-get-traces` prints it (same member names):
 * `{Traces:[{Id, Duration?, LimitExceeded?, Segments:[{Id, Document}]}], UnprocessedTraceIds?, NextToken?}`.
 * Each `Document` is a JSON string; one already parsed into an object is accepted too.
 */
import type { FormatParser, ImportSink } from '../format/types.ts';
import { isJsonObject, isNonEmptyString, joinPath, ownValue, problemAt } from '../../base/json.ts';
import { isCloudTrailShape } from './cloudtrail-shape.ts';
import { emitSegmentDocument } from './segment-parsers.ts';

/** `text`: the `Document` string the document was parsed from. */
type DecodedDocument = { readonly ok: true; readonly doc: unknown; readonly text?: string } | { readonly ok: false; readonly message: string };

/** Parses a `Document`: the JSON string X-Ray sends, or an object someone already parsed. */
function decodeDocument(raw: unknown): DecodedDocument {
  if (raw === undefined) return { ok: false, message: 'segment without `Document`' };
  if (isJsonObject(raw)) return { ok: true, doc: raw };
  if (typeof raw !== 'string') return { ok: false, message: '`Document` is neither a JSON string nor an object' };
  if (raw.trim() === '') return { ok: false, message: '`Document` is empty' };
  try {
    return { ok: true, doc: JSON.parse(raw) as unknown, text: raw };
  } catch (error) {
    return { ok: false, message: `\`Document\` is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function looksLikeBatchGetTraces(value: unknown): boolean {
  if (!isJsonObject(value) || isCloudTrailShape(value)) return false;
  const traces = ownValue(value, 'Traces');
  if (!Array.isArray(traces)) return false;
  // ListRetrievedTraces also has `Traces`, with `Spans` instead of `Segments`, and a status.
  if (Object.hasOwn(value, 'RetrievalStatus') || Object.hasOwn(value, 'TraceFormat')) return false;
  if (traces.length === 0) return true;
  const first: unknown = traces[0];
  if (!isJsonObject(first) || Object.hasOwn(first, 'Spans')) return false;
  return Array.isArray(ownValue(first, 'Segments')) || Object.hasOwn(first, 'Id');
}

function parseSegment(segment: unknown, traceId: string | undefined, sink: ImportSink, at: string): void {
  if (!isJsonObject(segment)) {
    sink.problem(problemAt(at), 'segment entry is not an object; it is skipped');
    return;
  }
  const docAt = joinPath(at, 'Document');
  const decoded = decodeDocument(ownValue(segment, 'Document'));
  if (!decoded.ok) {
    sink.problem(problemAt(docAt), `${decoded.message}; the segment is skipped`);
    return;
  }
  if (!emitSegmentDocument(decoded.doc, sink, at, docAt, decoded.text)) return;
  const doc = decoded.doc as Readonly<Record<string, unknown>>;
  const docId = ownValue(doc, 'id');
  const entryId = ownValue(segment, 'Id');
  if (entryId !== undefined && entryId !== docId) {
    const shown = typeof entryId === 'string' ? `"${entryId}"` : `(${entryId === null ? 'null' : typeof entryId})`;
    sink.problem(joinPath(at, 'Id'), `\`Id\` ${shown} differs from the document's id "${String(docId)}"; the document's id is used`);
  }
  const docTraceId = ownValue(doc, 'trace_id');
  if (traceId !== undefined && docTraceId !== traceId) {
    sink.problem(joinPath(docAt, 'trace_id'), `the document's trace_id "${String(docTraceId)}" differs from the trace's Id "${traceId}"; the document's is used`);
  }
}

function parseTrace(trace: unknown, sink: ImportSink, at: string): void {
  if (!isJsonObject(trace)) {
    sink.problem(problemAt(at), 'trace entry is not an object; it is skipped');
    return;
  }
  const rawId = ownValue(trace, 'Id');
  const traceId = isNonEmptyString(rawId) ? rawId : undefined;
  if (traceId === undefined) sink.problem(joinPath(at, 'Id'), 'trace without a string `Id`; its segments are read on their own trace_id');
  if (ownValue(trace, 'LimitExceeded') === true) {
    sink.problem(
      joinPath(at, 'LimitExceeded'),
      `trace ${traceId ?? '(no Id)'} is over X-Ray's trace size limit (LimitExceeded): X-Ray returned only part of its segments`,
    );
  }
  const segments = ownValue(trace, 'Segments');
  if (!Array.isArray(segments)) {
    sink.problem(joinPath(at, 'Segments'), 'trace without a `Segments` array; it is skipped');
    return;
  }
  const segmentsAt = joinPath(at, 'Segments');
  for (let j = 0; j < segments.length; j++) parseSegment(segments[j], traceId, sink, joinPath(segmentsAt, `[${j}]`));
}

/** How many unprocessed ids a problem message names before it says "and N more". */
const IDS_NAMED = 5;

export const batchGetTracesParser: FormatParser = {
  format: 'xray.batchGetTraces',
  label: 'X-Ray BatchGetTraces output',
  matches: looksLikeBatchGetTraces,
  parse(value: unknown, sink: ImportSink, at: string): void {
    const traces = isJsonObject(value) ? ownValue(value, 'Traces') : undefined;
    if (!isJsonObject(value) || !Array.isArray(traces)) {
      sink.problem(problemAt(at), 'expected X-Ray BatchGetTraces output: an object with a `Traces` array');
      return;
    }
    const tracesAt = joinPath(at, 'Traces');
    for (let i = 0; i < traces.length; i++) parseTrace(traces[i], sink, joinPath(tracesAt, `[${i}]`));
    const unprocessed = ownValue(value, 'UnprocessedTraceIds');
    if (Array.isArray(unprocessed) && unprocessed.length > 0) {
      const named = unprocessed.slice(0, IDS_NAMED).map((id: unknown) => (typeof id === 'string' ? id : `(${id === null ? 'null' : typeof id})`)).join(', ');
      const more = unprocessed.length > IDS_NAMED ? ` and ${unprocessed.length - IDS_NAMED} more` : '';
      sink.problem(joinPath(at, 'UnprocessedTraceIds'), `X-Ray did not return ${unprocessed.length} requested trace(s): ${named}${more}`);
    }
  },
};

/**
 * Raw segment documents: one document (what an SDK sends to the daemon, or one JSON line of a
 * file of them), or a JSON array of them. Independent subsegments (`type: "subsegment"`) are
 * segment documents too; they are emitted as `xray.segment` like the others.
 */
import type { FormatParser, ImportSink } from '../format/types.ts';
import { isJsonObject, joinPath, ownValue, problemAt } from '../../base/json.ts';
import { isCloudTrailShape } from './cloudtrail-shape.ts';
import { findKeptDocumentProblems, looksLikeSegmentDocument, validateSegmentDocument } from './segment-validation.ts';

/**
 * Emits `doc` as an `xray.segment` if it can be kept, else reports why it was skipped. Problems
 * inside a kept document are reported too. `docAt` is where the document itself is (for a
 * BatchGetTraces `Document` string, `…Segments[j].Document`); `at` is where the item is.
 * `text` is the JSON text the document was parsed from, when it had one of its own.
 * Returns whether the document was kept.
 */
export function emitSegmentDocument(doc: unknown, sink: ImportSink, at: string, docAt: string = at, text?: string): boolean {
  const error = validateSegmentDocument(doc);
  if (error !== undefined) {
    const id = isJsonObject(doc) ? ownValue(doc, 'id') : undefined;
    const which = typeof id === 'string' && id !== '' ? ` \`${id}\`` : '';
    sink.problem(problemAt(docAt), `${error}; the document${which} is skipped`);
    return false;
  }
  sink.add('xray.segment', doc, at, text);
  for (const problem of findKeptDocumentProblems(doc as Readonly<Record<string, unknown>>)) {
    sink.problem(problemAt(joinPath(docAt, problem.at)), problem.message);
  }
  return true;
}

export const xraySegmentParser: FormatParser = {
  format: 'xray.segment',
  label: 'X-Ray segment document',
  matches: looksLikeSegmentDocument,
  parse(value: unknown, sink: ImportSink, at: string): void {
    emitSegmentDocument(value, sink, at);
  },
};

/** How many leading items `matches` looks at; the rest are checked by `parse`. */
const ITEMS_LOOKED_AT = 10;

export const xraySegmentsParser: FormatParser = {
  format: 'xray.segments',
  label: 'JSON array of X-Ray segment documents',
  matches(value: unknown): boolean {
    if (!Array.isArray(value) || value.length === 0) return false;
    const head = value.slice(0, ITEMS_LOOKED_AT);
    return head.some(looksLikeSegmentDocument) && !head.some(isCloudTrailShape);
  },
  parse(value: unknown, sink: ImportSink, at: string): void {
    if (!Array.isArray(value)) {
      sink.problem(problemAt(at), 'expected a JSON array of X-Ray segment documents');
      return;
    }
    for (let i = 0; i < value.length; i++) emitSegmentDocument(value[i], sink, joinPath(at, `[${i}]`));
  },
};

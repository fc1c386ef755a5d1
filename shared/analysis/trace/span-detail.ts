import { isJsonObject } from '../../base/json.ts';
import type { Trace } from '../../model/trace.ts';
import type { XRayException, XRaySpanDocument } from '../../model/xray.ts';

/**
 * What the waterfall's detail panel needs from a span's X-Ray document, computed where the
 * documents are (the analysis worker) and sent on its own when a span is selected. Documents are
 * untrusted: every shape is checked and only own keys are read.
 */

export interface CauseView {
  readonly workingDirectory?: string;
  readonly paths: readonly string[];
  readonly exceptions: readonly XRayException[];
  /** When the cause is an exception id recorded on another span: that span, or -1 if not found. */
  readonly referencedId?: string;
  readonly referencedSpan?: number;
}

function exceptionsOf(cause: unknown): XRayException[] {
  if (!isJsonObject(cause) || !Array.isArray(cause['exceptions'])) return [];
  return (cause['exceptions'] as unknown[]).filter((e): e is XRayException => isJsonObject(e));
}

/** The span's cause, with an exception-id cause resolved to the span of the trace that recorded it. O(n) for such a cause. */
export function causeOf(trace: Trace, span: number): CauseView | undefined {
  const cause: unknown = trace.spans[span]!.doc.cause;
  if (cause === undefined || cause === null) return undefined;
  if (typeof cause === 'string') {
    for (let i = 0; i < trace.spans.length; i++) {
      const found = exceptionsOf(trace.spans[i]!.doc.cause).filter((e) => e.id === cause);
      if (found.length > 0) return { paths: [], exceptions: found, referencedId: cause, referencedSpan: i };
    }
    return { paths: [], exceptions: [], referencedId: cause, referencedSpan: -1 };
  }
  if (!isJsonObject(cause)) return { paths: [], exceptions: [] };
  const paths = Array.isArray(cause['paths']) ? (cause['paths'] as unknown[]).map(String) : [];
  const workingDirectory = typeof cause['working_directory'] === 'string' ? cause['working_directory'] : undefined;
  return workingDirectory === undefined ? { paths, exceptions: exceptionsOf(cause) } : { workingDirectory, paths, exceptions: exceptionsOf(cause) };
}

export interface SpanDetailData {
  /**
   * The span's document without `subsegments` (those are rows of the tree, and a segment can
   * hold 100,000 of them): small enough to clone to the UI thread whatever the trace's size.
   */
  readonly doc: XRaySpanDocument;
  readonly subsegmentCount: number;
  readonly cause: CauseView | undefined;
}

export function spanDetailData(trace: Trace, span: number): SpanDetailData {
  const full = trace.spans[span]?.doc;
  if (!full) throw new RangeError(`No span ${span} in trace ${trace.id}`);
  const doc: Record<string, unknown> = {};
  // Own keys only, defined (not assigned) so a `__proto__` key from the data stays a plain field.
  for (const key of Object.keys(full)) {
    if (key !== 'subsegments') Object.defineProperty(doc, key, { value: full[key], enumerable: true, writable: true, configurable: true });
  }
  return { doc: doc as XRaySpanDocument, subsegmentCount: Array.isArray(full.subsegments) ? full.subsegments.length : 0, cause: causeOf(trace, span) };
}

/** Characters of raw JSON shown before the panel asks to show the rest. */
export const RAW_JSON_PREVIEW = 200_000;

export function rawJson(doc: unknown): string {
  try {
    return JSON.stringify(doc, null, 2) ?? String(doc);
  } catch (error) {
    return `The document could not be shown as JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The start of a document's pretty-printed JSON (all of it without `limit`) and its full length. */
export interface RawJsonText {
  readonly text: string;
  readonly length: number;
}

export function rawJsonText(trace: Trace, span: number, limit: number | undefined): RawJsonText {
  const full = trace.spans[span]?.doc;
  if (!full) throw new RangeError(`No span ${span} in trace ${trace.id}`);
  const text = rawJson(full);
  return { text: limit === undefined || text.length <= limit ? text : text.slice(0, limit), length: text.length };
}

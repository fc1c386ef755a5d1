import type { Problem } from '../../model/snapshot.ts';
import type { Trace } from '../../model/trace.ts';
import { SpanStore } from '../spans/span-store.ts';
import { buildTrace } from './build.ts';
import { groupByTrace, readTrace } from './read.ts';
import { TraceScratch } from './scratch.ts';
import { linkSlots } from './tree.ts';

export interface AssembleOptions {
  /** Seconds a child may start before its parent before it is flagged `SpanFlag.skewed` (default 0.001). */
  readonly skewToleranceSeconds?: number;
}

export interface AssembledTraces {
  /** One per trace id, in order of first appearance in the input. */
  readonly traces: Trace[];
  /** Documents that were skipped (no id, trace_id or start_time…) and parent-link cycles; `file` is '' (assembleStore: the file's name). */
  readonly problems: Problem[];
  /** Inferred nodes added where X-Ray would infer them (not counted in `Trace.segmentCount`). */
  readonly inferredAdded: number;
}

export const DEFAULT_SKEW_TOLERANCE_SECONDS = 0.001;

/**
 * Builds one tree per trace from X-Ray segment documents, already JSON-parsed: emitted segments,
 * inferred segments X-Ray compiled (`inferred: true`) and independent subsegments
 * (`type: "subsegment"` with `trace_id` and `parent_id`), in any order and from any number of files.
 *
 * - The same (trace_id, id) met twice is kept once: a completed version replaces an in-progress
 *   one, otherwise the first stays. This holds for subsegments too, whether they came embedded
 *   or on their own; subsegments under either version of a span are kept under the one kept.
 * - Subsegments nest under their (sub)segment, documents under the span their `parent_id` names;
 *   children are sorted by start time (ties in input order) and `spans` is in pre-order. A
 *   subsegment's `segmentId` is the segment it sits under (its own id if it has none: an
 *   independent subsegment whose parent is missing).
 * - A span whose `parent_id` is not in the trace is kept as a root flagged `SpanFlag.orphan`; a
 *   child starting more than the tolerance before its parent is flagged `SpanFlag.skewed` (ending
 *   after it is not flagged: asynchronous callees, such as an Event-invoked Lambda, do that).
 * - An `aws`/`remote` subsegment that no segment names as parent gets an inferred child named
 *   and typed as X-Ray would (see inferred-nodes.ts), flagged `SpanFlag.addedInferred`.
 *
 * Cost is linear in the number of spans (plus sorting each sibling list). The documents' spans
 * are in a SpanStore's columns (read once, as the documents came); documents are grouped by trace,
 * and each trace is then read, linked and walked in working memory reused from trace to trace
 * (typed arrays and a hash index sized to the trace), so the only allocations per span are the
 * `Span` objects.
 */
export function assembleTraces(documents: Iterable<unknown>, options: AssembleOptions = {}): AssembledTraces {
  const problems: Problem[] = [];
  const store = new SpanStore(() => '', problems);
  for (const doc of documents) store.addDocument(doc, 0);
  const assembled = assembleStore(store, options);
  return { ...assembled, problems: [...problems, ...assembled.problems] };
}

/** The traces of the documents already in `store` (its intake's problems stay the caller's). */
export function assembleStore(store: SpanStore, options: AssembleOptions = {}): AssembledTraces {
  const tolerance = options.skewToleranceSeconds ?? DEFAULT_SKEW_TOLERANCE_SECONDS;
  const problems: Problem[] = [];
  const grouped = groupByTrace(store);
  const scratch = new TraceScratch();
  const traces: Trace[] = [];
  const fileOf = (raw: number): string => store.fileOf(raw);
  let inferredAdded = 0;
  for (let t = 0; t < grouped.traceIds.length; t++) {
    const traceId = grouped.traceIds[t]!;
    readTrace(scratch, store, grouped, grouped.traceStart[t]!, grouped.traceStart[t + 1]!);
    inferredAdded += linkSlots(scratch, traceId, problems, fileOf);
    traces.push(buildTrace(scratch, store, traceId, tolerance, problems));
  }
  return { traces, problems, inferredAdded };
}

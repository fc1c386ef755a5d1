/**
 * Checks on X-Ray segment documents (aws-reference.md §3): tolerant of what X-Ray and its SDKs
 * really send, strict about what would break assembling traces.
 *
 * A document is refused (`validateSegmentDocument` returns a message) only when it cannot take
 * its place in a trace: no usable `id`, `trace_id`, `name`, `start_time`, end (`end_time` or
 * `in_progress: true`), a `parent_id` that is not a string, or an independent subsegment without
 * its `parent_id`. Everything else is kept as it came, and `findKeptDocumentProblems` lists what
 * a reader should know about (bad nested subsegments, which the assembler skips, an unusable
 * `cause`, ids used twice).
 *
 * Decisions taken from the fixtures:
 * - Ids are opaque keys. X-Ray documents them as 16 hex digits and trace ids as
 *   `1-{8 hex}-{24 hex}`, but nothing in assembly depends on that, and real inputs deviate: the
 *   aws-iatk test documents carry trace id `1-12de5a99-5d09hh705e56aad0152548cb` ("hh"), and the
 *   OpenTelemetry receiver accepts the exception id `abcdefghijklmnop` (minCauseIsExceptionId).
 *   So any non-empty string is accepted, with no problem reported.
 * - `namespace` is not checked. The OpenTelemetry receiver rejects invalidNamespace.txt
 *   (`invalidNs`) because it must map namespaces to span kinds; we only display them, and its
 *   newer fixtures already add `local` beside X-Ray's `aws` and `remote`.
 * - A `cause` that is neither an exception id string nor an object (minCauseIsInvalid: `200`)
 *   makes the OpenTelemetry receiver drop the document. We keep it (the trace shape is intact)
 *   and report the field, so nobody reads `cause` as more than `unknown`.
 * - `start_time` far in the future (indepSubsegmentWithContentLengthString) is not refused: it is
 *   a timing oddity, not breakage. A time no date can hold (`end_time: 1e20`, beyond ±8.64e12
 *   epoch seconds) is refused: it is not a time at all, and every date made of it would throw.
 * - An `end_time` before the `start_time` is kept (the document is what X-Ray was sent) and
 *   reported, so that nobody reads its negative duration as a measurement.
 */
import { isDateSeconds, MAX_EPOCH_SECONDS } from '../../base/epoch-time.ts';
import { isFiniteNumber, isJsonObject, isNonEmptyString, joinPath, ownValue } from '../../base/json.ts';

/** A problem inside a kept document; `at` is relative to the document (`''` = the document). */
export interface DocumentProblem {
  readonly at: string;
  readonly message: string;
}

/** Says what a value is, for messages: `a string`, `null`, `an array`… */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === '') return 'an empty string';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'not finite';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/**
 * Required fields of every segment and subsegment: id, name, start, and an end or in_progress.
 * Runs once per span of every import (2,000,000 times for a 2,000,000-span file), so each field is
 * read with a literal key (a fast property load), and only own properties count.
 */
function validateSpanFields(span: Readonly<Record<string, unknown>>, what: string): string | undefined {
  const id = Object.hasOwn(span, 'id') ? span.id : undefined;
  if (id === undefined) return `${what} without \`id\``;
  if (!isNonEmptyString(id)) return `\`id\` is not a non-empty string (it is ${describeValue(id)})`;
  const name = Object.hasOwn(span, 'name') ? span.name : undefined;
  if (name === undefined) return `${what} without \`name\``;
  if (typeof name !== 'string') return `\`name\` is not a string (it is ${describeValue(name)})`;
  const start = Object.hasOwn(span, 'start_time') ? span.start_time : undefined;
  if (start === undefined) return `${what} without \`start_time\``;
  if (!isFiniteNumber(start)) return `\`start_time\` is not a number (it is ${describeValue(start)})`;
  if (!isDateSeconds(start)) return notATime('start_time', start);
  const end = Object.hasOwn(span, 'end_time') ? span.end_time : undefined;
  const inProgress = Object.hasOwn(span, 'in_progress') && span.in_progress === true;
  if (end === undefined && !inProgress) return `${what} without \`end_time\` and not \`in_progress\``;
  if (end !== undefined && !isFiniteNumber(end)) return `\`end_time\` is not a number (it is ${describeValue(end)})`;
  if (end !== undefined && !isDateSeconds(end)) return notATime('end_time', end);
  return undefined;
}

function notATime(field: string, value: number): string {
  return `\`${field}\` ${value} is not a time: epoch seconds a date can hold are within ±${MAX_EPOCH_SECONDS.toExponential()}`;
}

/**
 * Whether a segment document (or an independent subsegment) can be kept: `undefined` when it
 * can, else a message naming the bad field ("segment without `id`", "`start_time` is not a
 * number (it is a string)"). Only the document's own fields are checked, not its subsegments.
 */
export function validateSegmentDocument(value: unknown): string | undefined {
  if (!isJsonObject(value)) return `segment document is ${describeValue(value)}, not an object`;
  const independent = ownValue(value, 'type') === 'subsegment';
  const what = independent ? 'independent subsegment' : 'segment';
  const traceId = ownValue(value, 'trace_id');
  const spanError = validateSpanFields(value, what);
  if (spanError !== undefined) return spanError;
  if (traceId === undefined) return `${what} without \`trace_id\``;
  if (!isNonEmptyString(traceId)) return `\`trace_id\` is not a non-empty string (it is ${describeValue(traceId)})`;
  const parentId = ownValue(value, 'parent_id');
  if (parentId !== undefined && !isNonEmptyString(parentId)) {
    return `\`parent_id\` is not a non-empty string (it is ${describeValue(parentId)})`;
  }
  if (independent && parentId === undefined) return 'independent subsegment without `parent_id`';
  return undefined;
}

/**
 * Cheap test that a lone JSON value is meant as a segment document, so that a broken one is
 * reported field by field instead of as an unknown format: it has `trace_id` plus an id or name
 * and a time, or (without `trace_id`) id, name, start_time and an end. Refuses CloudTrail shapes.
 */
export function looksLikeSegmentDocument(value: unknown): boolean {
  if (!isJsonObject(value)) return false;
  // Asked of every value of a file (JSON lines: every line), so no closure is made per call.
  if (Object.hasOwn(value, 'eventVersion') || Object.hasOwn(value, 'eventID')) return false;
  const hasTime = Object.hasOwn(value, 'start_time') || Object.hasOwn(value, 'end_time') || Object.hasOwn(value, 'in_progress');
  if (Object.hasOwn(value, 'trace_id')) return (Object.hasOwn(value, 'id') || Object.hasOwn(value, 'name')) && hasTime;
  return Object.hasOwn(value, 'id') && Object.hasOwn(value, 'name') && Object.hasOwn(value, 'start_time') && (Object.hasOwn(value, 'end_time') || Object.hasOwn(value, 'in_progress'));
}

/** Fields `segmentKey` reads; a document that passed `validateSegmentDocument` has both. */
export interface SegmentKeyFields {
  readonly trace_id?: string | undefined;
  readonly id: string;
}

/**
 * The de-duplication key of a segment document: `trace_id/id`. An independent subsegment uses
 * its own trace_id and id, so it never collides with the segment it belongs to.
 */
export function segmentKey(doc: SegmentKeyFields): string {
  return `${doc.trace_id ?? ''}/${doc.id}`;
}

/** Relative path of walk node `node`: `subsegments[0].subsegments[2]`, `''` for the document. */
function pathOf(node: number, parents: readonly number[], indexes: readonly number[]): string {
  const steps: number[] = [];
  for (let k = node; k > 0; k = parents[k] ?? 0) steps.push(indexes[k] ?? 0);
  let path = '';
  for (let i = steps.length - 1; i >= 0; i--) path = joinPath(path, `subsegments[${steps[i]}]`);
  return path;
}

/**
 * What is wrong inside a document that `validateSegmentDocument` accepted, listed but not fatal:
 * nested subsegments that are not objects or lack required fields (the assembler skips them and
 * what they hold, so their own children are not looked into), `subsegments` that is not an
 * array, a `cause` that is neither a string nor an object, an `end_time` before the `start_time`,
 * and ids used twice in the document.
 * Walks iteratively (10,000-deep chains are fine); paths are built only for problems found.
 * At most `limit` problems are listed, then one saying how many more there were.
 */
export function findKeptDocumentProblems(doc: Readonly<Record<string, unknown>>, limit = 20): DocumentProblem[] {
  // Working memory reused from document to document (the walk is not re-entrant): no arrays, map
  // or closure are allocated per document, which mattered as much as the checks themselves.
  const walk = scratch;
  const { parents, indexes, spans, stack, firstNodeById } = walk;
  walk.problems = NO_PROBLEMS;
  walk.limit = limit;
  walk.unlisted = 0;
  parents.length = 0;
  indexes.length = 0;
  spans.length = 0;
  stack.length = 0;
  firstNodeById.clear();
  parents.push(-1);
  indexes.push(-1);
  spans.push(doc);
  const rootId = Object.hasOwn(doc, 'id') ? doc.id : undefined;
  if (typeof rootId === 'string') firstNodeById.set(rootId, 0);

  // Pre-order, so problems come in document order: a node is checked when it is popped.
  stack.push(0);
  while (stack.length > 0) {
    const node = stack.pop() as number;
    const value = spans[node];
    if (node !== 0) {
      const error = isJsonObject(value) ? validateSpanFields(value, 'subsegment') : `subsegment is ${describeValue(value)}, not an object`;
      if (error !== undefined) {
        report(walk, node, undefined, () => `${error}; the subsegment is skipped`);
        continue;
      }
      const id = (value as Readonly<Record<string, unknown>>).id as string;
      const first = firstNodeById.get(id);
      if (first === undefined) firstNodeById.set(id, node);
      else {
        report(walk, node, undefined, () => {
          const firstPath = pathOf(first, parents, indexes);
          return `id \`${id}\` is used twice in this document (first at ${firstPath === '' ? 'the segment itself' : firstPath})`;
        });
      }
    }
    const span = value as Readonly<Record<string, unknown>>;
    const start = Object.hasOwn(span, 'start_time') ? span.start_time : undefined;
    const end = Object.hasOwn(span, 'end_time') ? span.end_time : undefined;
    if (typeof start === 'number' && typeof end === 'number' && end < start) {
      report(walk, node, 'end_time', () => `\`end_time\` ${end} is before \`start_time\` ${start}; kept as it is, its duration is negative`);
    }
    const cause = Object.hasOwn(span, 'cause') ? span.cause : undefined;
    if (cause !== undefined && typeof cause !== 'string' && !isJsonObject(cause)) {
      report(walk, node, 'cause', () => `\`cause\` is neither an exception id nor an object (it is ${describeValue(cause)})`);
    }
    const subsegments = Object.hasOwn(span, 'subsegments') ? span.subsegments : undefined;
    if (subsegments === undefined) continue;
    if (!Array.isArray(subsegments)) {
      report(walk, node, 'subsegments', () => `\`subsegments\` is not an array (it is ${describeValue(subsegments)}); they are skipped`);
      continue;
    }
    for (let i = subsegments.length - 1; i >= 0; i--) {
      stack.push(parents.length);
      parents.push(node);
      indexes.push(i);
      spans.push(subsegments[i]);
    }
  }
  const problems = walk.problems;
  if (walk.unlisted > 0) problems.push({ at: '', message: `${walk.unlisted} more problem(s) in this document not listed` });
  spans.length = 0;
  walk.problems = NO_PROBLEMS;
  return problems.length === 0 ? NO_PROBLEMS : problems;
}

interface Walk {
  readonly parents: number[];
  readonly indexes: number[];
  readonly spans: unknown[];
  readonly stack: number[];
  readonly firstNodeById: Map<string, number>;
  problems: DocumentProblem[];
  limit: number;
  unlisted: number;
}

/** Adds a problem at `node` (and `field`); `message` is a function so that nothing is built for problems beyond the limit. */
function report(walk: Walk, node: number, field: string | undefined, message: () => string): void {
  if (walk.problems === NO_PROBLEMS) walk.problems = [];
  if (walk.problems.length >= walk.limit) {
    walk.unlisted++;
    return;
  }
  const path = pathOf(node, walk.parents, walk.indexes);
  walk.problems.push({ at: field === undefined ? path : joinPath(path, field), message: message() });
}

/** The answer for the (usual) document with nothing to report: one shared empty list, never added to. */
const NO_PROBLEMS: DocumentProblem[] = [];

const scratch: Walk = { parents: [], indexes: [], spans: [], stack: [], firstNodeById: new Map(), problems: [], limit: 20, unlisted: 0 };

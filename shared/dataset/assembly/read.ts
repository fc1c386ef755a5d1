import { isDateSeconds } from '../../base/epoch-time.ts';
import type { Problem } from '../../model/snapshot.ts';
import { SpanKindNumber, StatusBit } from '../../model/status.ts';
import type { RawDocument, TraceScratch } from './scratch.ts';
import { isJsonObject } from '../../base/json.ts';

/** Valid documents grouped by trace: trace t's are `documents[traceStart[t] .. traceStart[t + 1])`, in input order. */
export interface DocumentsByTrace {
  /** In order of first appearance. */
  readonly traceIds: readonly string[];
  readonly documents: readonly RawDocument[];
  readonly traceStart: Int32Array;
}

/**
 * Checks every document (a JSON object with a non-empty string `id` and `trace_id` and a
 * `start_time` a date can hold; anything else is a problem, `at` its id or `[index]`) and groups the good ones
 * by trace id with a counting sort.
 */
export function groupByTrace(input: Iterable<unknown>, problems: Problem[]): DocumentsByTrace {
  const traceIds: string[] = [];
  const traceById = new Map<string, number>();
  const valid: RawDocument[] = [];
  const traceOf: number[] = [];
  let index = -1;
  for (const value of input) {
    index++;
    if (!isJsonObject(value)) {
      problems.push({ file: '', at: `[${index}]`, message: 'segment document is not a JSON object; skipped' });
      continue;
    }
    const id = value['id'];
    const traceId = value['trace_id'];
    const start = value['start_time'];
    const hasId = typeof id === 'string' && id !== '';
    const hasTrace = typeof traceId === 'string' && traceId !== '';
    const hasStart = isDateSeconds(start);
    if (!hasId || !hasTrace || !hasStart) {
      const missing = [hasId ? '' : 'id', hasTrace ? '' : 'trace_id', hasStart ? '' : 'start_time'].filter((field) => field !== '');
      problems.push({ file: '', at: hasId ? id : `[${index}]`, message: `segment document without a valid ${missing.join(', ')}; skipped` });
      continue;
    }
    let trace = traceById.get(traceId);
    if (trace === undefined) {
      trace = traceIds.length;
      traceIds.push(traceId);
      traceById.set(traceId, trace);
    }
    valid.push(value);
    traceOf.push(trace);
  }
  const traceStart = new Int32Array(traceIds.length + 1);
  for (let i = 0; i < traceOf.length; i++) traceStart[traceOf[i]! + 1]!++;
  for (let t = 0; t < traceIds.length; t++) traceStart[t + 1]! += traceStart[t]!;
  const fill = traceStart.slice(0, traceIds.length);
  const documents = new Array<RawDocument>(valid.length);
  for (let i = 0; i < valid.length; i++) documents[fill[traceOf[i]!]!++] = valid[i]!;
  return { traceIds, documents, traceStart };
}

/** Reads one trace's documents, and the subsegments nested in them (iteratively), into `scratch`. */
export function readTrace(scratch: TraceScratch, documents: readonly RawDocument[], from: number, to: number, pending: number[], problems: Problem[]): void {
  scratch.reset();
  for (let i = from; i < to; i++) {
    const doc = documents[i]!;
    const kind = doc['type'] === 'subsegment' ? SpanKindNumber.subsegment : doc['inferred'] === true ? SpanKindNumber.inferred : SpanKindNumber.segment;
    const parentId = doc['parent_id'];
    const end = endOf(doc);
    const entry = scratch.add(doc, doc['id'] as string, kind, doc['start_time'] as number, end, bitsOf(doc, end), -1, typeof parentId === 'string' && parentId !== '' ? parentId : undefined);
    pending.push(entry);
    while (pending.length > 0) readNested(scratch, pending.pop()!, pending, problems);
  }
}

/** The problem reported for a nested subsegment without a usable id or start_time (or with an end_time no date holds). */
export const SKIPPED_SUBSEGMENT = 'subsegment without a valid id or start_time; skipped with the subsegments inside it';

/** Adds the subsegments nested directly in `entry` and queues them for their own nested ones. */
function readNested(scratch: TraceScratch, entry: number, pending: number[], problems: Problem[]): void {
  const subsegments = scratch.doc[entry]!['subsegments'];
  if (!Array.isArray(subsegments)) return;
  for (let i = 0; i < subsegments.length; i++) {
    const sub: unknown = subsegments[i];
    const valid = isJsonObject(sub);
    const id = valid ? sub['id'] : undefined;
    const start = valid ? sub['start_time'] : undefined;
    const end = valid ? sub['end_time'] : undefined;
    // A number no date holds as end_time is skipped, as the importer reports it (not read as in progress).
    if (!valid || typeof id !== 'string' || id === '' || !isDateSeconds(start) || (typeof end === 'number' && !isDateSeconds(end))) {
      problems.push({ file: '', at: `${scratch.id[entry]}.subsegments[${i}]`, message: SKIPPED_SUBSEGMENT });
      continue;
    }
    const endTime = endOf(sub);
    pending.push(scratch.add(sub, id, SpanKindNumber.subsegment, start, endTime, bitsOf(sub, endTime), entry, undefined));
  }
}

/** `end_time`, or NaN while in progress (`in_progress: true`, or no usable `end_time`: none a date can hold). */
function endOf(doc: RawDocument): number {
  const end = doc['end_time'];
  return doc['in_progress'] !== true && isDateSeconds(end) ? end : Number.NaN;
}

function bitsOf(doc: RawDocument, end: number): number {
  return (
    (end === end ? 0 : StatusBit.inProgress) |
    (doc['error'] === true ? StatusBit.error : 0) |
    (doc['throttle'] === true ? StatusBit.throttle : 0) |
    (doc['fault'] === true ? StatusBit.fault : 0)
  );
}

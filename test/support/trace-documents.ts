import { assembleTraces } from '../../shared/dataset/assembly/assemble.ts';
import type { Trace } from '../../shared/model/trace.ts';
import type { XRaySegmentDocument } from '../../shared/model/xray.ts';
import { fixtureText } from './fixtures.ts';

/**
 * Traces for tests, always made by the real assembler (`assembleTraces`) from X-Ray documents, so
 * a test sees exactly what the app shows: inferred nodes added, an in-progress copy replaced by
 * its completed one, late-ending children not flagged as skewed. What is here only writes
 * documents or reads them from fixtures.
 */

/** The segment documents of a BatchGetTraces output (`{Traces:[{Id, Segments:[{Document}]}]}`), parsed, in file order. */
export function batchDocuments(batch: unknown): XRaySegmentDocument[] {
  const traces = (batch as { Traces?: { Segments: { Document: string }[] }[] }).Traces ?? [];
  return traces.flatMap((t) => t.Segments.map((s) => JSON.parse(s.Document) as XRaySegmentDocument));
}

/** `batchDocuments` of a fixture file (a path under test/fixtures). */
export function fixtureBatchDocuments(path: string): XRaySegmentDocument[] {
  return batchDocuments(JSON.parse(fixtureText(path)));
}

/** The one trace the documents make; throws when they make none or several. */
export function assembleTrace(documents: readonly unknown[]): Trace {
  const { traces, problems } = assembleTraces(documents);
  if (traces.length !== 1) throw new Error(`expected the documents to make one trace, they make ${traces.length}`);
  if (problems.length > 0) throw new Error(`the documents have problems: ${problems.map((p) => p.message).join('; ')}`);
  return traces[0]!;
}

/** Every trace of a BatchGetTraces fixture, in order of first appearance. */
export function assembleFixtureTraces(path: string): Trace[] {
  return assembleTraces(fixtureBatchDocuments(path)).traces;
}

/**
 * Segment documents of a generated tree: `parents[k]` is the parent of node k (-1 or an earlier
 * node). Node k is a segment `n{k}` (name `span k`, no namespace, so nothing is inferred below it)
 * starting at `starts[k]` seconds (default k) and lasting `durations[k]` (default 1).
 */
export function treeDocuments(parents: readonly number[], starts?: readonly number[], durations?: readonly number[]): XRaySegmentDocument[] {
  return parents.map((p, k) => {
    const start = starts?.[k] ?? k;
    const doc: XRaySegmentDocument = { id: `n${k}`, name: `span ${k}`, trace_id: 'generated', start_time: start, end_time: start + (durations?.[k] ?? 1) };
    return p >= 0 ? { ...doc, parent_id: `n${p}` } : doc;
  });
}

/** The trace of `treeDocuments(parents, starts, durations)`. */
export function assembleTree(parents: readonly number[], starts?: readonly number[], durations?: readonly number[]): Trace {
  return assembleTrace(treeDocuments(parents, starts, durations));
}

/** One minute of a generated service's traffic: how many requests ended each way, and how long they took (seconds, default 0.05). */
export interface MinuteTraffic {
  readonly ok: number;
  readonly fault?: number;
  readonly error?: number;
  readonly throttle?: number;
  readonly duration?: number;
}

/**
 * Traces of one service, `checkout` (an AWS::Lambda::Function segment named so), one segment a
 * request, minute by minute from `start` (epoch seconds, default 2024-05-24T13:00:00Z): minute m
 * holds minutes[m]'s requests, spread evenly over its 60 seconds, faults first. The expected
 * counts of every minute are the plan itself.
 */
export function minuteTraffic(minutes: readonly MinuteTraffic[], start = 1_716_555_600): Trace[] {
  const documents: XRaySegmentDocument[] = [];
  let n = 0;
  minutes.forEach((minute, m) => {
    const statuses = [
      ...Array<'fault'>(minute.fault ?? 0).fill('fault'),
      ...Array<'error'>(minute.error ?? 0).fill('error'),
      ...Array<'throttle'>(minute.throttle ?? 0).fill('throttle'),
      ...Array<'ok'>(minute.ok).fill('ok'),
    ];
    statuses.forEach((status, i) => {
      n++;
      const begin = start + m * 60 + (i * 60) / statuses.length;
      const id = n.toString(16).padStart(16, '0');
      documents.push({
        id,
        trace_id: `1-${Math.floor(begin).toString(16)}-${n.toString(16).padStart(24, '0')}`,
        name: 'checkout',
        origin: 'AWS::Lambda::Function',
        start_time: begin,
        end_time: begin + (minute.duration ?? 0.05),
        ...(status === 'fault' ? { fault: true } : status === 'error' ? { error: true } : status === 'throttle' ? { error: true, throttle: true } : {}),
      });
    });
  });
  return assembleTraces(documents).traces;
}

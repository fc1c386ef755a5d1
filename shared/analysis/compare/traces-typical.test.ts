import { describe, expect, it } from 'vitest';
import type { XRaySegmentDocument } from '../../model/index.ts';
import { assembleTraces } from '../../dataset/index.ts';
import { smallIncident } from '../../../test/support/demo-incident.ts';
import { spansOf } from '../../../test/support/incident-ground-truth.ts';
import { assembleTrace, assembleTree, treeDocuments } from '../../../test/support/trace-documents.ts';
import { entryNodeOf, typicalTrace } from './traces-typical.ts';
import { comparedTraces } from './traces-request.ts';

describe('the typical trace before and after a change', () => {
  const incident = smallIncident();
  const documents = incident.traces.map((trace) => ({ id: trace.Id, docs: trace.Segments.map((s) => JSON.parse(s.Document) as XRaySegmentDocument) }));
  const { traces } = assembleTraces(documents.flatMap((t) => t.docs));
  const byId = new Map(traces.map((trace) => [trace.id, trace]));
  // Worked out from the documents, not from the assembled traces: each trace's first start and
  // last end over every span, and the API Gateway stage it enters through.
  const facts = documents.map(({ id, docs }) => {
    const spans = docs.flatMap((doc) => spansOf(doc));
    const start = Math.min(...spans.map((s) => s.start_time));
    const end = Math.max(...spans.map((s) => s.end_time ?? s.start_time));
    const stage = docs.find((doc) => doc.origin === 'AWS::ApiGateway::Stage' && doc.parent_id === undefined)!;
    return { id, start, duration: end - start, entry: `AWS::ApiGateway::Stage|${stage.name}` };
  });
  const entry = facts[0]!.entry;
  const { start, end } = incident.window;
  const change = incident.facts.changeTime;

  const expectedMedian = (from: number, to: number): string => {
    const inRange = facts.filter((f) => f.entry === entry && f.start >= from && f.start < to);
    inRange.sort((x, y) => x.duration - y.duration || x.start - y.start || (x.id < y.id ? -1 : 1));
    return inRange[Math.floor((inRange.length - 1) / 2)]!.id;
  };

  it('picks the median-duration trace of the stage on each side of the change', () => {
    expect(entryNodeOf(traces[0]!)).toBe(entry);
    const beforePick = typicalTrace(traces, entry, [start, change]);
    const afterPick = typicalTrace(traces, entry, [change, end]);
    expect(beforePick.trace!.id).toBe(expectedMedian(start, change));
    expect(afterPick.trace!.id).toBe(expectedMedian(change, end));
    expect(beforePick.candidates + afterPick.candidates).toBe(facts.filter((f) => f.entry === entry).length);
    // The demo's story: latency climbs after the change, so the typical trace does too.
    expect(afterPick.trace!.end - afterPick.trace!.start).toBeGreaterThan(beforePick.trace!.end - beforePick.trace!.start);
    const request = comparedTraces({ traces, traceById: byId }, { entry, before: [start, change], after: [change, end] });
    expect([request.before.id, request.after.id]).toEqual([beforePick.trace!.id, afterPick.trace!.id]);
  });

  it('takes the lower middle of an even count, and nothing from another entry node', () => {
    // Four one-span traces of node "span 0" lasting 4, 1, 3, 2 s: sorted 1, 2, 3, 4, the lower middle is 2 s.
    const plain = [4, 1, 3, 2].map((d, k) => ({ ...assembleTree([-1], [100 + k], [d]), id: `t${k}` }));
    const other = assembleTrace(treeDocuments([-1], [104], [2]).map((doc) => ({ ...doc, name: 'other', trace_id: 'other' })));
    const picked = typicalTrace([...plain, other], entryNodeOf(plain[0]!)!, [100, 200]);
    expect([picked.trace!.id, picked.candidates]).toEqual(['t3', 4]);
    expect(typicalTrace(plain, entryNodeOf(plain[0]!)!, [200, 300])).toEqual({ trace: undefined, candidates: 0 });
  });

  it('says which trace is missing, by id or by range', () => {
    const dataset = { traces, traceById: byId };
    expect(() => comparedTraces(dataset, { before: traces[0]!.id, after: 'nope' })).toThrow(`The after trace nope is not in this incident.`);
    expect(() => comparedTraces(dataset, { entry: 'AWS::Lambda|none', before: [start, change], after: [change, end] })).toThrow(/^No trace enters through AWS::Lambda\|none in the before range \(2024-/);
  });
});

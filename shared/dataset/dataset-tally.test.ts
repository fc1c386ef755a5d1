import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureInputFiles } from '../../test/support/fixtures.ts';
import { generateIncident, generateScaleSegments, toSnapshotContent } from '../generator/index.ts';
import { snapshotHeader } from '../snapshot/index.ts';
import { openInputs } from '../incident/open-inputs.ts';
import type { Dataset, DatasetTally, RawRecord, SnapshotContent } from '../model/index.ts';
import { buildDataset } from './build-dataset.ts';
import { StreamedTally, tallyDataset } from './dataset-tally.ts';
import { SKIPPED_SUBSEGMENT } from './spans/span-store.ts';

const HEADER_AT = '2026-01-01T00:00:00.000Z';

function contentOf(records: readonly RawRecord[], sources = ['a.json']): SnapshotContent {
  return {
    header: snapshotHeader({ sources: sources.map((name) => ({ name, format: 'test', importedAt: HEADER_AT })), accountIds: [], regions: [], queries: [], appVersion: 'test', createdAt: HEADER_AT }),
    records: [...records],
  };
}

const segment = (doc: unknown, source = 0): RawRecord => ({ kind: 'xray.segment', source, doc });

/** What import reports of a dataset: traces by id with their span, and everything else as it is. */
function reported(dataset: Dataset | DatasetTally) {
  const traces = dataset.traces.map((trace) => ({ id: trace.id, start: trace.start, end: trace.end })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { traces, summaries: dataset.summaries, capturedGraphs: dataset.capturedGraphs, events: dataset.events, duplicateEvents: dataset.duplicateEvents, metrics: dataset.metrics, samplingRules: dataset.samplingRules, problems: dataset.problems };
}

interface SpanLike {
  readonly id: string;
  readonly trace_id?: string;
  readonly start_time: number;
  readonly end_time?: number;
  readonly in_progress?: boolean;
  readonly subsegments?: readonly SpanLike[];
}

describe('tallyDataset against the generator’s ground truth', () => {
  it('scale data: one trace per generated trace id, each spanning its spans as walked here', () => {
    const docs = [...generateScaleSegments({ seed: 3, traces: 100, spansPerTrace: 150 })] as unknown as SpanLike[];
    const expected = new Map<string, { start: number; end: number }>();
    let inProgress = 0;
    for (const doc of docs) {
      const span = expected.get(doc.trace_id!) ?? { start: Infinity, end: -Infinity };
      const stack = [doc];
      while (stack.length) {
        const s = stack.pop()!;
        if (s.in_progress === true) inProgress++;
        span.start = Math.min(span.start, s.start_time);
        span.end = Math.max(span.end, s.in_progress === true || s.end_time === undefined ? s.start_time : s.end_time);
        stack.push(...(s.subsegments ?? []));
      }
      expected.set(doc.trace_id!, span);
    }
    const tally = tallyDataset(contentOf(docs.map((doc) => segment(doc))));
    expect(tally.traces).toHaveLength(100);
    expect(new Map(tally.traces.map((trace) => [trace.id, { start: trace.start, end: trace.end }]))).toEqual(expected);
    expect(tally.problems).toEqual([]);
    // Some of the generator's spans are in progress: they end at their start.
    expect(inProgress).toBeGreaterThan(0);
  });

  it('an incident: its traces, its events (distinct eventIds), its summaries and metric series', () => {
    const incident = generateIncident({ seed: 9, minutes: 10, tracesPerMinute: 4, changeMinute: 5 });
    const content = toSnapshotContent(incident);
    const tally = tallyDataset(content);
    expect(reported(tally)).toEqual(reported(buildDataset(content)));
    expect(tally.traces.map((trace) => trace.id).sort()).toEqual(incident.traces.map((trace) => trace.Id).sort());
    expect(tally.events).toHaveLength(incident.facts.counts.events);
    expect(tally.summaries).toHaveLength(incident.summaries.length);
    expect(tally.metrics).toHaveLength(incident.facts.counts.metrics);
    expect(tally.capturedGraphs).toEqual([incident.serviceGraph]);
    expect(tally.problems).toEqual([]);
  });
});

describe('tallyDataset reports what the assembler reports, in its order', () => {
  const trace = '1-5f000000-000000000000000000000001';
  const t = 1_600_000_000;

  it('a loop of parent links, a span naming itself, and the first of two versions kept', () => {
    const records = [
      segment({ trace_id: trace, id: 'a', start_time: t + 1, end_time: t + 2, parent_id: 'c1', subsegments: [{ id: 'a1', start_time: t + 1.1, end_time: t + 1.2 }] }),
      segment({ trace_id: trace, id: 'c', start_time: t + 3, end_time: t + 4, parent_id: 'a1', subsegments: [{ id: 'c1', start_time: t + 3.1, end_time: t + 3.2 }] }, 1),
      segment({ trace_id: trace, id: 's', start_time: t, end_time: t + 0.5, parent_id: 's' }),
      segment({ trace_id: trace, id: 'x', type: 'subsegment', start_time: t + 0.2, end_time: t + 0.3, parent_id: 'root' }),
      segment({ trace_id: trace, id: 'y', type: 'subsegment', start_time: t + 0.4, in_progress: true, parent_id: 'root' }),
      segment({
        trace_id: trace,
        id: 'root',
        start_time: t + 0.1,
        end_time: t + 9,
        subsegments: [
          { id: 'x', start_time: t + 0.2, end_time: t + 15 },
          { id: 'y', start_time: t + 0.4, end_time: t + 8 },
        ],
      }),
    ];
    const content = contentOf(records, ['a.json', 'b.json']);
    const tally = tallyDataset(content);
    // x's embedded copy (end t + 15) is the second version: the first one stays, so the trace ends with root.
    expect(tally.traces).toEqual([{ id: trace, start: t, end: t + 9 }]);
    expect(tally.problems).toEqual([
      { file: 'a.json', at: 's', message: `span names itself as its parent in trace ${trace}; kept as a root` },
      { file: 'a.json', at: 'a', message: `parent links form a cycle in trace ${trace}; span a kept as a root` },
    ]);
    expect(reported(tally)).toEqual(reported(buildDataset(content)));
  });

  it('a loop broken at the span where the first unreached chain repeats, and a second loop in the same trace', () => {
    const records = [
      // tail → p → q → p: the chain from the tail repeats at p.
      segment({ trace_id: trace, id: 'tail', start_time: t, end_time: t + 1, parent_id: 'p' }),
      segment({ trace_id: trace, id: 'p', start_time: t, end_time: t + 1, parent_id: 'q' }),
      segment({ trace_id: trace, id: 'q', start_time: t, end_time: t + 1, parent_id: 'p' }),
      segment({ trace_id: trace, id: 'u', start_time: t, end_time: t + 1, parent_id: 'v' }),
      segment({ trace_id: trace, id: 'v', start_time: t, end_time: t + 1, parent_id: 'u' }),
    ];
    const content = contentOf(records);
    const tally = tallyDataset(content);
    expect(tally.problems.map((p) => p.at)).toEqual(['p', 'u']);
    expect(reported(tally)).toEqual(reported(buildDataset(content)));
  });

  it('a subsegment with its segment’s id, completed where the segment is in progress: it names itself', () => {
    const content = contentOf([segment({ trace_id: trace, id: 'z', start_time: t, in_progress: true, subsegments: [{ id: 'z', start_time: t, end_time: t + 1 }] })]);
    const tally = tallyDataset(content);
    expect(tally.problems).toEqual([{ file: 'a.json', at: 'z', message: `span names itself as its parent in trace ${trace}; kept as a root` }]);
    expect(tally.traces).toEqual([{ id: trace, start: t, end: t + 1 }]);
    expect(reported(tally)).toEqual(reported(buildDataset(content)));
  });

  it('documents refused and subsegments skipped, numbered and interleaved with other records as the dataset numbers them', () => {
    const records: RawRecord[] = [
      segment('not an object'),
      { kind: 'xray.summary', source: 0, doc: { Duration: 1 } },
      segment({ trace_id: trace, start_time: t, end_time: t + 1 }),
      segment({ id: 'n', start_time: t, end_time: t + 1 }),
      segment({ trace_id: trace, id: 'k', start_time: t, end_time: t + 1, subsegments: [{ id: 'k1' }, 7, { id: 'k2', start_time: t, end_time: 1e20 }] }),
      segment({ trace_id: trace, id: 'e', start_time: 'soon', end_time: t + 1 }),
    ];
    const content = contentOf(records);
    const tally = tallyDataset(content);
    expect(tally.problems).toEqual([
      { file: 'a.json', at: '[0]', message: 'segment document is not a JSON object; skipped' },
      { file: 'a.json', at: 'records[1]', message: 'trace summary without `Id`' },
      { file: 'a.json', at: '[1]', message: 'segment document without a valid id; skipped' },
      { file: 'a.json', at: 'n', message: 'segment document without a valid trace_id; skipped' },
      { file: 'a.json', at: 'k.subsegments[0]', message: SKIPPED_SUBSEGMENT },
      { file: 'a.json', at: 'k.subsegments[1]', message: SKIPPED_SUBSEGMENT },
      { file: 'a.json', at: 'k.subsegments[2]', message: SKIPPED_SUBSEGMENT },
      { file: 'a.json', at: 'e', message: 'segment document without a valid start_time; skipped' },
    ]);
    expect(tally.traces).toEqual([{ id: trace, start: t, end: t + 1 }]);
    expect(reported(tally)).toEqual(reported(buildDataset(content)));
  });
});

describe('StreamedTally', () => {
  const trace = '1-5f000000-000000000000000000000002';
  const t = 1_700_000_000;
  const inProgress = segment({ trace_id: trace, id: 'r', start_time: t, in_progress: true });
  const completed = segment({ trace_id: trace, id: 'r', start_time: t, end_time: t + 4 });
  const other = segment({ trace_id: trace, id: 'o', start_time: t + 1, end_time: t + 2, parent_id: 'r' });

  it('fed the records as they are kept, gives what tallyDataset gives of the snapshot', () => {
    const content = contentOf([inProgress, other, { kind: 'xray.summary', source: 0, doc: { Id: trace, Revision: 2 } }]);
    const streamed = new StreamedTally(() => 'a.json');
    content.records.forEach((record, index) => streamed.added(record, index));
    expect(streamed.finish(content)).toEqual(tallyDataset(content));
    expect(streamed.finish(content).traces).toEqual([{ id: trace, start: t, end: t + 2 }]);
  });

  it('after a record replaced in place, tallies the snapshot’s records instead of those it was told of', () => {
    const streamed = new StreamedTally(() => 'a.json');
    streamed.added(inProgress, 0);
    streamed.added(other, 1);
    streamed.replaced();
    const content = contentOf([completed, other]);
    expect(streamed.finish(content).traces).toEqual([{ id: trace, start: t, end: t + 4 }]);
  });

  it('told of records out of order, or of fewer than the snapshot holds, does the same', () => {
    const late = segment({ trace_id: trace, id: 'l', start_time: t + 1, end_time: t + 10, parent_id: 'r' });
    const content = contentOf([completed, late]);
    const skipped = new StreamedTally(() => 'a.json');
    skipped.added(late, 1);
    expect(skipped.finish(content).traces).toEqual([{ id: trace, start: t, end: t + 10 }]);
    const short = new StreamedTally(() => 'a.json');
    short.added(completed, 0);
    expect(short.finish(content).traces).toEqual([{ id: trace, start: t, end: t + 10 }]);
  });
});


describe('tallyDataset equals the assembled dataset on the public fixtures', () => {
  it('each fixture, and all of them merged', async () => {
    const files = fixtureInputFiles();
    expect(files.length).toBeGreaterThan(80);
    let compared = 0;
    for (const inputs of [...files.map((file) => [file]), files]) {
      const opened = await openInputs(inputs.map((file) => ({ name: file, bytes: fixtureBytes(file) }))).catch(() => undefined);
      if (!opened) continue;
      expect(reported(tallyDataset(opened.content)), inputs.join(', ')).toEqual(reported(buildDataset(opened.content)));
      compared++;
    }
    expect(compared).toBeGreaterThan(60);
  });
});

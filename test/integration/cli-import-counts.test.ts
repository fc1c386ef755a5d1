import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { formatProblem } from '../../electron/cli/cli-io.ts';
import { generateIncident, generateScaleSegments } from '../../shared/generator/index.ts';
import { formatCount } from '../../shared/base/format.ts';
import { FIXTURES, fixtureInputFiles, fixturePath } from '../support/fixtures.ts';
import { inspectJson, runCli } from './cli-run.ts';

/**
 * What `import` prints and records (the counts line, the problems, the snapshot's window and
 * gaps) pinned against the generator's ground truth, and against `inspect` — which derives the same
 * figures from the fully assembled dataset — for every public fixture, one by one and all together.
 */

const work = mkdtempSync(join(tmpdir(), 'te-import-counts-'));

interface SpanLike {
  readonly start_time: number;
  readonly end_time?: number;
  readonly in_progress?: boolean;
  readonly subsegments?: readonly SpanLike[];
}

/** The window the spans cover, walked here from the generator's documents (an in-progress span ends at its start). */
function spanWindow(docs: readonly SpanLike[]): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  const stack = [...docs];
  while (stack.length) {
    const span = stack.pop()!;
    start = Math.min(start, span.start_time);
    end = Math.max(end, span.start_time, span.in_progress === true || span.end_time === undefined ? span.start_time : span.end_time);
    stack.push(...(span.subsegments ?? []));
  }
  return { start: start * 1000, end: end * 1000 };
}

const iso = (ms: number): string => new Date(ms).toISOString();

async function importOne(name: string, inputs: readonly string[]): Promise<{ code: number; stdout: string; stderr: string; out: string }> {
  const out = join(work, `${name}.json.gz`);
  return { ...(await runCli('import', ...inputs, '--out', out)), out };
}

describe('import counts, against the generator’s ground truth', () => {
  it('JSON lines of scale data: every document, trace and the window the spans cover', async () => {
    const docs = [...generateScaleSegments({ seed: 23, traces: 60, spansPerTrace: 45 })];
    const path = join(work, 'scale.ndjson');
    writeFileSync(path, `${docs.map((doc) => JSON.stringify(doc)).join('\n')}\n`);
    const traces = new Set(docs.map((doc) => doc.trace_id)).size;
    expect(traces).toBe(60);
    const run = await importOne('scale', [path]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Wrote ${run.out}: ${formatCount(docs.length)} documents from 1 file (60 traces, 0 CloudTrail events).\n`);
    expect(run.stderr).toBe('');
    const { header, records } = await readSnapshotFile(run.out);
    expect(records.map((record) => record.doc)).toEqual(docs);
    const window = spanWindow(docs);
    expect(header.provenance.window).toEqual({ start: iso(window.start), end: iso(window.end) });
    expect(header.gaps).toEqual([]);
    expect(header.provenance.accountIds).toEqual(['123456789012']);
    expect(header.provenance.regions).toEqual(['us-east-1']);
  });

  it('an incident as BatchGetTraces and LookupEvents outputs: its traces, events and window', async () => {
    const incident = generateIncident({ seed: 5, minutes: 12, tracesPerMinute: 5, changeMinute: 6 });
    const tracesPath = join(work, 'incident-traces.json');
    const eventsPath = join(work, 'incident-events.json');
    writeFileSync(tracesPath, JSON.stringify({ Traces: incident.traces, UnprocessedTraceIds: [] }));
    writeFileSync(eventsPath, JSON.stringify({ Events: incident.events }));
    const docs = incident.traces.flatMap((trace) => trace.Segments.map((segment) => JSON.parse(segment.Document) as SpanLike));
    const eventIds = new Set(incident.events.map((event) => event.EventId));
    expect(incident.facts.counts.traces).toBe(incident.traces.length);
    expect(eventIds.size).toBe(incident.facts.counts.events);
    const run = await importOne('incident', [tracesPath, eventsPath]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `Wrote ${run.out}: ${formatCount(docs.length + incident.events.length)} documents from 2 files (${formatCount(incident.facts.counts.traces)} traces, ${formatCount(eventIds.size)} CloudTrail events).\n`,
    );
    expect(run.stderr).toBe('');
    const { header } = await readSnapshotFile(run.out);
    const spans = spanWindow(docs);
    const times = incident.events.map((event) => event.EventTime * 1000);
    expect(header.provenance.window).toEqual({ start: iso(Math.min(spans.start, ...times)), end: iso(Math.max(spans.end, ...times)) });
    expect(header.gaps).toEqual([]);
    expect(header.provenance.accountIds).toEqual([incident.accountId]);
    expect(header.provenance.regions).toEqual([incident.region]);
  });
});

/**
 * Segment documents whose links the assembler has to untangle: two documents each naming a
 * subsegment of the other as parent (a loop), one naming itself, an independent subsegment that
 * is also embedded (in progress on its own, completed embedded, later in the trace), and a trace
 * with an in-progress document whose end is its start.
 */
const LINKS_T = 1_600_000_000;

function linkCases(): object[] {
  const trace = '1-5f000000-000000000000000000000001';
  const other = '1-5f000000-000000000000000000000002';
  const t = LINKS_T;
  return [
    { trace_id: trace, id: '1111111111111111', name: 'a', start_time: t + 1, end_time: t + 2, parent_id: '3333333333333331', subsegments: [{ id: '1111111111111112', name: 'a1', start_time: t + 1.1, end_time: t + 1.2 }] },
    { trace_id: trace, id: '3333333333333333', name: 'c', start_time: t + 3, end_time: t + 4, parent_id: '1111111111111112', subsegments: [{ id: '3333333333333331', name: 'c1', start_time: t + 3.1, end_time: t + 3.2 }] },
    { trace_id: trace, id: '5555555555555555', name: 's', start_time: t, end_time: t + 0.5, parent_id: '5555555555555555' },
    // Sent on its own first (completed, so it stays), then embedded with a later end_time: the first one counts.
    { trace_id: trace, id: '7777777777777777', type: 'subsegment', name: 'x', start_time: t + 0.2, end_time: t + 0.3, parent_id: '9999999999999999' },
    // In progress on its own first, then completed embedded: the completed one counts.
    { trace_id: trace, id: '8888888888888888', type: 'subsegment', name: 'y', start_time: t + 0.4, in_progress: true, parent_id: '9999999999999999' },
    {
      trace_id: trace,
      id: '9999999999999999',
      name: 'root',
      start_time: t + 0.1,
      end_time: t + 9,
      subsegments: [
        { id: '7777777777777777', name: 'x', start_time: t + 0.2, end_time: t + 15 },
        { id: '8888888888888888', name: 'y', start_time: t + 0.4, end_time: t + 8 },
      ],
    },
    { trace_id: other, id: 'aaaaaaaaaaaaaaaa', name: 'early', start_time: t - 5, in_progress: true },
  ];
}


/** What import printed and wrote, and what inspect (the assembled dataset) says of the same inputs, side by side. */
async function compareWithInspect(name: string, inputs: readonly string[]): Promise<void> {
  const run = await importOne(name, inputs);
  const { code, summary } = await inspectJson(...inputs);
  expect(run.code === 0, `${name}: import ${run.code}, inspect ${code}`).toBe(code === 0);
  if (run.code !== 0) return;
  const counts = /\((\S+) traces?, (\S+) CloudTrail events?[,)]/.exec(run.stdout);
  expect(counts, run.stdout).not.toBeNull();
  expect({ traces: counts![1], events: counts![2] }).toEqual({ traces: formatCount(summary.traces), events: formatCount(summary.events) });
  const skipped = summary.problems.length ? `Skipped ${formatCount(summary.problems.length)} item${summary.problems.length === 1 ? '' : 's'}:\n${summary.problems.map((p) => `  ${formatProblem(p)}\n`).join('')}` : '';
  expect(run.stderr).toBe(skipped);
  const { header } = await readSnapshotFile(run.out);
  expect(header.provenance.window ?? null).toEqual(summary.start === null ? null : { start: summary.start, end: summary.end });
  expect(header.gaps).toEqual(summary.gaps);
}

describe('import counts, against inspect on the public fixtures', () => {
  const files = fixtureInputFiles().map(fixturePath);

  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThan(80);
  });

  it.each(files.map((file) => [relative(FIXTURES, file), file]))('%s', async (name, file) => {
    await compareWithInspect(name.replace(/\W/g, '_'), [file]);
  });

  it('all of them merged into one snapshot', async () => {
    await compareWithInspect('all-fixtures', files);
  });

  it('parent links that loop, a span that is its own parent, subsegments embedded and sent on their own', async () => {
    const path = join(work, 'links.ndjson');
    writeFileSync(path, `${linkCases().map((doc) => JSON.stringify(doc)).join('\n')}\n`);
    const run = await importOne('links', [path]);
    // The assembler's reports, each once: the loop broken at one span, the span naming itself.
    expect(run.stderr).toContain('parent links form a cycle in trace 1-5f000000-000000000000000000000001');
    expect(run.stderr).toContain('(5555555555555555): span names itself as its parent');
    // From the in-progress document's start to the root's end: the embedded x's later end_time is not the one kept.
    const { header } = await readSnapshotFile(run.out);
    expect(header.provenance.window).toEqual({ start: iso((LINKS_T - 5) * 1000), end: iso((LINKS_T + 9) * 1000) });
    await compareWithInspect('links', [path]);
  });

  it('the merged snapshot and the fixtures again (a snapshot among the inputs)', async () => {
    const { code, out: merged } = await importOne('merged', files);
    expect(code).toBe(0);
    await compareWithInspect('snapshot-and-fixtures', [merged, fixturePath('otel-contrib-awsxray/minInProgress.txt'), fixturePath('aws-cli-examples/lookup-events_output.json')]);
  });
});

/**
 * `npm run bench -- compare`: a before/after compare over 100,000 traces (budget 500 ms). The
 * input is the map and filter benchmarks' snapshot (the demo incident's system at 1,000 traces a
 * minute for 100 minutes, its memory change at minute 50), opened through the one open path
 * (openInputs, as the worker opens it); what is timed is compareRequested(dataset, { change }),
 * the function the worker's `compareRanges` query calls, after the dataset is built — run in Node,
 * not in the worker, since the worker adds only a structured clone of the answer (reported apart:
 * `cloneMs`). The first run is cold: it makes the dataset's request index (request-index.ts, one
 * walk of the spans) — `coldMs`, what a comparison asked before the worker's idle work made the
 * index costs. The worker makes it in idle time after the open (prepareAhead), so the app's path
 * is the later runs, which read it: `ms` is the slowest of them and must be within budget for
 * `pass`; `warmMs` the fastest. RUNS runs in all.
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { openInputs, summarizeIncident } from '../../shared/incident/index.ts';
import { compareRequested } from '../../shared/analysis/compare/index.ts';
import { incidentSnapshot } from './browser/map-snapshots.ts';

const BUDGET_MS = 500;
const RUNS = Number(process.env.COMPARE_RUNS ?? 5);
const work = resolve(import.meta.dirname, '../../.tmp/bench');

const snapshot = await incidentSnapshot(join(work, 'map-incident-100000.json.gz'), 1000, 100);
const { dataset } = await openInputs([{ name: 'map-incident-100000.json.gz', bytes: new Uint8Array(await readFile(snapshot.path)) }], { keepContent: false });
// The memory change the generator makes (the one UpdateFunctionConfiguration that sets 128 MB).
const change = dataset.events.find((event) => event.eventName.startsWith('UpdateFunctionConfiguration') && JSON.stringify(event.record['requestParameters'] ?? {}).includes('"memorySize":128'));
if (change === undefined) throw new Error('compare bench: the memory change is not in the snapshot');

// The worker's open summarizes the incident (its computed graph, kept), before any question.
summarizeIncident(dataset, []);
const runs: number[] = [];
const cpu: number[] = [];
// The first run is the worker's first question (cold: nothing of it is kept between runs).
let comparison: ReturnType<typeof compareRequested> | undefined;
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  comparison = compareRequested(dataset, { change: change.eventId });
  runs.push(performance.now() - started);
  const used = process.cpuUsage(cpuStarted);
  cpu.push((used.user + used.system) / 1000);
}
const cloneStarted = performance.now();
structuredClone(comparison!);
const cloneMs = performance.now() - cloneStarted;
const ms = Math.max(...runs.slice(1));
const round = (value: number): number => Math.round(value * 10) / 10;
process.stdout.write(
  `${JSON.stringify({
    bench: 'compare-ranges',
    input: snapshot.description,
    traces: dataset.traces.length,
    compared: comparison!.traces,
    nodes: comparison!.nodes.length,
    edges: comparison!.edges.length,
    firstEdge: comparison!.edges[0]?.id,
    runs: RUNS,
    runsMs: runs.map(round),
    // CPU time of this process in each run (on a loaded machine the wall time waits for a core).
    runsCpuMs: cpu.map(round),
    coldMs: round(runs[0]!),
    warmMs: round(Math.min(...runs.slice(1))),
    ms: round(ms),
    loadAverage: loadavg()[0],
    cloneMs: round(cloneMs),
    budgetMs: BUDGET_MS,
    pass: ms <= BUDGET_MS,
  })}\n`,
);

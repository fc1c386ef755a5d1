/**
 * Browser benchmark of the Service map view, run by `npm run bench` (test/bench/run.ts) as
 * `node bin/run-ts.mjs test/bench/browser/map-bench.ts [full|draw|build|scale]`. Each generated snapshot
 * is opened in the real app (built renderer, local web host, Debian's Chromium through
 * playwright-core, fresh profile; a fresh page, so a fresh worker, for every run) on the start
 * view; once the incident is open the Service map view is chosen and timed to its first painted
 * frame (`full` runs all three parts). One JSON object per measurement:
 *  - `map-build`: the map model built in the analysis worker from 100,000 traces — `buildMs` is the
 *    SVG's `data-build-ms`: the computed service graph (made while the incident opened, for its
 *    summary, and kept), exceptions and changes per node and edge, latency figures; budget 1 s.
 *    Inputs: the demo incident's system at 1,000 traces a minute for 100 minutes (summaries too),
 *    and (`scale`) 100,000 traces of 20 spans from the scale generator.
 *  - `map-draw`: a map of about 100 nodes (map-topology.ts) — the layout in the worker
 *    (`data-layout-ms`) plus the first draw on the UI thread (from the map's arrival,
 *    `service-map:received`, to the first frame painted after `service-map:drawn`); budget 200 ms.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, startTestServer } from '../../support/browser.ts';
import { percentile, round } from './measure.ts';
import { timeMapVisit, type MapVisit } from './map-probes.ts';
import { incidentSnapshot, scaleSnapshot, topologySnapshot, type BenchSnapshot } from './map-snapshots.ts';
import { HUNDRED_NODES, topologyNodes } from './map-topology.ts';

const BUILD_BUDGET_MS = 1000;
const DRAW_BUDGET_MS = 200;
const OPEN_TIMEOUT_MS = 15 * 60_000;

const mode = process.argv[2] ?? 'full';
if (!['full', 'draw', 'build', 'scale'].includes(mode)) throw new Error('usage: map-bench.ts [full|draw|build|scale]');
const work = resolve(import.meta.dirname, '../../../.tmp/bench');
mkdirSync(work, { recursive: true });

function emit(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

interface OpenedVisit extends MapVisit {
  /** From loading the page to the incident bar (the snapshot opened in the worker). */
  readonly openMs: number;
}

/** Opens `snapshot` `runs` times, each in a fresh page, and times the first visit of the map. */
async function visits(snapshot: BenchSnapshot, runs: number): Promise<OpenedVisit[]> {
  const server = await startTestServer({ file: snapshot.path });
  const browser = await launchBrowser({ width: 1440, height: 900 });
  try {
    const { page } = browser;
    const startUrl = server.url.replace('#/map?', '#/start?');
    const mapHash = `#/map?${startUrl.split('#/start?')[1] ?? ''}`;
    const out: OpenedVisit[] = [];
    for (let run = 0; run < runs; run++) {
      await page.goto('about:blank');
      const opened = performance.now();
      await page.goto(startUrl);
      await page.locator('.incident-bar').waitFor({ timeout: OPEN_TIMEOUT_MS });
      const openMs = performance.now() - opened;
      out.push({ ...(await timeMapVisit(page, mapHash)), openMs });
    }
    if (browser.errors.length > 0) emit({ bench: 'map-page-errors', file: snapshot.description, errors: browser.errors.slice(0, 10), pass: false });
    return out;
  } finally {
    await browser.close();
    await server.close();
  }
}

const since = (visit: MapVisit, from: number | null, to: number | null): number => (from === null || to === null ? Number.NaN : to - from);
const drawMs = (visit: MapVisit): number => since(visit, visit.receivedMs, visit.paintedMs);
const worst = (values: readonly number[]): number => Math.max(...values);

async function buildBench(snapshot: BenchSnapshot, runs: number): Promise<void> {
  const results = await visits(snapshot, runs);
  const build = results.map((v) => v.buildMs ?? Number.NaN);
  emit({
    bench: 'map-build',
    input: snapshot.description,
    traces: snapshot.traces,
    segments: snapshot.segments,
    ms: worst(build),
    medianMs: percentile(build, 50),
    runsMs: build,
    budgetMs: BUILD_BUDGET_MS,
    pass: worst(build) <= BUILD_BUDGET_MS,
    // What a first visit of the map waits for (the graph itself was made while the incident opened).
    requestToReceivedMs: results.map((v) => round(since(v, v.requestedMs, v.receivedMs))),
    requestToPaintMs: results.map((v) => round(since(v, v.requestedMs, v.paintedMs))),
    layoutMs: results.map((v) => v.layoutMs),
    drawMs: results.map((v) => round(drawMs(v))),
    nodes: results[0]?.nodes,
    edges: results[0]?.edges,
    openSnapshotMs: results.map((v) => Math.round(v.openMs)),
  });
}

async function drawBench(snapshot: BenchSnapshot, runs: number): Promise<void> {
  const results = await visits(snapshot, runs);
  const totals = results.map((v) => (v.layoutMs ?? Number.NaN) + drawMs(v));
  emit({
    bench: 'map-draw',
    input: snapshot.description,
    nodes: results[0]?.nodes,
    expectedNodes: topologyNodes(HUNDRED_NODES),
    edges: results[0]?.edges,
    ms: round(worst(totals)),
    medianMs: round(percentile(totals, 50)),
    runsMs: totals.map((v) => round(v)),
    budgetMs: DRAW_BUDGET_MS,
    pass: worst(totals) <= DRAW_BUDGET_MS && results.every((v) => v.nodes === results[0]?.nodes),
    layoutMs: results.map((v) => v.layoutMs),
    drawMs: results.map((v) => round(drawMs(v))),
    longestTaskWhileDrawingMs: results.map((v) => round(v.longestTaskAfterReceivedMs)),
    requestToPaintMs: results.map((v) => round(since(v, v.requestedMs, v.paintedMs))),
    buildMs: results.map((v) => v.buildMs),
  });
}

if (mode === 'full' || mode === 'draw') {
  await drawBench(await topologySnapshot(join(work, 'map-topology-100.json.gz'), HUNDRED_NODES), 5);
}
if (mode === 'full' || mode === 'build') {
  await buildBench(await incidentSnapshot(join(work, 'map-incident-100000.json.gz'), 1000, 100), 2);
}
if (mode === 'full' || mode === 'scale') {
  await buildBench(await scaleSnapshot(join(work, 'map-scale-100000x20.json.gz'), 100_000, 20), 1);
}

/**
 * The open benchmark, run by `npm run bench -- open` (test/bench/run.ts) as
 * `node bin/run-ts.mjs test/bench/browser/open-bench.ts [cases]`: the path a user takes to open a
 * snapshot — `trace-explorer serve FILE` and the URL it prints, in Chromium — from the navigation
 * to the first painted frame of the service map, against a baseline measured in the same run, in
 * the same Chromium, from the same host: a page whose Web Worker fetches the same bytes from the
 * same endpoint, inflates them with DecompressionStream and JSON.parses every line, keeping every
 * value (open-probes.ts). Each measurement gets a fresh browser, so its memory is its own.
 *
 * Cases (comma-separated; default all): `1m` — 85,000 traces of 12 spans (1,020,000 spans, API
 * Gateway → Lambda → services with DynamoDB, SQS, SNS and remote calls; shared/generator/scale.ts);
 * `2m` — 170,000 × 12; `100kx20` — 100,000 × 20. Files are written once into .tmp/bench.
 * OPEN_RUNS (default 1) repeats each measurement; OPEN_PARSE_WORKERS=N measures the app a second
 * time in each run with N parse workers (`workers…` figures). One JSON object per case:
 *  - `appMs` / `baselineMs` and `timeRatio` (budget 1.3): navigation to the painted map / to the
 *    baseline worker's last parsed line;
 *  - `appPeakBytes` / `baselinePeakBytes` and `memoryRatio` (budget 1): the peak private memory of
 *    all the browser's processes (open-memory.ts) from the navigation to the painted map / to the
 *    baseline's end; `appPeakWithIndexesBytes` also covers the filter indexes the app builds in the
 *    background once the map is painted (until the page is read, a few hundred ms later);
 *  - `longestTaskMs` (budget 100): the longest main-thread task of the app's page, from its start;
 *  - `appCpuMs` / `baselineCpuMs` and `cpuRatio` (no budget: the load-independent side of the time
 *    ratio on a shared machine), and the dedicated workers' share (`…WorkerCpuMs`), from /proc
 *    when the page was done (open-cpu.ts);
 *  - `harnessCpuMs`: the CPU this process used during each measurement (the host serving the file,
 *    the samplers, Playwright), which shares the machine's cores with the browser;
 *  - `marks`: the page's marks (open requested and ready, map requested, received, drawn).
 * Case `kinds` instead opens the `1m` case's spans two ways in alternating runs — the snapshot, and
 * the raw segment documents it was made from as JSON lines (what `aws xray batch-get-traces` output
 * saved line by line is) — and prints `snapshotMs` / `rawMs` and their `ratio` (budget 1: a
 * pre-imported snapshot is the fastest thing the app reads).
 */
import { join, resolve } from 'node:path';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { rename } from 'node:fs/promises';
import { generateScaleSegments } from '../../../shared/generator/index.ts';
import { launchBrowser, startTestServer, type TestServer } from '../../support/browser.ts';
import { fileBytesPath } from '../../../shared/contract/host/index.ts';
import { launchHandles } from '../../support/host-requests.ts';
import { scaleSnapshot, type BenchSnapshot } from './map-snapshots.ts';
import { BrowserMemory, chromiumDescendants } from './open-memory.ts';
import { browserCpu, type BrowserCpu } from './open-cpu.ts';
import { baselinePage, OPEN_PROBE_SOURCE } from './open-probes.ts';

const TIME_BUDGET = 1.3;
const MEMORY_BUDGET = 1;
const TASK_BUDGET_MS = 100;
const TIMEOUT_MS = 30 * 60_000;

const CASES: Readonly<Record<string, { readonly traces: number; readonly spansPerTrace: number }>> = {
  '1m': { traces: 85_000, spansPerTrace: 12 },
  '2m': { traces: 170_000, spansPerTrace: 12 },
  '100kx20': { traces: 100_000, spansPerTrace: 20 },
};

const work = resolve(import.meta.dirname, '../../../.tmp/bench');
mkdirSync(work, { recursive: true });
const runs = Number(process.env.OPEN_RUNS ?? 1);
/** OPEN_PARSE_WORKERS=N: the app is also measured with N parse workers (by default it uses them on 4+ cores only). */
const parseWorkers = process.env.OPEN_PARSE_WORKERS === undefined ? undefined : Number(process.env.OPEN_PARSE_WORKERS);
const chosen = (process.argv[2] ?? Object.keys(CASES).join(',')).split(',').filter((name) => name !== '');

interface Measured {
  readonly ms: number;
  /** Peak private memory up to the moment the page was done (painted map, or baseline's last line). */
  readonly peakBytes: number;
  /** And over the whole run, until the page was read (the app builds its filter indexes after painting). */
  readonly peakAfterBytes: number;
  /** CPU the browser's threads had used when the page was done. */
  readonly cpu: BrowserCpu | undefined;
  /** CPU this process (the host serving the file, the samplers, Playwright) used during the measurement. */
  readonly harnessCpuMs: number;
  readonly detail: Record<string, unknown>;
}

/**
 * Exposes `window.__teOpenPainted` and returns the moment (on the memory sampler's clock) it was
 * called, and the CPU the browser had used by then (the processes are new, so all of it is this page's).
 */
async function doneMoment(page: import('playwright-core').Page, memory: BrowserMemory): Promise<{ at(): number; cpu(): BrowserCpu | undefined }> {
  let at = Number.POSITIVE_INFINITY;
  let cpu: BrowserCpu | undefined;
  await page.exposeFunction('__teOpenPainted', () => {
    at = memory.elapsed();
    cpu = browserCpu(chromiumDescendants());
  });
  return { at: () => at, cpu: () => cpu };
}

async function measureBaseline(server: TestServer): Promise<Measured> {
  const browser = await launchBrowser({ width: 1440, height: 900 });
  const memory = new BrowserMemory();
  try {
    const url = `${server.origin}/__open-baseline`;
    // The same endpoint and handle the app reads its FILE from (the one in the URL `serve` prints).
    const [handle] = launchHandles(server.url);
    if (handle === undefined) throw new Error(`no file handle in ${server.url}`);
    const fileUrl = fileBytesPath(handle);
    await browser.page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: baselinePage(fileUrl, server.token) }));
    await browser.page.goto('about:blank');
    const done = await doneMoment(browser.page, memory);
    const harness = process.cpuUsage();
    memory.start();
    await browser.page.goto(url);
    await browser.page.waitForFunction(() => (window as { __teBaseline?: unknown }).__teBaseline !== undefined, undefined, { timeout: TIMEOUT_MS, polling: 200 });
    const result = (await browser.page.evaluate('window.__teBaseline')) as { doneMs: number; lines: number; records: number };
    const peakAfterBytes = memory.stop();
    return { ms: result.doneMs, peakBytes: memory.peakUntil(done.at()), peakAfterBytes, cpu: done.cpu(), harnessCpuMs: cpuMs(process.cpuUsage(harness)), detail: { lines: result.lines, records: result.records, peakAtMs: memory.peakAtMs, peakByType: memory.peakByType } };
  } finally {
    memory.stop();
    await browser.close();
  }
}

/** The URL `serve FILE` printed, asking for `parseWorkers` parse workers when given (the page's ?parseWorkers=N). */
function appUrl(server: TestServer, parseWorkers: number | undefined): string {
  if (parseWorkers === undefined) return server.url;
  const url = new URL(server.url);
  url.searchParams.set('parseWorkers', String(parseWorkers));
  return url.href;
}

async function measureApp(server: TestServer, parseWorkers?: number): Promise<Measured> {
  const browser = await launchBrowser({ width: 1440, height: 900 });
  const memory = new BrowserMemory();
  try {
    await browser.page.addInitScript(OPEN_PROBE_SOURCE);
    await browser.page.goto('about:blank');
    const done = await doneMoment(browser.page, memory);
    const harness = process.cpuUsage();
    memory.start();
    await browser.page.goto(appUrl(server, parseWorkers));
    // A function, not a string: the app's Content-Security-Policy forbids eval.
    await browser.page.waitForFunction(() => (window as { __teOpen?: unknown }).__teOpen !== undefined, undefined, { timeout: TIMEOUT_MS, polling: 200 });
    const result = (await browser.page.evaluate('window.__teOpen')) as { paintedMs: number; marks: Record<string, number>; longTasks: { at: number; ms: number }[] };
    const nodes = await browser.page.locator('svg.te-map-svg [data-node-key]').count();
    if (browser.errors.length > 0) throw new Error(`the page reported errors: ${browser.errors.slice(0, 5).join('; ')}`);
    const peakAfterBytes = memory.stop();
    return { ms: result.paintedMs, peakBytes: memory.peakUntil(done.at()), peakAfterBytes, cpu: done.cpu(), harnessCpuMs: cpuMs(process.cpuUsage(harness)), detail: { marks: result.marks, longTasks: result.longTasks, nodes, peakAtMs: memory.peakAtMs, peakByType: memory.peakByType } };
  } finally {
    memory.stop();
    await browser.close();
  }
}

const cpuMs = (used: NodeJS.CpuUsage): number => Math.round((used.user + used.system) / 1000);
const round = (value: number, digits = 3): number => Number(value.toFixed(digits));
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function openCase(name: string): Promise<void> {
  const shape = CASES[name];
  if (!shape) throw new Error(`unknown case ${name}; choose from ${Object.keys(CASES).join(', ')}`);
  const snapshot: BenchSnapshot = await scaleSnapshot(join(work, `open-scale-${shape.traces}x${shape.spansPerTrace}.json.gz`), shape.traces, shape.spansPerTrace);
  const server = await startTestServer({ file: snapshot.path });
  try {
    const baseline: Measured[] = [];
    const app: Measured[] = [];
    const split: Measured[] = [];
    for (let run = 0; run < runs; run++) {
      baseline.push(await measureBaseline(server));
      app.push(await measureApp(server));
      if (parseWorkers !== undefined) split.push(await measureApp(server, parseWorkers));
    }
    const appMs = median(app.map((m) => m.ms));
    const baselineMs = median(baseline.map((m) => m.ms));
    const appPeak = median(app.map((m) => m.peakBytes));
    const baselinePeak = median(baseline.map((m) => m.peakBytes));
    const appPeakAfter = median(app.map((m) => m.peakAfterBytes));
    const longest = Math.max(...app.map((m) => Math.max(0, ...(m.detail['longTasks'] as { ms: number }[]).map((task) => task.ms))));
    const timeRatio = round(appMs / baselineMs);
    const memoryRatio = round(appPeak / baselinePeak);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'open',
        case: name,
        input: snapshot.description,
        traces: snapshot.traces,
        segments: snapshot.segments,
        runs,
        appMs: Math.round(appMs),
        baselineMs: Math.round(baselineMs),
        timeRatio,
        timeBudget: TIME_BUDGET,
        appPeakBytes: appPeak,
        baselinePeakBytes: baselinePeak,
        memoryRatio,
        memoryBudget: MEMORY_BUDGET,
        appPeakWithIndexesBytes: appPeakAfter,
        appWorkerCpuMs: median(app.map((m) => m.cpu?.workerCpuMs ?? Number.NaN)),
        baselineWorkerCpuMs: median(baseline.map((m) => m.cpu?.workerCpuMs ?? Number.NaN)),
        appCpuMs: median(app.map((m) => m.cpu?.cpuMs ?? Number.NaN)),
        baselineCpuMs: median(baseline.map((m) => m.cpu?.cpuMs ?? Number.NaN)),
        cpuRatio: round(median(app.map((m) => m.cpu?.cpuMs ?? Number.NaN)) / median(baseline.map((m) => m.cpu?.cpuMs ?? Number.NaN))),
        longestTaskMs: longest,
        taskBudgetMs: TASK_BUDGET_MS,
        pass: timeRatio <= TIME_BUDGET && memoryRatio <= MEMORY_BUDGET && longest <= TASK_BUDGET_MS,
        appRunsMs: app.map((m) => Math.round(m.ms)),
        appRunsCpu: app.map((m) => m.cpu),
        baselineRunsCpu: baseline.map((m) => m.cpu),
        baselineRunsMs: baseline.map((m) => Math.round(m.ms)),
        harnessCpuMs: { app: app.map((m) => m.harnessCpuMs), baseline: baseline.map((m) => m.harnessCpuMs) },
        ...(parseWorkers !== undefined ? withWorkers(split, parseWorkers, baselineMs, baselinePeak, baseline) : {}),
        app: app.map((m) => m.detail),
        baseline: baseline[0]?.detail,
      })}\n`,
    );
  } finally {
    await server.close();
  }
}

/** The figures of the app measured with `parseWorkers` parse workers (OPEN_PARSE_WORKERS), against the same baseline. */
function withWorkers(split: readonly Measured[], parseWorkers: number, baselineMs: number, baselinePeak: number, baseline: readonly Measured[]): Record<string, unknown> {
  const ms = median(split.map((m) => m.ms));
  const cpuMs = median(split.map((m) => m.cpu?.cpuMs ?? Number.NaN));
  return {
    parseWorkers,
    workersMs: Math.round(ms),
    workersTimeRatio: round(ms / baselineMs),
    workersMemoryRatio: round(median(split.map((m) => m.peakBytes)) / baselinePeak),
    workersCpuRatio: round(cpuMs / median(baseline.map((m) => m.cpu?.cpuMs ?? Number.NaN))),
    workersLongestTaskMs: Math.max(...split.map((m) => Math.max(0, ...(m.detail['longTasks'] as { ms: number }[]).map((task) => task.ms)))),
    workersRunsMs: split.map((m) => Math.round(m.ms)),
    workersRunsCpu: split.map((m) => m.cpu),
  };
}

/** The segment documents of scaleSnapshot(traces, spansPerTrace), one JSON line each, written once. */
async function rawLines(path: string, traces: number, spansPerTrace: number): Promise<string> {
  if (existsSync(path)) return path;
  const out = createWriteStream(`${path}.part`);
  for (const doc of generateScaleSegments({ seed: 7, traces, spansPerTrace })) {
    if (!out.write(`${JSON.stringify(doc)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  await rename(`${path}.part`, path);
  return path;
}

/** The `kinds` case: the same spans opened as a snapshot and as raw JSON lines, alternating. */
async function openKinds(): Promise<void> {
  const shape = CASES['1m']!;
  const snapshot = await scaleSnapshot(join(work, `open-scale-${shape.traces}x${shape.spansPerTrace}.json.gz`), shape.traces, shape.spansPerTrace);
  const raw = await rawLines(join(work, `open-scale-${shape.traces}x${shape.spansPerTrace}.ndjson`), shape.traces, shape.spansPerTrace);
  const servers = { snapshot: await startTestServer({ file: snapshot.path }), raw: await startTestServer({ file: raw }) };
  try {
    const measured: Record<'snapshot' | 'raw', Measured[]> = { snapshot: [], raw: [] };
    for (let run = 0; run < Math.max(runs, 2); run++) {
      for (const kind of run % 2 === 0 ? (['snapshot', 'raw'] as const) : (['raw', 'snapshot'] as const)) measured[kind].push(await measureApp(servers[kind]));
    }
    const snapshotMs = median(measured.snapshot.map((m) => m.ms));
    const rawMs = median(measured.raw.map((m) => m.ms));
    const ratio = round(snapshotMs / rawMs);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'open',
        case: 'kinds',
        input: snapshot.description,
        segments: snapshot.segments,
        snapshotMs: Math.round(snapshotMs),
        rawMs: Math.round(rawMs),
        ratio,
        budget: 1,
        pass: ratio <= 1,
        snapshotRunsMs: measured.snapshot.map((m) => Math.round(m.ms)),
        rawRunsMs: measured.raw.map((m) => Math.round(m.ms)),
        snapshotPeakBytes: median(measured.snapshot.map((m) => m.peakBytes)),
        rawPeakBytes: median(measured.raw.map((m) => m.peakBytes)),
      })}\n`,
    );
  } finally {
    await Promise.all([servers.snapshot.close(), servers.raw.close()]);
  }
}

for (const name of chosen) await (name === 'kinds' ? openKinds() : openCase(name));

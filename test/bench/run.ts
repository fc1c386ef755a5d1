/**
 * `npm run bench`: every benchmark, one JSON object per line on stdout (machine-readable), with
 * ratios measured in the same run. Each measurement runs in a fresh child process so peak memory
 * (maxRSS) belongs to that measurement alone.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const work = join(root, '.tmp', 'bench');
mkdirSync(work, { recursive: true });
const only = process.argv[2];

function child(script: string, args: string[]): Record<string, number | string> {
  const out = execFileSync(process.execPath, ['--max-old-space-size=16384', join(root, 'bin/run-ts.mjs'), script, ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  const last = out.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as Record<string, number | string>;
}

/**
 * The open benchmark (test/bench/browser/open-bench.ts): the path a user takes — `serve FILE` and
 * its URL in Chromium, navigation to the painted service map — against a baseline worker in the
 * same Chromium that fetches, inflates and JSON.parses the same bytes, in the same run. OPEN_CASES
 * picks the cases (`1m`, `2m`, `100kx20`, and `kinds`: the 1m spans as a snapshot against the same
 * spans as raw JSON lines; default all), OPEN_RUNS repeats each.
 */
function openBench(cases: string): void {
  const out = execFileSync(process.execPath, ['--max-old-space-size=16384', join(root, 'bin/run-ts.mjs'), 'test/bench/browser/open-bench.ts', cases], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26,
    timeout: 90 * 60_000,
  });
  for (const line of out.split('\n')) if (line.startsWith('{')) process.stdout.write(`${line}\n`);
}

if (!only || only === 'open') openBench(process.env.OPEN_CASES ?? '1m,2m,100kx20,kinds');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/**
 * `trace-explorer import` of JSON lines against Node's own read + JSON.parse of the same lines
 * (test/bench/import-lines.ts), runs alternating so both see the same load; medians and peak RSS.
 * IMPORT_SPANS sets the size (default 2,000,000 spans of the generator's scale data).
 */
function importBench(spans: number, runs: number): void {
  const file = join(work, `import-${spans}.ndjson`);
  const out = join(work, `import-${spans}.json.gz`);
  const script = 'test/bench/import-lines.ts';
  const made = existsSync(file) ? undefined : child(script, ['make', file, String(spans)]);
  const base: Record<string, number | string>[] = [];
  const ours: Record<string, number | string>[] = [];
  for (let i = 0; i < runs; i++) {
    base.push(child(script, ['baseline', file]));
    ours.push(child(script, ['import', file, out]));
  }
  const baseMs = median(base.map((r) => Number(r.ms)));
  const importMs = median(ours.map((r) => Number(r.ms)));
  const baseCpuMs = median(base.map((r) => Number(r.cpuMs)));
  const importCpuMs = median(ours.map((r) => Number(r.cpuMs)));
  const result = {
    bench: 'import-json-lines',
    spans,
    documents: Number(ours[0]?.documents),
    inputBytes: Number(base[0]?.bytes ?? made?.bytes),
    outputBytes: Number(ours[0]?.outBytes),
    runs,
    baselineMs: baseMs,
    importMs,
    baselineRunsMs: base.map((r) => Number(r.ms)),
    importRunsMs: ours.map((r) => Number(r.ms)),
    timeRatio: Number((importMs / baseMs).toFixed(3)),
    baselineCpuMs: baseCpuMs,
    importCpuMs,
    cpuRatio: Number((importCpuMs / baseCpuMs).toFixed(3)),
    timeBudget: 2,
    baselinePeakRssBytes: median(base.map((r) => Number(r.maxRssBytes))),
    importPeakRssBytes: median(ours.map((r) => Number(r.maxRssBytes))),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (!only || only === 'import') importBench(Number(process.env.IMPORT_SPANS ?? 2_000_000), Number(process.env.BENCH_RUNS ?? 3));

/**
 * The browser benchmarks of the Trace (waterfall) view (test/bench/browser/waterfall.ts): each
 * child prints one JSON object per measurement, passed on line by line. Above 200,000 spans: first
 * rows and longest task only. Then, for each size up to 500,000, the Traces view of that one-trace
 * snapshot right after its open (`list`). WATERFALL_SPANS overrides the sizes (comma-separated;
 * `0` skips).
 */
function waterfallBench(spans: number, mode: 'full' | 'load' | 'list'): void {
  const out = execFileSync(process.execPath, ['--max-old-space-size=16384', join(root, 'bin/run-ts.mjs'), 'test/bench/browser/waterfall.ts', String(spans), mode], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
    timeout: 30 * 60_000,
  });
  for (const line of out.split('\n')) if (line.startsWith('{')) process.stdout.write(`${line}\n`);
}

if (!only || only === 'waterfall') {
  const sizes = (process.env.WATERFALL_SPANS ?? '100000,500000').split(',').map(Number).filter((n) => n > 0);
  for (const spans of sizes) waterfallBench(spans, spans > 200_000 ? 'load' : 'full');
  for (const spans of sizes) if (spans <= 500_000) waterfallBench(spans, 'list');
}

/**
 * The browser benchmarks of the Service map (test/bench/browser/map-bench.ts: map build from
 * 100,000 traces, layout and first draw of ~100 nodes) and of filter expressions over 100,000
 * summaries (test/bench/browser/filter-bench.ts), and of the Timeline on 30 days and 10,000 events
 * (test/bench/browser/timeline-bench.ts), passed on line by line. MAP_BENCH picks a part of the map
 * benchmark (`draw`, `build`, `scale`; default all of them).
 */
function browserBench(script: string, args: readonly string[]): void {
  const out = execFileSync(process.execPath, ['--max-old-space-size=16384', join(root, 'bin/run-ts.mjs'), script, ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
    timeout: 40 * 60_000,
  });
  for (const line of out.split('\n')) if (line.startsWith('{')) process.stdout.write(`${line}\n`);
}

if (!only || only === 'map') browserBench('test/bench/browser/map-bench.ts', [process.env.MAP_BENCH ?? 'full']);
if (!only || only === 'filter') browserBench('test/bench/browser/filter-bench.ts', []);
if (!only || only === 'timeline') browserBench('test/bench/browser/timeline-bench.ts', []);

/** The compare of two ranges over 100,000 traces (test/bench/compare-bench.ts), in Node: one JSON line with its budget and pass. */
if (!only || only === 'compare') browserBench('test/bench/compare-bench.ts', []);
/**
 * Two traces of COMPARE_SPANS spans (default 100,000) compared as the worker's compareTraces query
 * does (test/bench/compare-traces.ts), budget 1 s: one JSON line per case with `pass`.
 */
if (!only || only === 'compare-traces') browserBench('test/bench/compare-traces.ts', [process.env.COMPARE_SPANS ?? '100000']);
/** The Compare view of two ranges of 100,000 traces in Chromium, from the Timeline's suspect: click → table, budget 500 ms (test/bench/browser/compare-ranges-view.ts). */
if (!only || only === 'compare-ranges-view') browserBench('test/bench/browser/compare-ranges-view.ts', []);
/** The Compare view of two traces of COMPARE_SPANS spans in Chromium: navigation → first merged rows (test/bench/browser/compare-traces-view.ts). */
if (!only || only === 'compare-traces-view') browserBench('test/bench/browser/compare-traces-view.ts', [process.env.COMPARE_SPANS ?? '100000']);

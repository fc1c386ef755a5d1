/**
 * Where the open's time goes in Chromium, by thread (not a test, not a benchmark):
 * `node bin/run-ts.mjs test/bench/browser/open-profile.ts [case] [app|baseline]`, after
 * `npm run bench -- open` wrote the scale files into .tmp/bench (default case 85000x12, both
 * pages). The renderer is built unminified (so the profile names functions) into a temp folder;
 * the page is opened as open-bench.ts opens it, with a Chromium trace of the v8 CPU profiler,
 * which samples every thread of every process, the analysis worker's included. Printed per
 * thread: the samples' total, and the functions with the most self time (plus GC, idle and
 * `(program)`), and the same folded to categories a reader can act on (inflate, decode, parse,
 * the span store, assembly, the map, …) from the functions' names and files.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { REPO_ROOT } from '../../../electron/host/serve-build.ts';
import { startServer } from '../../../electron/host/serve.ts';
import { fileBytesPath } from '../../../shared/contract/host/index.ts';
import { launchHandles } from '../../support/host-requests.ts';
import { baselinePage, OPEN_PROBE_SOURCE } from './open-probes.ts';
import { categoryOf } from './profile-categories.ts';

interface CallFrame {
  readonly functionName: string;
  readonly url?: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly parent?: number;
}
interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly id?: string;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string; readonly data?: { readonly cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; readonly timeDeltas?: number[] } };
}

const work = resolve(REPO_ROOT, '.tmp/bench');
const file = join(work, `open-scale-${process.argv[2] ?? '85000x12'}.json.gz`);
const which = process.argv[3] ?? 'app,baseline';

async function traced(page: Page, run: () => Promise<void>): Promise<TraceEvent[]> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => events.push(...(data.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((done) => cdp.once('Tracing.tracingComplete', () => done()));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['disabled-by-default-v8.cpu_profiler', 'toplevel', 'devtools.timeline', 'v8.execute', 'blink', '__metadata'] }, transferMode: 'ReportEvents' });
  try {
    await run();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
  }
  return events;
}

/** Self time (ms) by function and by category, per thread that was sampled. */
function summarise(events: readonly TraceEvent[]): void {
  const threadName = new Map<string, string>();
  for (const e of events) if (e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  // Profiles are keyed by their id; a profile's chunks add nodes and samples.
  const profiles = new Map<string, { thread: string; nodes: Map<number, ProfileNode>; self: Map<number, number> }>();
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.id === undefined) continue;
    let profile = profiles.get(e.id);
    if (!profile) profiles.set(e.id, (profile = { thread: `${e.pid}:${e.tid}`, nodes: new Map(), self: new Map() }));
    const data = e.args?.data;
    for (const node of data?.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) profile.self.set(samples[i]!, (profile.self.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0) / 1000);
  }
  for (const profile of profiles.values()) {
    const byFunction = new Map<string, number>();
    const byCategory = new Map<string, number>();
    let total = 0;
    for (const [id, ms] of profile.self) {
      const frame = profile.nodes.get(id)?.callFrame;
      const name = frame ? `${frame.functionName || '(anonymous)'} ${(frame.url ?? '').split('/').pop() ?? ''}:${frame.lineNumber + 1}` : `node ${id}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
      const category = categoryOf(frame?.functionName ?? '', frame?.url ?? '', ancestry(profile.nodes, id));
      byCategory.set(category, (byCategory.get(category) ?? 0) + ms);
      if (frame?.functionName !== '(idle)') total += ms;
    }
    if (total < 200) continue;
    console.log(`\n== ${threadName.get(profile.thread) ?? profile.thread}: ${Math.round(total)} ms sampled (not idle)`);
    for (const [name, ms] of [...byCategory].sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(28)} ${Math.round(ms).toString().padStart(6)} ms  ${((100 * ms) / total).toFixed(1).padStart(5)} %`);
    console.log('  -- functions, self time');
    for (const [name, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${Math.round(ms).toString().padStart(6)} ms  ${name}`);
  }
}

/** The page's main-thread tasks over 50 ms (wall), with the CPU each used (the trace's `tdur`). */
function longTasks(events: readonly TraceEvent[]): void {
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && mains.has(`${e.pid}:${e.tid}`) && (e.dur ?? 0) > 50_000);
  const first = Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
  console.log(`\n== main-thread tasks over 50 ms: ${tasks.map((t) => `at ${Math.round((t.ts - first) / 1000)} ms: ${Math.round((t.dur ?? 0) / 1000)} ms wall, ${Math.round((t.tdur ?? 0) / 1000)} ms CPU`).join('; ') || 'none'}`);
}

/** The function names from node `id` up to the root, nearest first. */
function ancestry(nodes: ReadonlyMap<number, ProfileNode>, id: number): string[] {
  const names: string[] = [];
  for (let node = nodes.get(id); node; node = node.parent === undefined ? undefined : nodes.get(node.parent)) names.push(node.callFrame.functionName);
  return names;
}

const { build } = await import('vite');
const staticDir = await mkdtemp(join(tmpdir(), 'trace-explorer-renderer-profile-'));
await build({ configFile: join(REPO_ROOT, 'renderer', 'vite.config.ts'), logLevel: 'warn', build: { outDir: staticDir, emptyOutDir: true, minify: false } });
const home = await mkdtemp(join(tmpdir(), 'trace-explorer-home-'));
const server = await startServer({ staticDir, demoPath: join(REPO_ROOT, 'resources', 'demo-incident.json.gz'), home, openDemoByDefault: false, file });
try {
  for (const side of which.split(',')) {
    const browser = await launchBrowser({ width: 1440, height: 900 });
    try {
      const { page } = browser;
      const started = performance.now();
      if (side === 'app') {
        await page.addInitScript(OPEN_PROBE_SOURCE);
        const events = await traced(page, async () => {
          await page.goto(server.url);
          await page.waitForFunction(() => (window as { __teOpen?: unknown }).__teOpen !== undefined, undefined, { timeout: 600_000, polling: 200 });
        });
        console.log(`\n##### app: ${JSON.stringify(await page.evaluate('window.__teOpen.marks'))}, painted at ${Math.round(Number(await page.evaluate('window.__teOpen.paintedMs')))} ms`);
        await writeFile(join(work, 'profile-app.json'), JSON.stringify(events));
        summarise(events);
        longTasks(events);
      } else {
        const [handle] = launchHandles(server.url);
        const url = `${server.origin}/__open-baseline`;
        await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: baselinePage(fileBytesPath(handle!), server.token) }));
        const events = await traced(page, async () => {
          await page.goto(url);
          await page.waitForFunction(() => (window as { __teBaseline?: unknown }).__teBaseline !== undefined, undefined, { timeout: 600_000, polling: 200 });
        });
        console.log(`\n##### baseline: done at ${Math.round(Number(await page.evaluate('window.__teBaseline.doneMs')))} ms`);
        await writeFile(join(work, 'profile-baseline.json'), JSON.stringify(events));
        summarise(events);
      }
      console.log(`(${side} took ${Math.round(performance.now() - started)} ms with the trace)`);
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
}

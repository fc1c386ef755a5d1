/**
 * Browser benchmark of the Trace (waterfall) view, run by `npm run bench` (test/bench/run.ts) as
 * `node bin/run-ts.mjs test/bench/browser/waterfall.ts SPANS [full|load]`. It opens a generated
 * snapshot of one SPANS-span trace in the real app (built renderer, local web host, Debian's
 * Chromium through playwright-core, fresh profile) and prints one JSON object per measurement:
 *  (a) selection → first painted rows, (b) the longest main-thread task while the trace loads (wall
 *      time, and the CPU time of each task over 50 ms: task-cpu.ts),
 *  (c) frame times scrolling the waterfall against a static copy of the same rows scrolled the
 *      same way in the same run, (d) collapse/expand of a large subtree and of everything, click to
 *      painted frame. `load` runs (a) and (b) only; `scroll` and `toggle` run one selection and then
 *      (c) or (d) alone. `list` times, instead, the Traces view right after the open: the hash set
 *      to the list → its one row painted (the list of a snapshot holding one huge trace), then its
 *      annotations (read after the row shows), and the longest main-thread task meanwhile.
 */
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { readSnapshotFile } from '../../../electron/files/snapshot-file.ts';
import { buildDataset } from '../../../shared/dataset/index.ts';
import { launchBrowser, startTestServer } from '../../support/browser.ts';
import { installProbes, percentile, round, timeClick, timeScroll, timeSelection, WATERFALL, type LoadTiming } from './measure.ts';
import { STYLES_SOURCE } from './page-probes.ts';
import { withTaskCpu, type TaskCpu } from './task-cpu.ts';
import { PAGE_MARKUP_SOURCE, staticPage } from './static-page.ts';
import { traceSnapshot } from './trace-snapshot.ts';

const JAEGER = { firstRowsMs: 3600, frozenMs: 2000, frozen500kMs: 12_600, scrollP95Ms: 53, staticP95Ms: 30, expandAllMs: 500 };
const SELECTIONS = 3;
const SCROLL_TRIALS = 3;
const SCROLL_FRAMES = 240;
const SCROLL_STEP = 60;
const CLICK_ROUNDS = 3;
/** The Traces view's grid, and the time its one row may take to appear after the open (issue 7). */
const TRACES_GRID = '[role="grid"][aria-label="Traces"]';
const LIST_BUDGET_MS = 200;

const [spansArg, mode = 'full'] = process.argv.slice(2);
const spans = Number(spansArg ?? 100_000);
const work = resolve(import.meta.dirname, '../../../.tmp/bench');
mkdirSync(work, { recursive: true });

/** The CPU time of the longest-running main-thread task over 50 ms (wall), and every such task's wall/CPU ms (task-cpu.ts). */
function taskCpuFigures(tasks: readonly TaskCpu[]): { longestTaskCpuMs: number; tasksOver50Ms: readonly TaskCpu[] } {
  return { longestTaskCpuMs: tasks.reduce((max, task) => Math.max(max, task.cpuMs), 0), tasksOver50Ms: tasks };
}

function emit(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ spans, ...result })}\n`);
}

const made = await traceSnapshot(join(work, `waterfall-${spans}.json.gz`), spans);
const server = await startTestServer({ file: made.path });
const browser = await launchBrowser({ width: 1280, height: 800 });
try {
  const { page } = browser;
  const openedAt = performance.now();
  await page.goto(server.url.replace('#/map?', '#/start?'));
  await page.locator('.incident-bar').waitFor({ timeout: 15 * 60_000 });
  const openMs = performance.now() - openedAt;
  const params = new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
  const startHash = `#/start?${params}`;
  if (mode === 'list') {
    // Straight after the open, as someone who opens the file and goes to the Traces view.
    const row = `${TRACES_GRID} [role="row"][aria-rowindex="2"]:not([aria-busy="true"])`;
    // Loaded: no busy cell left either (the row's annotations, read after the row is shown).
    const { result: list, tasks } = await withTaskCpu(page, () =>
      timeSelection(page, `#/traces?${params}`, 300, { rows: row, ready: TRACES_GRID, pending: `${TRACES_GRID}[aria-busy="true"], ${TRACES_GRID} [aria-busy="true"]` }),
    );
    emit({
      bench: 'trace-list-one-trace', ms: round(list.firstRowsMs), budgetMs: LIST_BUDGET_MS, pass: list.firstRowsMs <= LIST_BUDGET_MS,
      annotationsMs: round(list.loadedMs), longestTaskMs: round(list.longestTaskMs), longTasks: list.longTasks, ...taskCpuFigures(tasks), openSnapshotMs: Math.round(openMs),
    });
    const shown = (await page.locator('.te-traces-count').textContent()) ?? '';
    if (shown !== '1 of 1 traces') emit({ bench: 'trace-list-wrong-count', shown, pass: false });
  }

  params.set('id', made.traceId);
  const traceHash = `#/trace?${params}`;

  // (a) and (b): choose the trace from another view, several times (the first is the cold one).
  const selections: LoadTiming[] = [];
  const selectionTasks: (readonly TaskCpu[])[] = [];
  const selectionRuns = mode === 'list' ? 0 : mode === 'scroll' || mode === 'toggle' ? 1 : mode === 'load' && spans > 200_000 ? 2 : SELECTIONS;
  for (let i = 0; i < selectionRuns; i++) {
    if (i > 0) {
      await page.evaluate(`location.hash = ${JSON.stringify(startHash)}`);
      await page.getByRole('heading', { name: 'Open an incident' }).waitFor();
    }
    const { result, tasks } = await withTaskCpu(page, () => timeSelection(page, traceHash));
    selections.push(result);
    selectionTasks.push(tasks);
  }
  const firstRows = selections.map((s) => s.firstRowsMs);
  const longest = selections.map((s) => s.longestTaskMs);
  if (selections.length > 0) emit({
    bench: 'waterfall-first-rows', ms: round(Math.max(...firstRows)), runsMs: firstRows.map((v) => round(v)), budgetMs: 1000,
    pass: Math.max(...firstRows) <= 1000, jaegerMs: JAEGER.firstRowsMs, openSnapshotMs: Math.round(openMs),
  });
  if (selections.length > 0) emit({
    bench: 'waterfall-longest-task', ms: round(Math.max(...longest)), runsMs: longest.map((v) => round(v)), budgetMs: 100,
    pass: Math.max(...longest) <= 100, jaegerFrozenMs: spans >= 500_000 ? JAEGER.frozen500kMs : JAEGER.frozenMs,
    loadedMs: selections.map((s) => round(s.loadedMs)), longestFrameMs: selections.map((s) => round(s.longestFrameMs)),
    longTasks: selections.map((s) => s.longTasks), longestTaskCpuMs: selectionTasks.map((tasks) => taskCpuFigures(tasks).longestTaskCpuMs),
    tasksOver50Ms: selectionTasks,
  });

  if (mode === 'full' || mode === 'scroll') {
    // (c) scrolling: the app against a static page of the same rows, interleaved, same run.
    const rowsNeeded = Math.ceil((SCROLL_FRAMES * SCROLL_STEP + 1200) / 26);
    await installProbes(page);
    const rows = (await page.evaluate(`window.__teBench.collectRows(${JSON.stringify(WATERFALL.scroller)}, ${rowsNeeded})`)) as string[];
    const css = (await page.evaluate(STYLES_SOURCE)) as string;
    const html = staticPage((await page.evaluate(PAGE_MARKUP_SOURCE)) as string, rows, css);
    const baseline = await browser.context.newPage();
    await baseline.setContent(html);
    const app: number[] = [];
    const still: number[] = [];
    for (let trial = 0; trial < SCROLL_TRIALS; trial++) {
      await baseline.bringToFront();
      still.push(...(await timeScroll(baseline, SCROLL_FRAMES, SCROLL_STEP)));
      await page.bringToFront();
      app.push(...(await timeScroll(page, SCROLL_FRAMES, SCROLL_STEP)));
    }
    await baseline.close();
    const appP95 = percentile(app, 95);
    const staticP95 = percentile(still, 95);
    emit({
      bench: 'waterfall-scroll', appP95Ms: round(appP95), staticP95Ms: round(staticP95), ratio: round(appP95 / staticP95, 3), budgetRatio: 1.1,
      pass: appP95 / staticP95 <= 1.1, appMedianMs: round(percentile(app, 50)), staticMedianMs: round(percentile(still, 50)),
      appMaxMs: round(Math.max(...app)), staticMaxMs: round(Math.max(...still)), frames: app.length, staticRows: rows.length, stepPx: SCROLL_STEP,
      jaegerP95Ms: JAEGER.scrollP95Ms, jaegerStaticP95Ms: JAEGER.staticP95Ms,
    });

  }
  if (mode === 'full' || mode === 'toggle') {
    // (d) collapse and expand: a large subtree (the largest holding at most half the spans) and everything.
    const trace = buildDataset(await readSnapshotFile(made.path)).traceById.get(made.traceId)!;
    let subtree = 1;
    let best = 0;
    for (let i = 1; i < trace.spans.length; i++) {
      if (trace.size[i]! <= trace.spans.length / 2 && trace.size[i]! > best) {
        subtree = i;
        best = trace.size[i]!;
      }
    }
    const row = (span: number, expanded: boolean): string => `[role="row"][aria-rowindex="${span + 1}"][aria-expanded="${expanded}"]`;
    const timings = new Map<string, number[]>();
    const time = async (action: string, target: string, shown: string): Promise<void> => {
      const list = timings.get(action) ?? [];
      list.push(await timeClick(page, target, shown));
      timings.set(action, list);
    };
    for (let round = 0; round < CLICK_ROUNDS; round++) {
      await page.evaluate(`document.querySelector(${JSON.stringify(WATERFALL.scroller)}).scrollTop = ${Math.max(0, subtree * 26 - 130)}`);
      await page.locator(row(subtree, true)).waitFor();
      await time('collapse subtree', `${row(subtree, true)} .te-wf-toggle`, row(subtree, false));
      await time('expand subtree', `${row(subtree, false)} .te-wf-toggle`, row(subtree, true));
      await time('collapse all', 'button:text-is("Collapse all")', row(0, false));
      await time('expand all', 'button:text-is("Expand all")', row(0, true));
    }
    for (const [action, list] of timings) {
      emit({
        bench: 'waterfall-toggle', action, subtreeSpans: action.includes('subtree') ? trace.size[subtree] : spans, ms: round(Math.max(...list)),
        runsMs: list.map((v) => round(v)), budgetMs: 100, pass: Math.max(...list) <= 100, ...(action === 'expand all' ? { jaegerMs: JAEGER.expandAllMs } : {}),
      });
    }
  }
  if (browser.errors.length > 0) emit({ bench: 'waterfall-page-errors', errors: browser.errors.slice(0, 10), pass: false });
} finally {
  await browser.close();
  await server.close();
}

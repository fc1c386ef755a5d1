/**
 * Browser benchmark of the Compare view, two ranges (renderer/features/compare/ranges), on the
 * path a user takes, run by `npm run bench -- compare-ranges-view` (test/bench/run.ts): the
 * compare benchmark's 100,000-trace snapshot (the demo's system at 1,000 traces a minute for 100
 * minutes, its memory change at minute 50) opened in the built app (local web host, Debian's
 * Chromium) on the Timeline; once its first suspect is listed, the suspect is selected and
 * "Compare before/after this change" clicked — timed from the click to the comparison's table
 * (`tableMs`) and to its map painted (`paintedMs`), with the longest main-thread task meanwhile;
 * then "Swap" (`swapMs`: a second question, everything made). Budget: the table ≤ 500 ms after
 * the click (issue 11's 100,000-trace before/after compare). One JSON line with `pass`.
 */
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { incidentSnapshot } from './map-snapshots.ts';
import { launchBrowser, startTestServer } from '../../support/browser.ts';

const BUDGET_MS = 500;
const work = resolve(import.meta.dirname, '../../../.tmp/bench');
mkdirSync(work, { recursive: true });
const snapshot = await incidentSnapshot(join(work, 'map-incident-100000.json.gz'), 1000, 100);
const server = await startTestServer({ demoPath: snapshot.path });
const browser = await launchBrowser({ width: 1500, height: 1000 });
const figures: Record<string, unknown> = { bench: 'compare-ranges-view', traces: snapshot.traces };
try {
  const { page } = browser;
  await page.addInitScript(() => {
    const tasks: number[] = ((window as unknown as { __teTasks: number[] }).__teTasks = []);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.startTime, entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${server.startUrl}#/timeline?src=demo`);
  const suspect = page.locator('.te-suspect').first();
  await suspect.waitFor({ timeout: 15 * 60_000 });
  await suspect.click();
  const link = page.getByRole('region', { name: 'Selected change' }).getByRole('link', { name: 'Compare before/after this change' });
  await link.waitFor();
  const clickedAt = await page.evaluate(() => performance.now());
  const started = performance.now();
  await link.click();
  await page.getByRole('table', { name: 'Calls and nodes, changed most first' }).waitFor({ timeout: 600_000 });
  const tableMs = performance.now() - started;
  await page.locator('.te-map-node--painted').first().waitFor({ timeout: 600_000 });
  const paintedMs = performance.now() - started;
  const tasks = await page.evaluate(() => (window as unknown as { __teTasks: number[] }).__teTasks);
  let longest = 0;
  for (let i = 0; i < tasks.length; i += 2) if (tasks[i]! >= clickedAt) longest = Math.max(longest, tasks[i + 1]!);
  const ranges = await page.locator('.te-cmp-range').first().textContent();
  const swapStarted = performance.now();
  await page.getByRole('button', { name: 'Swap' }).click();
  await page.waitForFunction((old) => document.querySelector('.te-cmp-range')?.textContent !== old && !document.querySelector('[aria-busy="true"]'), ranges);
  Object.assign(figures, {
    tableMs: Math.round(tableMs),
    paintedMs: Math.round(paintedMs),
    longestTaskMs: Math.round(longest),
    swapMs: Math.round(performance.now() - swapStarted),
    loadAverage: Number(loadavg()[0]!.toFixed(2)),
    budgetMs: BUDGET_MS,
    pass: tableMs <= BUDGET_MS,
    errors: browser.errors,
  });
} finally {
  await browser.close();
  await server.close();
}
console.log(JSON.stringify(figures));

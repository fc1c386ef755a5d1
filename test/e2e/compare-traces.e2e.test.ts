import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../electron/host/serve-build.ts';
import { writeSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { openInputs } from '../../shared/incident/open-inputs.ts';
import { compareTraces, entryNodeOf, typicalTrace } from '../../shared/analysis/compare/index.ts';
import type { Dataset } from '../../shared/model/index.ts';
import { formatCount } from '../../shared/base/format.ts';
import { snapshotOf, twoTraces } from '../support/compare-traces-documents.ts';
import { twoTraceSnapshot } from '../bench/browser/compare-traces-snapshot.ts';
import { demoPath, launchBrowser, saveScreenshot, startTestServer, type BrowserSession, type TestServer } from '../support/browser.ts';

/**
 * Compare, two traces, in Chromium: two traces chosen in the Traces view and compared; the
 * typical-trace URL (entry node and two ranges) the ranges view links to; linked scrolling of the
 * side-by-side layout; the error state; two generated 100,000-span traces, with the time from the
 * navigation to the first merged rows. Expected values are computed here in Node on the same file.
 */
let server: TestServer;
let dataset: Dataset;

async function datasetOf(path: string): Promise<Dataset> {
  return (await openInputs([{ name: basename(path), bytes: new Uint8Array(await readFile(path)) }])).dataset;
}

beforeAll(async () => {
  server = await startTestServer();
  dataset = await datasetOf(demoPath());
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const hashParams = (page: Page): URLSearchParams => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
const merged = (page: Page) => page.getByRole('treegrid', { name: 'Merged spans of both traces' });

async function openDemoTraces(page: Page): Promise<void> {
  await page.goto(server.startUrl);
  await page.getByRole('button', { name: 'Open the demo incident' }).click();
  await page.waitForURL(/#\/map/);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Traces' }).click();
}

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`Compare two traces on the demo in Chromium (${colorScheme})`, () => {
    let browser: BrowserSession;
    beforeAll(async () => {
      browser = await launchBrowser({ colorScheme, width: 1440, height: 960 });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('chooses two traces in the trace list (click, then the m key) and compares them', async () => {
      const { page } = browser;
      await openDemoTraces(page);
      const grid = page.getByRole('grid', { name: 'Traces' });
      const row = (n: number) => grid.locator(`[role="row"][aria-rowindex="${n}"]:not([aria-busy="true"])`);
      await row(2).waitFor();
      await row(2).getByRole('button', { name: /^Mark trace .* for compare$/ }).click();
      const bar = page.getByRole('region', { name: 'Compare two traces' });
      await expect.poll(() => bar.textContent()).toContain('1 of 2 chosen for compare');
      await grid.focus();
      await page.keyboard.press('j');
      await page.keyboard.press('m');
      await expect.poll(() => bar.textContent()).toContain('2 of 2 chosen for compare');
      await saveScreenshot(page, `compare-traces-chosen-${colorScheme}`);
      const ids = await grid.getByRole('button', { name: /^Mark trace .* for compare$/, pressed: true }).evaluateAll((buttons) => buttons.map((b) => /Mark trace (\S+) for compare/.exec(b.getAttribute('aria-label') ?? '')![1]!));
      expect(ids.length).toBe(2);
      await bar.getByRole('link', { name: 'Compare' }).click();
      await page.waitForURL(/#\/compare\?/);
      const params = hashParams(page);
      expect(params.get('mode')).toBe('traces');
      const [a, b] = [dataset.traceById.get(params.get('a')!)!, dataset.traceById.get(params.get('b')!)!];
      expect(new Set([a.id, b.id])).toEqual(new Set(ids));
      expect(a.start).toBeLessThanOrEqual(b.start);
      await merged(page).getByRole('row').first().waitFor();
      const expected = compareTraces(a, b);
      expect(await merged(page).getAttribute('aria-rowcount')).toBe(String(expected.rowCount));
      expect(await page.getByLabel('Totals').textContent()).toContain(`${formatCount(expected.matched)} matched pair`);
      expect(await page.getByRole('region', { name: 'Before trace' }).getByRole('link').textContent()).toBe(a.id);
      await saveScreenshot(page, `compare-traces-merged-${colorScheme}`);
      expect(browser.errors).toEqual([]);
    }, 120_000);

    it('opens the typical trace before and after from the URL the ranges view links to', async () => {
      const { page } = browser;
      const entry = entryNodeOf(dataset.traces[0]!)!;
      const starts = dataset.traces.map((t) => t.start);
      const [from, to] = [Math.floor(Math.min(...starts)), Math.ceil(Math.max(...starts)) + 1];
      const middle = Math.round((from + to) / 2);
      const before = typicalTrace(dataset.traces, entry, [from, middle]).trace!;
      const after = typicalTrace(dataset.traces, entry, [middle, to]).trace!;
      const params = hashParams(page);
      const next = new URLSearchParams([['mode', 'traces'], ['entry', entry], ['before', `${from}~${middle}`], ['after', `${middle}~${to}`], ...params.getAll('src').map((s) => ['src', s] as [string, string])]);
      await page.evaluate((hash) => {
        location.hash = hash;
      }, `#/compare?${next}`);
      await merged(page).getByRole('row').first().waitFor();
      expect(await page.getByRole('region', { name: 'Before trace' }).getByRole('link').textContent()).toBe(before.id);
      expect(await page.getByRole('region', { name: 'After trace' }).getByRole('link').textContent()).toBe(after.id);
      // Swap: the ranges change places, and so do the traces.
      await page.getByRole('button', { name: /Swap before and after/ }).click();
      await expect.poll(() => page.getByRole('region', { name: 'Before trace' }).getByRole('link').textContent()).toBe(after.id);
      await page.getByRole('combobox', { name: /Order/ }).selectOption('duration');
      await merged(page).getByRole('row').first().waitFor();
      await saveScreenshot(page, `compare-traces-typical-by-delta-${colorScheme}`);
    }, 120_000);

    it('says which trace is not there', async () => {
      const { page } = browser;
      const params = new URLSearchParams([['mode', 'traces'], ['a', dataset.traces[0]!.id], ['b', '1-00000000-000000000000000000000000'], ...hashParams(page).getAll('src').map((s) => ['src', s] as [string, string])]);
      await page.evaluate((hash) => {
        location.hash = hash;
      }, `#/compare?${params}`);
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('The after trace 1-00000000-000000000000000000000000 is not in this incident.');
      await saveScreenshot(page, `compare-traces-error-${colorScheme}`);
    }, 60_000);
  });
}

describe('Compare side by side in Chromium: two generated traces that differ in one subtree', () => {
  let small: TestServer;
  const pair = twoTraces();
  beforeAll(async () => {
    const path = join(REPO_ROOT, '.tmp', 'e2e', 'compare-two-traces.json.gz');
    await mkdir(dirname(path), { recursive: true });
    await writeSnapshotFile(path, snapshotOf([...pair.before, ...pair.after]));
    small = await startTestServer({ file: path });
  }, 120_000);
  afterAll(async () => {
    await small?.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`scrolls the two waterfalls together, matched rows level, a gap where one has no span (${colorScheme})`, async () => {
      const browser = await launchBrowser({ colorScheme, width: 1440, height: 960 });
      try {
        const { page } = browser;
        await page.goto(small.url.replace('#/map?', '#/start?'));
        await page.locator('.incident-bar').waitFor({ timeout: 60_000 });
        const params = hashParams(page);
        for (const [key, value] of [['mode', 'traces'], ['a', pair.beforeId], ['b', pair.afterId], ['layout', 'side']]) params.set(key!, value!);
        await page.evaluate((hash) => {
          location.hash = hash;
        }, `#/compare?${params}`);
        const left = page.getByRole('treegrid', { name: `Spans of the before trace ${pair.beforeId}` });
        const right = page.getByRole('treegrid', { name: `Spans of the after trace ${pair.afterId}` });
        await left.getByRole('row').first().waitFor();
        /** The merged row at the top of a list's viewport. */
        const topRow = (grid: typeof left) =>
          grid.evaluate((element) => {
            const shown = [...element.querySelectorAll<HTMLElement>('[role="row"]')].filter((row) => row.offsetTop >= element.scrollTop).sort((x, y) => x.offsetTop - y.offsetTop);
            return shown[0]?.getAttribute('data-row') ?? null;
          });
        // Scroll the before list: the after list follows to the same merged row.
        await left.evaluate((element) => {
          element.scrollTop = 30 * 150;
        });
        await expect.poll(() => right.evaluate((element) => element.scrollTop)).toBe(30 * 150);
        await expect.poll(async () => (await topRow(right)) !== null && (await topRow(right)) === (await topRow(left))).toBe(true);
        expect(await topRow(left)).toBe('150');
        // The other way round, to where the after trace has spans the before trace has not.
        const only = await right.evaluate(async (element) => {
          for (let top = 0; top < element.scrollHeight; top += element.clientHeight) {
            element.scrollTop = top;
            await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
            const row = element.querySelector<HTMLElement>('.te-cmp-row--after');
            if (row) {
              element.scrollTop = Math.max(0, row.offsetTop - 90);
              return row.getAttribute('data-row');
            }
          }
          return null;
        });
        expect(only).not.toBeNull();
        await expect.poll(() => left.locator(`[data-row="${only}"]`).textContent()).toBe('Not in the before trace');
        expect(await right.locator(`[data-row="${only}"]`).textContent()).toContain('extra-call');
        const [leftTop, rightTop] = await Promise.all([left.locator(`[data-row="${only}"]`).boundingBox(), right.locator(`[data-row="${only}"]`).boundingBox()]);
        expect(leftTop!.y).toBeCloseTo(rightTop!.y, 0);
        await saveScreenshot(page, `compare-traces-side-${colorScheme}`);
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 120_000);
  }
});

describe('Compare two generated 100,000-span traces in Chromium', () => {
  let big: TestServer;
  let ids: string[];
  /** The merged row with the largest |self-time delta| (the first in row order among equals), from the analysis run here. */
  let largestSelf: number;
  beforeAll(async () => {
    const path = await twoTraceSnapshot(join(REPO_ROOT, '.tmp', 'bench', 'compare-2x100000.json.gz'), 100_000);
    const traces = (await datasetOf(path)).traces;
    ids = traces.map((t) => t.id);
    const { rows, rowCount } = compareTraces(traces[0]!, traces[1]!);
    largestSelf = 0;
    for (let r = 1; r < rowCount; r++) if (Math.abs(rows.selfDelta[r]!) > Math.abs(rows.selfDelta[largestSelf]!) || Number.isNaN(rows.selfDelta[largestSelf]!)) largestSelf = Number.isNaN(rows.selfDelta[r]!) ? largestSelf : r;
    big = await startTestServer({ file: path });
  }, 300_000);
  afterAll(async () => {
    await big?.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows loading, then the merged rows, and stays responsive (${colorScheme})`, async () => {
      const browser = await launchBrowser({ colorScheme, width: 1440, height: 960 });
      try {
        const { page } = browser;
        await page.goto(big.url.replace('#/map?', '#/start?'));
        await page.locator('.incident-bar').waitFor({ timeout: 120_000 });
        expect(ids.length).toBe(2);
        const params = hashParams(page);
        params.set('mode', 'traces');
        params.set('a', ids[0]!);
        params.set('b', ids[1]!);
        // Navigation → first merged rows, and the longest main-thread task meanwhile (a figure, not a budget).
        const timed = (hash: string, before: string) =>
          page.evaluate(
            async ([next, id]) => {
              const tasks: number[] = [];
              const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((entry) => entry.duration)));
              observer.observe({ type: 'longtask' });
              const start = performance.now();
              location.hash = next!;
              for (;;) {
                const link = document.querySelector('[aria-label="Before trace"] a');
                if (document.querySelector('[aria-label="Merged spans of both traces"] [role="row"]') && link?.textContent === id) break;
                await new Promise((resolve) => requestAnimationFrame(resolve));
              }
              const elapsed = performance.now() - start;
              await new Promise((resolve) => setTimeout(resolve, 0));
              observer.disconnect();
              return { elapsed, longest: Math.max(0, ...tasks) };
            },
            [hash, before],
          );
        const cold = await timed(`#/compare?${params}`, ids[0]!);
        params.set('a', ids[1]!);
        params.set('b', ids[0]!);
        const warm = await timed(`#/compare?${params}`, ids[1]!);
        console.log(
          `compare 2×100,000 spans (${colorScheme}): navigation → first merged rows ${Math.round(cold.elapsed)} ms (longest task ${Math.round(cold.longest)} ms); the pair swapped, traces already read: ${Math.round(warm.elapsed)} ms (longest task ${Math.round(warm.longest)} ms)`,
        );
        expect(await merged(page).getAttribute('aria-rowcount')).not.toBeNull();
        expect(await merged(page).getByRole('row').count()).toBeLessThan(100);
        await saveScreenshot(page, `compare-traces-100k-${colorScheme}`);
        await merged(page).evaluate((element) => {
          element.scrollTop = 30 * 90_000;
        });
        await expect.poll(async () => Number(await merged(page).getByRole('row').first().getAttribute('aria-rowindex'))).toBeGreaterThan(89_000);
        await page.getByRole('combobox', { name: /Order/ }).selectOption('self');
        // The new order starts at its top: the largest |self delta| first.
        await expect.poll(() => merged(page).getByRole('row').first().getAttribute('data-row')).toBe(String(largestSelf));
        await saveScreenshot(page, `compare-traces-100k-by-self-${colorScheme}`);
        // A new question (swapped) shows that it is loading, then its own answer.
        await page.getByRole('button', { name: /Swap before and after/ }).click();
        await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`Comparing trace ${ids[0]} with ${ids[1]}`);
        await saveScreenshot(page, `compare-traces-100k-loading-${colorScheme}`);
        await expect.poll(() => page.getByRole('region', { name: 'Before trace' }).getByRole('link').textContent(), { timeout: 60_000 }).toBe(ids[0]);
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 300_000);
  }
});

import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../electron/host/serve-build.ts';
import { openInputs } from '../../shared/incident/open-inputs.ts';
import { analyseWaterfall, type WaterfallAnalysis } from '../../shared/analysis/trace/trace-analysis.ts';
import { searchTrace } from '../../shared/analysis/trace/search.ts';
import type { Dataset, Trace } from '../../shared/model/index.ts';
import { formatDuration } from '../../shared/base/format.ts';
import { traceSnapshot } from '../bench/browser/trace-snapshot.ts';
import { demoPath, launchBrowser, saveScreenshot, startTestServer, type BrowserSession, type TestServer } from '../support/browser.ts';

/**
 * The Trace (waterfall) view in Chromium: the slowest trace of the demo opened from the Traces
 * view, its critical path and gateway overhead checked against the same analysis run here in Node
 * on the same file, collapse and expand, search (answered by the worker), the detail panel; and a
 * generated 100,000-span trace. Screenshots light and dark.
 */
let server: TestServer;
let dataset: Dataset;

async function datasetOf(path: string): Promise<Dataset> {
  return (await openInputs([{ name: basename(path), bytes: new Uint8Array(await readFile(path)) }])).dataset;
}

beforeAll(async () => {
  server = await startTestServer();
  dataset = await datasetOf(demoPath());
});

afterAll(async () => {
  await server?.close();
});

const hashParams = (page: Page): URLSearchParams => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
const tree = (page: Page): Locator => page.getByRole('treegrid');

/** The rendered rows of the tree: span index (aria-rowindex − 1), level, expanded, critical mark. */
async function shownRows(page: Page): Promise<{ span: number; level: number; expanded: string | null; critical: boolean; name: string }[]> {
  return tree(page)
    .getByRole('row')
    .evaluateAll((rows) =>
      rows.map((row) => ({
        span: Number(row.getAttribute('aria-rowindex')) - 1,
        level: Number(row.getAttribute('aria-level')),
        expanded: row.getAttribute('aria-expanded'),
        critical: (row.textContent ?? '').includes('on the critical path'),
        name: row.querySelector('.te-wf-label')?.textContent ?? '',
      })),
    );
}

/** The analysis is in when the header no longer says it is being computed. */
async function analysed(page: Page): Promise<void> {
  await tree(page).getByRole('row').first().waitFor();
  await page.locator('.te-trace-pending').waitFor({ state: 'detached', timeout: 60_000 });
}

/** Every rendered row is marked critical exactly when the analysis computed here puts its span on the path. */
function expectAnalysisShown(rows: Awaited<ReturnType<typeof shownRows>>, analysis: WaterfallAnalysis, someCritical = true): void {
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect({ span: row.span, critical: row.critical }).toEqual({ span: row.span, critical: analysis.criticalPath.onPath[row.span] === 1 });
  if (someCritical) expect(rows.some((row) => row.critical)).toBe(true);
}

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`Trace view on the demo in Chromium (${colorScheme})`, () => {
    let browser: BrowserSession;
    let trace: Trace;
    let analysis: WaterfallAnalysis;
    beforeAll(async () => {
      browser = await launchBrowser({ colorScheme, width: 1440, height: 900 });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('opens the slowest trace from the Traces view sorted by duration', async () => {
      const { page } = browser;
      await page.goto(server.startUrl);
      await page.getByRole('button', { name: 'Open the demo incident' }).click();
      await page.waitForURL(/#\/map/);
      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Traces' }).click();
      const grid = page.getByRole('grid', { name: 'Traces' });
      await grid.getByRole('button', { name: /^Duration/ }).click();
      await grid.locator('[role="columnheader"][aria-sort="descending"]', { hasText: 'Duration' }).waitFor();
      const first = grid.locator('[role="row"][aria-rowindex="2"]:not([aria-busy="true"])');
      await first.waitFor();
      await first.locator('[role="gridcell"]').nth(1).click();
      await page.waitForURL(/#\/trace\?/);
      const id = hashParams(page).get('id')!;
      // The slowest by the summaries the list shows, computed here.
      const slowest = Math.max(...dataset.summaries.map((s) => s.Duration ?? 0));
      expect(dataset.summaries.find((s) => s.Id === id)?.Duration).toBe(slowest);
      trace = dataset.traceById.get(id)!;
      analysis = analyseWaterfall(trace);
      await tree(page).getByRole('row').first().waitFor();
      expect(await tree(page).getAttribute('aria-rowcount')).toBe(String(trace.spans.length));
    });

    it('marks the critical path and shows the gateway overhead computed from the data', async () => {
      const { page } = browser;
      await analysed(page);
      const rows = await shownRows(page);
      expect(rows.map((row) => row.name)).toEqual(trace.spans.map((span) => span.name));
      expectAnalysisShown(rows, analysis);
      const overheads = [...analysis.gatewayOverheads.values()].filter((o) => o.overhead !== undefined);
      expect(overheads.length).toBeGreaterThan(0);
      for (const overhead of overheads) {
        const stage = trace.spans[overhead.stage]!;
        const shown = formatDuration(overhead.overhead);
        await page.getByText(`Gateway overhead of ${stage.name}: ${shown}`).waitFor();
        const row = tree(page).locator(`[role="row"][aria-rowindex="${overhead.stage + 1}"]`);
        expect(await row.locator('.te-chip--overhead').textContent()).toBe(`Gateway overhead ${shown}`);
        await row.locator('.te-wf-label').click();
        const panel = page.getByRole('region', { name: 'Span details' });
        const field = panel.getByRole('region', { name: 'Gateway overhead' }).locator('dt', { hasText: /^overhead$/ }).locator('xpath=following-sibling::dd[1]');
        expect(await field.textContent()).toBe(shown);
        expect(await panel.locator('dt', { hasText: /^stage duration$/ }).locator('xpath=following-sibling::dd[1]').textContent()).toBe(formatDuration(overhead.stageDuration));
      }
      // Lambda phases are labelled on their rows.
      for (const [span, phase] of analysis.lambdaPhases) {
        const row = tree(page).locator(`[role="row"][aria-rowindex="${span + 1}"]`);
        expect(await row.locator('.te-chip--phase').textContent()).toMatch(phase === 'Initialization' ? /cold start/ : /Lambda phase/);
      }
      await saveScreenshot(page, `trace-demo-${colorScheme}`);
    });

    it('collapses and expands: everything, one span, and with the keyboard', async () => {
      const { page } = browser;
      const roots = trace.spans.filter((_, i) => trace.parent[i] === -1).length;
      const childrenOf = (span: number): number => trace.spans.filter((_, i) => trace.parent[i] === span).length;
      await page.getByRole('button', { name: 'Collapse all' }).click();
      await expect.poll(async () => (await shownRows(page)).length).toBe(roots);
      expect((await shownRows(page))[0]!.expanded).toBe('false');
      await page.getByRole('button', { name: `Expand ${trace.spans[0]!.name}` }).click();
      await expect.poll(async () => (await shownRows(page)).length).toBe(roots + childrenOf(0));
      await page.getByRole('button', { name: 'Expand all' }).click();
      await expect.poll(async () => (await shownRows(page)).length).toBe(trace.spans.length);
      // Keyboard: select a span with children, collapse it with ←, expand it with →.
      const parent = trace.spans.findIndex((_, i) => i > 0 && trace.size[i]! > 2);
      await tree(page).locator(`[role="row"][aria-rowindex="${parent + 1}"] .te-wf-label`).click();
      await tree(page).focus();
      await page.keyboard.press('ArrowLeft');
      await expect.poll(async () => (await shownRows(page)).length).toBe(trace.spans.length - trace.size[parent]! + 1);
      await saveScreenshot(page, `trace-demo-collapsed-${colorScheme}`);
      await page.keyboard.press('ArrowRight');
      await expect.poll(async () => (await shownRows(page)).length).toBe(trace.spans.length);
      expectAnalysisShown(await shownRows(page), analysis);
      // The tree's keys are listed by the help overlay.
      await page.keyboard.press('?');
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await help.getByText('Trace (waterfall)').waitFor();
      await page.keyboard.press('Escape');
      await help.waitFor({ state: 'detached' });
    });

    it('searches with the worker and shows the found span\'s document', async () => {
      const { page } = browser;
      const span = trace.spans.findIndex((s) => s.doc.cause !== undefined && s.kind !== 'segment');
      const target = span >= 0 ? span : trace.spans.length - 1;
      const query = trace.spans[target]!.name;
      const expected = searchTrace(trace, query);
      await tree(page).focus();
      await page.keyboard.press('/');
      await page.keyboard.type(query);
      await page.getByRole('status').filter({ hasText: new RegExp(`^${expected.length} matching spans?$`) }).waitFor();
      await page.keyboard.press('Enter');
      const panel = page.getByRole('region', { name: 'Span details' });
      await panel.getByRole('heading', { level: 2, name: trace.spans[expected[0]!]!.name }).waitFor();
      await panel.getByRole('region', { name: 'Raw JSON' }).getByRole('button', { name: 'Raw JSON' }).click();
      const raw = await panel.getByLabel('Raw JSON document').textContent();
      expect(JSON.parse(raw!)).toEqual(trace.spans[expected[0]!]!.doc);
      await saveScreenshot(page, `trace-demo-detail-${colorScheme}`);
    });

    it('raised no script errors and no CSP violations', () => {
      expect(browser.errors).toEqual([]);
    });
  });
}

describe('Trace view of a generated 100,000-span trace in Chromium', () => {
  let big: TestServer;
  let trace: Trace;
  let analysis: WaterfallAnalysis;
  let hash: string;
  beforeAll(async () => {
    const made = await traceSnapshot(join(REPO_ROOT, '.tmp', 'bench', 'waterfall-100000.json.gz'), 100_000);
    big = await startTestServer({ file: made.path });
    trace = (await datasetOf(made.path)).traceById.get(made.traceId)!;
    analysis = analyseWaterfall(trace);
    hash = made.traceId;
  }, 180_000);
  afterAll(async () => {
    await big?.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows its rows, critical path and gateway overhead (${colorScheme})`, async () => {
      const browser = await launchBrowser({ colorScheme, width: 1440, height: 900 });
      try {
        const { page } = browser;
        await page.goto(big.url.replace('#/map?', '#/start?'));
        await page.locator('.incident-bar').waitFor({ timeout: 120_000 });
        const params = hashParams(page);
        params.set('id', hash);
        await page.evaluate((next) => {
          location.hash = next;
        }, `#/trace?${params}`);
        await analysed(page);
        expect(await tree(page).getAttribute('aria-rowcount')).toBe('100000');
        expectAnalysisShown(await shownRows(page), analysis);
        const [overhead] = [...analysis.gatewayOverheads.values()];
        await page.getByText(`Gateway overhead of ${trace.spans[overhead!.stage]!.name}: ${formatDuration(overhead!.overhead)}`).waitFor();
        await saveScreenshot(page, `trace-100k-${colorScheme}`);
        // Far down the tree: rows are rendered where the tree is scrolled to.
        await tree(page).evaluate((element) => {
          element.scrollTop = 26 * 60_000;
        });
        await expect.poll(async () => (await shownRows(page)).some((row) => row.span >= 60_000 && row.span < 60_030)).toBe(true);
        expectAnalysisShown(await shownRows(page), analysis, false);
        await saveScreenshot(page, `trace-100k-scrolled-${colorScheme}`);
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 180_000);
  }
});

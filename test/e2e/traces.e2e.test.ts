import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInputs } from '../../shared/incident/open-inputs.ts';
import type { XRayTraceSummary } from '../../shared/model/xray.ts';
import { demoPath, launchBrowser, saveScreenshot, startTestServer, type BrowserSession, type TestServer } from '../support/browser.ts';

/**
 * The Traces view in Chromium on the demo incident: filter with an expression, brush a duration
 * range, see an error's position, open a trace. Expected counts come from the demo's
 * GetTraceSummaries items, read here in Node.
 */
let server: TestServer;
let summaries: readonly XRayTraceSummary[];
/** Traces with a call to the DynamoDB table `Orders` (its inferred node), from the segments. */
let reachingTable: number;

beforeAll(async () => {
  server = await startTestServer();
  const path = demoPath();
  const incident = await openInputs([{ name: basename(path), bytes: new Uint8Array(await readFile(path)) }]);
  summaries = incident.dataset.summaries;
  reachingTable = incident.dataset.traces.filter((trace) =>
    trace.spans.some((span) => span.inferred && span.origin === 'AWS::DynamoDB::Table' && (span.doc.aws as { table_name?: string } | undefined)?.table_name === 'Orders'),
  ).length;
});

afterAll(async () => {
  await server?.close();
});

const countText = (matched: number): string => `${matched.toLocaleString('en-US')} of ${summaries.length.toLocaleString('en-US')} traces`;
const hashParams = (page: Page): URLSearchParams => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');

async function applyFilter(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Filter expression');
  await box.fill(text);
  await box.press('Enter');
}

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`Traces view in Chromium (${colorScheme})`, () => {
    let browser: BrowserSession;
    beforeAll(async () => {
      browser = await launchBrowser({ colorScheme, width: 1360, height: 900 });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('opens the demo and lists every trace', async () => {
      const { page } = browser;
      await page.goto(server.startUrl);
      await page.getByRole('button', { name: 'Open the demo incident' }).click();
      await page.waitForURL(/#\/map/);
      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Traces' }).click();
      await page.getByText(countText(summaries.length)).waitFor();
      expect(summaries.length).toBeGreaterThan(1000);
      expect(await page.getByRole('grid', { name: 'Traces' }).getAttribute('aria-rowcount')).toBe(String(summaries.length + 1));
      expect(await page.getByRole('grid', { name: 'Traces' }).getByRole('row').count()).toBeLessThan(80);
    });

    it('filters with "fault AND responsetime > 1" to the count computed from the data', async () => {
      const { page } = browser;
      await applyFilter(page, 'fault AND responsetime > 1');
      const expected = summaries.filter((s) => s.HasFault === true && (s.ResponseTime ?? 0) > 1).length;
      expect(expected).toBeGreaterThan(0);
      await page.getByText(countText(expected)).waitFor();
      expect(hashParams(page).get('q')).toBe('fault AND responsetime > 1');
      await saveScreenshot(page, `traces-filtered-${colorScheme}`);
    });

    it('keeps a duration range brushed on the histogram', async () => {
      const { page } = browser;
      await applyFilter(page, 'fault OR error');
      const either = summaries.filter((s) => s.HasFault === true || s.HasError === true);
      await page.getByText(countText(either.length)).waitFor();
      const chart = page.getByRole('img', { name: /Duration histogram/ });
      const box = (await chart.boundingBox())!;
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + 60, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.3, y, { steps: 8 });
      await page.mouse.up();
      await page.waitForFunction(() => location.hash.includes('range='));
      const [low, high] = hashParams(page).get('range')!.split('~').map(Number) as [number, number];
      expect(high).toBeGreaterThan(low);
      const expected = either.filter((s) => s.Duration! >= low && s.Duration! <= high).length;
      await page.getByText(countText(expected)).waitFor();
      await page.getByRole('button', { name: /Remove Duration/ }).waitFor();
      await saveScreenshot(page, `traces-brushed-${colorScheme}`);
      await page.getByRole('button', { name: /Remove Duration/ }).click();
      await page.getByText(countText(either.length)).waitFor();
    });

    it('points at the position of a mistake in the expression', async () => {
      const { page } = browser;
      await applyFilter(page, 'fault AND responsetime >');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain("Expected a number after '>' at the end.");
      expect(await page.getByLabel('Filter expression').getAttribute('aria-invalid')).toBe('true');
      await saveScreenshot(page, `traces-error-${colorScheme}`);
      await page.getByLabel('Filter expression').press('Escape');
      await alert.waitFor({ state: 'detached' });
    });

    it('opens the selected trace with the keyboard', async () => {
      const { page } = browser;
      const grid = page.getByRole('grid', { name: 'Traces' });
      await grid.focus();
      await page.keyboard.press('j');
      const active = await grid.getAttribute('aria-activedescendant');
      const title = await page.locator(`[id="${active}"] [title]`).first().getAttribute('title');
      const id = title!.split('\n')[1]!;
      await page.keyboard.press('Enter');
      await page.waitForURL(/#\/trace\?/);
      expect(hashParams(page).get('id')).toBe(id);
    });

    it('lists the traces of the node selected on the map ("Show traces")', async () => {
      const { page } = browser;
      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Service map' }).click();
      await page.getByRole('group', { name: 'Map of services' }).getByRole('button', { name: 'Orders', exact: true }).click();
      await page.getByRole('complementary', { name: 'Selected service' }).getByRole('button', { name: 'Show traces' }).click();
      await page.waitForURL((url) => url.hash.startsWith('#/traces'));
      expect(reachingTable).toBeGreaterThan(0);
      await page.getByText(countText(reachingTable)).waitFor();
      await page.getByRole('list', { name: 'Other conditions' }).getByText('Service: Orders (AWS::DynamoDB::Table)').waitFor();
      expect(hashParams(page).get('node')).toBe('AWS::DynamoDB::Table|Orders');
      await saveScreenshot(page, `traces-from-map-${colorScheme}`);
    });

    it('raised no script errors and no CSP violations', () => {
      expect(browser.errors).toEqual([]);
    });
  });
}

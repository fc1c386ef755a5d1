import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInputs } from '../../shared/incident/open-inputs.ts';
import { summarizeIncident, type IncidentSummary } from '../../shared/incident/incident-summary.ts';
import { fixturePath } from '../support/fixtures.ts';
import { demoPath, launchBrowser, saveScreenshot, startTestServer, type BrowserSession, type TestServer } from '../support/browser.ts';
import type { Page } from 'playwright-core';

const BAD_FILE = fixturePath('cloud-custodian-cwe/ec2-duty-event.json');
const GOOD_FILE = fixturePath('aws-cli-examples/batch-get-traces_output.json');

let server: TestServer;
let expected: IncidentSummary & { spans: number };

async function summaryOf(path: string): Promise<IncidentSummary & { spans: number }> {
  const incident = await openInputs([{ name: basename(path), bytes: new Uint8Array(await readFile(path)) }]);
  const spans = incident.dataset.traces.reduce((sum, trace) => sum + trace.spans.length, 0);
  return { ...summarizeIncident(incident.dataset, incident.problems), spans };
}

/** The counts the page shows, by their labels. */
async function shownCounts(page: Page): Promise<Map<string, number>> {
  const region = page.getByRole('region', { name: 'Incident counts' });
  const terms = await region.locator('dt').allTextContents();
  const values = await region.locator('dd').allTextContents();
  return new Map(terms.map((term, i) => [term, Number((values[i] ?? '').replace(/,/g, ''))]));
}

/** The map view once the incident is open (its heading alone also shows while loading). */
async function mapShown(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Service map' }).waitFor();
  await page.getByRole('region', { name: 'Incident counts' }).waitFor();
}

beforeAll(async () => {
  server = await startTestServer();
  expected = await summaryOf(demoPath());
});

afterAll(async () => {
  await server?.close();
});

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`explorer foundation in Chromium (${colorScheme})`, () => {
    let browser: BrowserSession;
    beforeAll(async () => {
      browser = await launchBrowser({ colorScheme });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('shows the start page, opens the demo and shows its counts on the map view', async () => {
      const { page } = browser;
      await page.goto(server.startUrl);
      await page.getByRole('heading', { name: 'Open an incident' }).waitFor();
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');
      await saveScreenshot(page, `start-${colorScheme}`);

      await page.getByRole('button', { name: 'Open the demo incident' }).click();
      await mapShown(page);
      expect(new URL(page.url()).hash).toBe('#/map?src=demo');
      const counts = await shownCounts(page);
      expect(counts.get('Traces')).toBe(expected.traces);
      expect(counts.get('Spans')).toBe(expected.spans);
      expect(counts.get('Services')).toBe(expected.services.length);
      expect(counts.get('CloudTrail events')).toBe(expected.events);
      expect(expected.traces).toBeGreaterThan(0);
      const services = await page.getByRole('list', { name: 'Services' }).getByRole('listitem').allTextContents();
      expect(services).toHaveLength(expected.services.length);
      for (const service of expected.services) expect(services.some((text) => text.startsWith(service.name))).toBe(true);
      await saveScreenshot(page, `map-placeholder-${colorScheme}`);
    });

    it('reopens the same view after a reload, from the URL', async () => {
      const { page } = browser;
      await page.reload();
      await mapShown(page);
      expect((await shownCounts(page)).get('Traces')).toBe(expected.traces);
    });

    it('shows the keyboard help on ? and closes it with Escape', async () => {
      const { page } = browser;
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await dialog.waitFor();
      await saveScreenshot(page, `help-${colorScheme}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    });

    it('gives a clear error for a file that is not a supported format, and opens a good one', async () => {
      const { page } = browser;
      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Start' }).click();
      await page.getByLabel('Open files…').setInputFiles(BAD_FILE);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      const text = await alert.textContent();
      expect(text).toContain('Could not open ec2-duty-event.json');
      expect(text).toMatch(/GuardDuty/);
      await saveScreenshot(page, `error-${colorScheme}`);

      await page.getByLabel('Open files…').setInputFiles([GOOD_FILE]);
      await mapShown(page);
      expect(new URL(page.url()).hash).toBe('#/map');
      const good = await summaryOf(GOOD_FILE);
      expect((await shownCounts(page)).get('Traces')).toBe(good.traces);
    });

    it('raised no script errors and no CSP violations', () => {
      expect(browser.errors).toEqual([]);
    });
  });
}

describe('launch URL and host guards, from the page', () => {
  it('opens the file given to serve straight away, and remembers it as recent', async () => {
    const launched = await startTestServer({ file: GOOD_FILE });
    const browser = await launchBrowser();
    try {
      expect(launched.url).toMatch(/#\/map\?src=path%3A/);
      await browser.page.goto(launched.url);
      await mapShown(browser.page);
      await browser.page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Start' }).click();
      await browser.page.getByRole('button', { name: 'Open batch-get-traces_output.json' }).waitFor();
      await saveScreenshot(browser.page, 'start-with-recent-light');
      const status = await browser.page.evaluate(async () => (await fetch('/api/getAppInfo', { method: 'POST', body: new Uint8Array(8) })).status);
      expect(status).toBe(403);
    } finally {
      await browser.close();
      await launched.close();
    }
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInputs } from '../../shared/incident/open-inputs.ts';
import { summarizeIncident, type IncidentSummary } from '../../shared/incident/incident-summary.ts';
import { fixturePath } from '../support/fixtures.ts';
import { launchHandles, writeRecentList } from '../support/host-requests.ts';
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
      // The list fills when the worker's map model arrives, after the counts: wait for its last item.
      const items = page.getByRole('list', { name: 'Services' }).getByRole('listitem');
      await items.nth(expected.services.length - 1).waitFor();
      const services = await items.allTextContents();
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

describe('launch URL, handles and host guards, from the page', () => {
  it('opens the file given to serve by its handle, reopens it on reload and after a restart, and remembers it as recent', async () => {
    const home = await mkdtemp(join(tmpdir(), 'te-e2e-home-'));
    const browser = await launchBrowser();
    try {
      const first = await startTestServer({ file: GOOD_FILE, home });
      const [handle = ''] = launchHandles(first.url);
      try {
        expect(first.url).toMatch(new RegExp(`#/map\\?src=file%3A${handle}$`));
        expect(first.url).not.toContain('batch-get-traces');
        await browser.page.goto(first.url);
        await mapShown(browser.page);
        expect(new URL(browser.page.url()).hash).toBe(`#/map?src=file%3A${handle}`);
        await browser.page.reload();
        await mapShown(browser.page);
        await browser.page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Start' }).click();
        const recent = browser.page.getByRole('button', { name: 'Open batch-get-traces_output.json' });
        await recent.waitFor();
        expect(await recent.textContent()).toContain(dirname(GOOD_FILE));
        const status = await browser.page.evaluate(async () => (await fetch('/api/getAppInfo', { method: 'POST', body: new Uint8Array(8) })).status);
        expect(status).toBe(403);
      } finally {
        await first.close();
      }
      // A new host (new token) on the same home: the link's handle is the recent entry's, so it still opens.
      const second = await startTestServer({ home });
      try {
        await browser.page.goto(`${second.startUrl}#/map?src=file%3A${handle}`);
        await mapShown(browser.page);
        expect((await shownCounts(browser.page)).get('Traces')).toBe((await summaryOf(GOOD_FILE)).traces);
        // A handle this host never gave out opens nothing and says so, naming no path.
        await browser.page.goto(`${second.startUrl}#/map?src=file%3AneverGrantedHandle0000`);
        const alert = browser.page.getByRole('alert');
        await alert.waitFor();
        expect(await alert.textContent()).toMatch(/does not know/);
        // The only failed loads are the refused fetch above and the first page's calls to its closed host.
        expect(browser.errors.filter((error) => !/^console: Failed to load resource: (the server responded with a status of 403|net::ERR_CONNECTION_REFUSED)/.test(error))).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      await browser.close();
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('the recent list on the Start view', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows names, sizes and folders, long and many (${colorScheme})`, async () => {
      const home = await mkdtemp(join(tmpdir(), 'te-e2e-recent-'));
      const folder = '/home/ana/incidents/2026/orders-api';
      const entries = [
        [{ handle: 'e2eRecentHandle0000000', path: GOOD_FILE }],
        [
          { handle: 'e2eRecentHandle0000001', path: `${folder}/batch-get-traces.json` },
          { handle: 'e2eRecentHandle0000002', path: '/var/log/cloudtrail/lookup-events.json' },
        ],
        ...Array.from({ length: 18 }, (_, i) => [{ handle: `e2eRecentHandle00001${String(i).padStart(2, '0')}`, path: `${folder}/capture-2026-12-02T14${String(i).padStart(2, '0')}Z-us-east-1-after-the-memory-change-of-the-orders-function.json.gz` }]),
      ];
      await writeRecentList(home, entries);
      const launched = await startTestServer({ home });
      const browser = await launchBrowser({ colorScheme });
      try {
        await browser.page.goto(launched.startUrl);
        const list = browser.page.getByRole('list', { name: 'Recent files' });
        await list.waitFor();
        expect(await list.getByRole('listitem').count()).toBe(20);
        expect(await list.getByRole('button').nth(1).getAttribute('aria-label')).toBe('Open batch-get-traces.json + 1 more');
        await saveScreenshot(browser.page, `start-recent-${colorScheme}`);
        // A listed file that is gone: the host's message, naming the file the list showed.
        await list.getByRole('button').nth(2).click();
        const alert = browser.page.getByRole('alert');
        await alert.waitFor();
        expect(await alert.textContent()).toContain(`${folder}/capture-2026-12-02T1400Z-us-east-1-after-the-memory-change-of-the-orders-function.json.gz: no such file`);
        await saveScreenshot(browser.page, `start-recent-missing-${colorScheme}`);
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
        await launched.close();
        await rm(home, { recursive: true, force: true });
      }
    });
  }
});

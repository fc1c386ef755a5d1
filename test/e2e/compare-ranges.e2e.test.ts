import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTime } from '../../shared/base/format.ts';
import type { GeneratedIncident } from '../../shared/generator/types.ts';
import { demoIncident } from '../support/demo-incident.ts';
import { launchBrowser, saveScreenshot, startTestServer, type BrowserSession, type TestServer } from '../support/browser.ts';

/**
 * Compare, ranges mode, in Chromium on the demo incident: opened from the Timeline (a selected
 * change, a brushed range) and by URL; the table, the map coloured by change, the selected call's
 * detail; the error, empty and invalid-input states. What is expected comes from the generator's
 * account of the incident (its facts) and the route's own rules, not from the app.
 */
let server: TestServer;
let incident: GeneratedIncident;

beforeAll(async () => {
  server = await startTestServer();
  incident = demoIncident();
});

afterAll(async () => {
  await server?.close();
});

const hashParams = (page: Page): URLSearchParams => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
const range = (text: string | null): [number, number] => text!.split('~').map(Number) as [number, number];

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`Compare ranges in Chromium (${colorScheme})`, () => {
    let browser: BrowserSession;
    beforeAll(async () => {
      browser = await launchBrowser({ colorScheme, width: 1500, height: 1000 });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('opens from the Timeline’s selected change: split at the change, equal lengths, calls and nodes changed most first', async () => {
      const { page } = browser;
      const { facts } = incident;
      await page.goto(`${server.startUrl}#/timeline?src=demo&change=${facts.changeEventId}`);
      const selected = page.getByRole('region', { name: 'Selected change' });
      await selected.waitFor({ timeout: 60_000 });
      await selected.getByRole('link', { name: 'Compare before/after this change' }).click();
      await page.waitForURL(/#\/compare/);
      expect([hashParams(page).get('mode'), hashParams(page).get('change'), hashParams(page).get('src')]).toEqual(['ranges', facts.changeEventId, 'demo']);
      const table = page.getByRole('table', { name: 'Calls and nodes, changed most first' });
      await table.waitFor({ timeout: 60_000 });
      const header = page.locator('.te-cmp-header');
      expect(await header.textContent()).toContain(`Before and after ${facts.changeEventName}`);
      expect(await header.textContent()).toContain(formatTime(facts.changeTime * 1000));
      // The change is an hour into the two-hour demo: both ranges are about an hour long.
      const lengths = await page.locator('.te-cmp-range').allTextContents();
      expect(lengths).toHaveLength(2);
      for (const line of lengths) expect(line).toMatch(/\((59 min \d+ s|1 h 0 min), [\d,]+ traces\)/);
      // The demo's change slows the function: its call into the table is listed, and marked significant.
      const row = table.getByRole('row').filter({ hasText: `${facts.functionName} → ${facts.tableName}` });
      expect(await row.locator('.te-cmp-badge').textContent()).toBe('significant');
      // The map is drawn, coloured: painted nodes, a legend.
      await page.locator('.te-map-node--painted').first().waitFor();
      expect(await page.getByRole('list', { name: 'Legend' }).textContent()).toContain('slower, beyond the noise');
      await saveScreenshot(page, `compare-ranges-change-${colorScheme}`);
      expect(browser.errors).toEqual([]);
    });

    it('moves the selection with j and k, keeps it in the URL, and shows the call’s histograms and traces', async () => {
      const { page } = browser;
      const table = page.getByRole('table', { name: 'Calls and nodes, changed most first' });
      await table.focus();
      await page.keyboard.press('j');
      await expect.poll(() => hashParams(page).get('select')).not.toBeNull();
      const first = hashParams(page).get('select');
      await page.keyboard.press('j');
      await expect.poll(() => hashParams(page).get('select')).not.toBe(first);
      await page.keyboard.press('k');
      await expect.poll(() => hashParams(page).get('select')).toBe(first);
      // The first row is a call (calls come first): both histograms on one log axis.
      const detail = page.getByRole('complementary', { name: 'Selected call or node' });
      await detail.getByRole('img', { name: /^Latency of .*: before most between .*; after most between .*; log axis from / }).waitFor();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Selected call or node');
      // Its traces link carries the edge and the before range (the ranges in the URL's split).
      const href = (await detail.getByRole('link', { name: 'Traces before' }).getAttribute('href'))!;
      const params = new URLSearchParams(href.split('?')[1]);
      expect(params.get('edge')).toBe(first);
      const [from, to] = range(params.get('window'));
      expect(to).toBeLessThan(incident.facts.changeTime);
      expect(incident.facts.changeTime - to).toBeLessThan(0.001);
      expect(from).toBeGreaterThanOrEqual(incident.window.start);
      const typical = new URLSearchParams((await detail.getByRole('link', { name: 'The typical trace before and after' }).getAttribute('href'))!.split('?')[1]);
      expect([typical.get('mode'), typical.get('entry'), typical.get('before')]).toEqual(['traces', first!.split('→')[0], params.get('window')]);
      await saveScreenshot(page, `compare-ranges-selected-${colorScheme}`);
    });

    it("opens from the Changes view's selected event, split at its time", async () => {
      const { page } = browser;
      const { facts } = incident;
      await page.goto(`${server.startUrl}#/changes?src=demo&change=${facts.changeEventId}`);
      const detail = page.getByRole('complementary', { name: 'Selected event' });
      await detail.getByRole('link', { name: 'Compare before/after this change' }).click({ timeout: 60_000 });
      await page.waitForURL(/#\/compare/);
      expect([hashParams(page).get('mode'), hashParams(page).get('change'), hashParams(page).get('src')]).toEqual(['ranges', facts.changeEventId, 'demo']);
      await page.getByRole('table', { name: 'Calls and nodes, changed most first' }).waitFor({ timeout: 60_000 });
    });

    it('compares a brushed range with the range of the same length before it', async () => {
      const { page } = browser;
      await page.goto(`${server.startUrl}#/timeline?src=demo&from=${incident.window.start + 4200}&to=${incident.window.start + 4800}`);
      await page.getByRole('link', { name: 'Compare with the range before it' }).click();
      await page.waitForURL(/#\/compare/);
      const before = range(hashParams(page).get('before'));
      const after = range(hashParams(page).get('after'));
      expect(after).toEqual([incident.window.start + 4200, incident.window.start + 4800]);
      expect(before[0]).toBe(incident.window.start + 3600);
      // One microsecond apart (X-Ray's finest time), to the resolution of a double at epoch seconds.
      expect(after[0] - before[1]).toBeCloseTo(1e-6, 6);
      await page.getByRole('table', { name: 'Calls and nodes, changed most first' }).waitFor({ timeout: 60_000 });
      expect(await page.locator('.te-cmp-header').textContent()).not.toContain('Before and after');
      // The fields show the ranges; a typo is refused naming the field.
      const field = page.getByRole('textbox', { name: 'Before, from' });
      expect(await field.inputValue()).toBe(formatTime((incident.window.start + 3600) * 1000));
      await field.fill('yesterday');
      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      expect(await page.getByRole('alert').textContent()).toContain("Before, from: 'yesterday' is not a time");
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      await saveScreenshot(page, `compare-ranges-invalid-${colorScheme}`);
      // Swap: after against before.
      await page.getByRole('button', { name: 'Swap' }).click();
      await expect.poll(() => hashParams(page).get('before')).toBe(`${after[0]}~${after[1]}`);
      expect(range(hashParams(page).get('after'))).toEqual(before);
    });

    it('compares two brushed ranges: the first kept as before, the next as after', async () => {
      const { page } = browser;
      const first = [incident.window.start + 600, incident.window.start + 1800] as const;
      const next = [incident.window.start + 4200, incident.window.start + 5400] as const;
      await page.goto(`${server.startUrl}#/timeline?src=demo&from=${first[0]}&to=${first[1]}`);
      await page.getByRole('button', { name: 'Keep as before' }).click();
      await expect.poll(() => hashParams(page).get('kept')).toBe(`${first[0]}~${first[1]}`);
      // Brushing another range (the brush lives in the URL) keeps the kept one.
      await page.evaluate(([from, to]) => {
        const params = new URLSearchParams(location.hash.split('?')[1]);
        params.set('from', String(from));
        params.set('to', String(to));
        location.hash = `#/timeline?${params}`;
      }, next);
      const kept = page.getByRole('group', { name: 'Kept range' });
      await kept.waitFor();
      await saveScreenshot(page, `timeline-kept-range-${colorScheme}`);
      await page.getByRole('link', { name: 'Compare with the kept range' }).click();
      await page.waitForURL(/#\/compare/);
      expect(range(hashParams(page).get('before'))).toEqual([...first]);
      expect(range(hashParams(page).get('after'))).toEqual([...next]);
      await page.getByRole('table', { name: 'Calls and nodes, changed most first' }).waitFor({ timeout: 60_000 });
    });

    it('says why when the change is unknown, and when a range has no traces', async () => {
      const { page } = browser;
      await page.goto(`${server.startUrl}#/compare?src=demo&mode=ranges&change=no-such-event`);
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 60_000 });
      expect(await alert.textContent()).toContain("No CloudTrail event with eventId 'no-such-event'");
      await saveScreenshot(page, `compare-ranges-error-${colorScheme}`);
      // A before range a day before the incident: nothing starts in it.
      const dayBefore = incident.window.start - 86_400;
      await page.goto(`${server.startUrl}#/compare?src=demo&mode=ranges&before=${dayBefore}~${dayBefore + 600}&after=${incident.window.start}~${incident.window.start + 600}`);
      const note = page.getByRole('note').filter({ hasText: 'No trace starts in the before range' });
      await note.waitFor({ timeout: 60_000 });
      expect(await page.locator('.te-cmp-range').first().textContent()).toContain('0 traces');
      await saveScreenshot(page, `compare-ranges-empty-${colorScheme}`);
      // Nothing asked: says how to choose.
      await page.goto(`${server.startUrl}#/compare?src=demo&mode=ranges`);
      await page.getByText('Choose what to compare.').waitFor({ timeout: 60_000 });
      expect(browser.errors.filter((error) => !error.includes('no-such-event'))).toEqual([]);
    });
  });
}

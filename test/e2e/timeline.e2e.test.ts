import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTime } from '../../shared/base/format.ts';
import type { GeneratedIncident } from '../../shared/generator/types.ts';
import { fixturePath } from '../support/fixtures.ts';
import { demoIncident } from '../support/demo-incident.ts';
import { launchBrowser, saveScreenshot, startTestServer, type BrowserSession, type TestServer } from '../support/browser.ts';

/**
 * The Timeline in Chromium on the demo incident: lanes drawn, onsets listed, the memory change
 * first among the suspects, selected, and its traces opened in the Traces view. What is expected
 * comes from the generator's own account of the incident (its facts), not from the app.
 */
let server: TestServer;
let incident: GeneratedIncident;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  incident = demoIncident();
  dir = await mkdtemp(join(tmpdir(), 'timeline-e2e-'));
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const hashParams = (page: Page): URLSearchParams => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`Timeline view in Chromium (${colorScheme})`, () => {
    let browser: BrowserSession;
    beforeAll(async () => {
      browser = await launchBrowser({ colorScheme, width: 1400, height: 1000 });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('draws the lanes and lists the onsets and suspects, the memory change first', async () => {
      const { page } = browser;
      await page.goto(`${server.startUrl}#/timeline?src=demo`);
      const canvas = page.getByRole('img', { name: `Timeline lanes: requests, latency, ${incident.facts.stageNodeName}'s gateway overhead and 5 change markers; drag to choose a time range` });
      await canvas.waitFor({ timeout: 60_000 });
      const panel = page.getByRole('complementary', { name: 'Onsets and suspects' });
      const onsets = panel.getByRole('list').first();
      await expect.poll(() => onsets.getByRole('listitem').count()).toBeGreaterThan(0);
      expect(await onsets.textContent()).toContain(incident.facts.stageNodeName);
      const first = panel.getByRole('button', { pressed: false }).filter({ hasText: 'UpdateFunctionConfiguration' }).first();
      expect(await panel.locator('.te-suspect').first().textContent()).toContain(incident.facts.functionName);
      expect(await first.textContent()).toContain('1.00');
      await saveScreenshot(page, `timeline-demo-${colorScheme}`);
      // The third lane (under requests, 132 px, and latency, 104 px, 10 px apart, from 4 px) is
      // the stage's overhead from its traces: its figures under the pointer.
      const box = (await canvas.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.25, box.y + 4 + 132 + 10 + 104 + 10 + 40);
      const tooltip = page.locator('.te-timeline-tooltip');
      await expect.poll(() => tooltip.textContent()).toContain(`${incident.facts.stageNodeName}: gateway overhead from traces (stage − integration)`);
      expect(await tooltip.textContent()).toMatch(/p50 \d+ ms · p90 \d+ ms · p99 \d+ ms · \d+ traced requests/);
      expect(browser.errors).toEqual([]);
    });

    it('selects the suspect, says why, and opens the traces around it', async () => {
      const { page } = browser;
      const { facts } = incident;
      await page.locator('.te-suspect').first().click();
      await expect.poll(() => hashParams(page).get('change')).toBe(facts.changeEventId);
      const selected = page.getByRole('region', { name: 'Selected change' });
      expect(await selected.textContent()).toContain(`it set memorySize=${facts.memoryAfter}`);
      expect(await selected.textContent()).toContain(formatTime(facts.changeTime * 1000));
      // The diff against the configuration the earlier update on the same function answered with.
      const diff = selected.getByRole('table');
      await diff.waitFor();
      expect((await diff.getByRole('row').allTextContents()).map((row) => row.trim())).toContain(`memorySize${facts.memoryBefore}${facts.memoryAfter}`);
      await saveScreenshot(page, `timeline-demo-selected-${colorScheme}`);
      await selected.getByRole('link', { name: /Traces of .* around it/ }).click();
      await page.waitForURL(/#\/traces/);
      const params = hashParams(page);
      expect(params.get('window')).toBe(`${facts.changeTime - 300}~${facts.changeTime + 1200}`);
      const inWindow = incident.summaries.filter((s) => s.StartTime! >= facts.changeTime - 300 && s.StartTime! <= facts.changeTime + 1200).length;
      await page.getByText(`${inWindow.toLocaleString('en-US')} of ${incident.summaries.length.toLocaleString('en-US')} traces`).waitFor();
      expect(await page.getByRole('list', { name: 'Other conditions' }).textContent()).toContain(`Started ${formatTime((facts.changeTime - 300) * 1000)}`);
    });

    it("marks the chosen change's nodes on the service map", async () => {
      const { page } = browser;
      const { facts } = incident;
      await page.goto(`${server.startUrl}#/timeline?src=demo&change=${facts.changeEventId}`);
      await page.getByRole('region', { name: 'Selected change' }).waitFor({ timeout: 60_000 });
      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Service map' }).click();
      const marked = page.locator('.te-map-node--changed');
      await marked.first().waitFor({ timeout: 60_000 });
      // The change joins the function's two nodes (AWS::Lambda and AWS::Lambda::Function), both named after it.
      expect(await marked.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label')))).toEqual([facts.functionName, facts.functionName]);
      await saveScreenshot(page, `timeline-change-on-map-${colorScheme}`);
    });

    it('brushes a range and keeps it in the URL', async () => {
      const { page } = browser;
      await page.goto(`${server.startUrl}#/timeline?src=demo`);
      const canvas = page.getByRole('img', { name: /Timeline lanes/ });
      await canvas.waitFor();
      const box = (await canvas.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.5, box.y + 60);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.7, box.y + 60, { steps: 5 });
      await page.mouse.up();
      await expect.poll(() => hashParams(page).get('from')).not.toBeNull();
      const from = Number(hashParams(page).get('from'));
      const to = Number(hashParams(page).get('to'));
      // Half-way through the two hours to seven tenths, to within a bucket.
      expect(Math.abs(from - (incident.window.start + 0.5 * 7200))).toBeLessThan(90);
      expect(Math.abs(to - (incident.window.start + 0.7 * 7200))).toBeLessThan(90);
      await page.getByRole('link', { name: 'Traces in this range' }).waitFor();
      await saveScreenshot(page, `timeline-brushed-${colorScheme}`);
      // The range is shared: Traces and Changes, opened from the navigation, take it.
      const views = page.getByRole('navigation', { name: 'Views' });
      await views.getByRole('link', { name: 'Traces', exact: true }).click();
      await expect.poll(() => hashParams(page).get('window')).toBe(`${from}~${to}`);
      await page.getByText(`Started ${formatTime(from * 1000)} – ${formatTime(to * 1000)}`).waitFor();
      await views.getByRole('link', { name: 'Changes' }).click();
      await expect.poll(() => hashParams(page).get('window')).toBe(`${from}~${to}`);
      const range = page.getByRole('group', { name: 'Time range' });
      expect(await range.textContent()).toContain(`Made ${formatTime(from * 1000)} → ${formatTime(to * 1000)}`);
      // The map takes it too: it counts only the range's traces, and links them.
      await views.getByRole('link', { name: 'Service map' }).click();
      await expect.poll(() => hashParams(page).get('window')).toBe(`${from}~${to}`);
      const note = page.getByRole('note').filter({ hasText: 'The chosen range' });
      expect(await note.textContent()).toContain(`The chosen range, ${formatTime(from * 1000)} → ${formatTime(to * 1000)}: only its traces and the changes made in it count.`);
      await page.getByText('traces that start in the chosen range', { exact: false }).waitFor();
      expect(new URLSearchParams((await note.getByRole('link', { name: 'Traces in the range' }).getAttribute('href'))!.split('?')[1]).get('window')).toBe(`${from}~${to}`);
      await views.getByRole('link', { name: 'Changes' }).click();
      // Cleared there, it is cleared for the timeline too.
      await range.getByRole('button', { name: 'Every time' }).click();
      await expect.poll(() => hashParams(page).get('window')).toBeNull();
      await views.getByRole('link', { name: 'Timeline' }).click();
      await page.getByRole('img', { name: /Timeline lanes/ }).waitFor();
      expect(hashParams(page).get('from')).toBeNull();
      expect(browser.errors).toEqual([]);
    });

    it("shows a call's own lanes from its onset, and its traces in a range", async () => {
      const { page } = browser;
      const { facts } = incident;
      await page.goto(`${server.startUrl}#/timeline?src=demo&from=${facts.changeTime - 600}&to=${facts.changeTime + 600}`);
      const calls = page.getByRole('list', { name: 'Onsets of calls' });
      await calls.getByRole('button', { name: `Faults (5xx) clients → ${facts.stageNodeName}` }).click();
      await expect.poll(() => hashParams(page).get('series')).toMatch(new RegExp(`^edge:client\\|.+→AWS::ApiGateway::Stage\\|${facts.stageNodeName.replace('/', '\\/')}$`));
      const series = hashParams(page).get('series')!;
      const select = page.getByRole('combobox', { name: 'Lanes of' });
      await expect.poll(() => select.inputValue()).toBe(series);
      expect(await select.locator('option:checked').textContent()).toContain(`clients → ${facts.stageNodeName}`);
      const link = page.getByRole('link', { name: 'Traces in this range' });
      expect(new URLSearchParams((await link.getAttribute('href'))!.split('?')[1]).get('edge')).toBe(series.slice('edge:'.length));
      await saveScreenshot(page, `timeline-call-${colorScheme}`);
      expect(browser.errors).toEqual([]);
    });
  });
}

describe('Timeline view without traces', () => {
  it('says there is nothing to count, and still lists the change markers', async () => {
    const browser = await launchBrowser({ width: 1280, height: 800 });
    const trail = await startTestServer({ file: fixturePath('stratus-red-team/aws.persistence.lambda-layer-extension.json') });
    try {
      await browser.page.goto(trail.url.replace('#/map?', '#/timeline?'));
      await browser.page.getByText(/No traces in this incident: the timeline counts traced requests/).waitFor({ timeout: 60_000 });
      expect(await browser.page.getByRole('complementary', { name: 'Onsets and suspects' }).textContent()).toContain('No onset');
      await saveScreenshot(browser.page, 'timeline-no-traces-light');
    } finally {
      await trail.close();
      await browser.close();
    }
  });
});

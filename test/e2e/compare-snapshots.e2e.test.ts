import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { generateIncident, toSnapshotContent, type GeneratedIncident } from '../../shared/generator/index.ts';
import { launchBrowser, saveScreenshot, startTestServer, type BrowserSession, type TestServer } from '../support/browser.ts';

/**
 * Two snapshots of one system, last week's and today's, opened together in the app: Compare
 * offers them file against file, each range the span of one file's traces (the open reports them
 * per input), as `compare A B --snapshots` does.
 */
let server: TestServer;
let browser: BrowserSession;
let folder: string;
const TODAY = Date.UTC(2024, 4, 24, 13) / 1000;
const WEEK = 7 * 86_400;
let lastWeek: GeneratedIncident;
let today: GeneratedIncident;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'compare-snapshots-e2e-'));
  lastWeek = generateIncident({ seed: 5, start: TODAY - WEEK, minutes: 30, tracesPerMinute: 10, changeMinute: 29 });
  today = generateIncident({ seed: 6, start: TODAY, minutes: 30, tracesPerMinute: 10, changeMinute: 0 });
  const createdAt = '2024-05-24T14:00:00.000Z';
  await writeSnapshotFile(join(folder, 'last-week.json.gz'), toSnapshotContent(lastWeek, { appVersion: 'test', createdAt }));
  await writeSnapshotFile(join(folder, 'today.json.gz'), toSnapshotContent(today, { appVersion: 'test', createdAt }));
  server = await startTestServer();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('Compare, two snapshots of one system', () => {
  it('compares the two files opened together, each file its own range', { timeout: 180_000 }, async () => {
    const { page } = browser;
    await page.goto(server.startUrl);
    await page.getByRole('heading', { name: 'Open an incident' }).waitFor();
    await page.getByLabel('Open files…').setInputFiles([join(folder, 'last-week.json.gz'), join(folder, 'today.json.gz')]);
    await page.getByRole('link', { name: 'Compare' }).first().waitFor();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Compare' }).click();
    const offer = page.getByRole('button', { name: 'Compare the two files' });
    await offer.waitFor({ timeout: 60_000 });
    expect(await page.locator('.te-cmp-files').textContent()).toContain('last-week.json.gz');
    await offer.click();
    await page.getByRole('table', { name: 'Calls and nodes, changed most first' }).waitFor({ timeout: 60_000 });
    const ranges = (await page.locator('.te-cmp-ranges').textContent()) ?? '';
    // Each range holds exactly its file's traces (the generator makes one summary per trace).
    expect(ranges).toContain(`${lastWeek.summaries.length} traces`);
    expect(ranges).toContain(`${today.summaries.length} traces`);
    await saveScreenshot(page, 'compare-snapshots-light');
  });
});

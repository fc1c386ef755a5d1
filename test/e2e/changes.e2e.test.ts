import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedIncident } from '../../shared/generator/types.ts';
import { demoIncident } from '../support/demo-incident.ts';
import { launchBrowser, saveScreenshot, startTestServer, type BrowserSession, type TestServer } from '../support/browser.ts';

/**
 * The Changes view in Chromium on the demo incident: every CloudTrail event listed, filtered by
 * where it stands on the lane, by source, by text and by the map node it joined, and the memory
 * change's diff and record.
 * Expected counts come from the generator's LookupEvents items, read here.
 */
let server: TestServer;
let incident: GeneratedIncident;
let browser: BrowserSession;

beforeAll(async () => {
  server = await startTestServer();
  incident = demoIncident();
  browser = await launchBrowser({ width: 1400, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const status = (page: Page) => page.getByRole('status').filter({ hasText: 'CloudTrail events' });
const records = () => incident.events.map((item) => ({ item, record: JSON.parse(item.CloudTrailEvent) as { errorCode?: string; eventSource: string } }));

describe('Changes view in Chromium', () => {
  it('lists every event, and filters to the lane, a source and text', async () => {
    const { page } = browser;
    const total = incident.events.length;
    await page.goto(`${server.startUrl}#/changes?src=demo`);
    await status(page).filter({ hasText: `${total} of ${total}` }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('grid', { name: 'CloudTrail events' }).getAttribute('aria-rowcount')).toBe(String(total + 1));

    const writes = records().filter(({ item, record }) => item.ReadOnly === 'false' && !record.errorCode).length;
    await page.getByLabel('Lane').selectOption('lane');
    await status(page).filter({ hasText: `${writes} of ${total}` }).waitFor();
    const failed = records().filter(({ item, record }) => item.ReadOnly === 'false' && record.errorCode).length;
    await page.getByLabel('Lane').selectOption('failed');
    await status(page).filter({ hasText: `${failed} of ${total}` }).waitFor();

    await page.getByLabel('Lane').selectOption('all');
    const iam = records().filter(({ record }) => record.eventSource === 'iam.amazonaws.com').length;
    await page.getByLabel('Source').selectOption('iam.amazonaws.com');
    await status(page).filter({ hasText: `${iam} of ${total}` }).waitFor();
    await page.getByLabel('Source').selectOption('');

    const byUser = incident.events.filter((item) => (item.Username ?? '').includes('jane') || item.CloudTrailEvent.includes('assumed-role/DeployRole/jane')).length;
    await page.getByLabel('Find').fill('jane');
    await page.getByLabel('Find').press('Enter');
    await status(page).filter({ hasText: `${byUser} of ${total}` }).waitFor();
    expect(new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('text')).toBe('jane');
    await page.getByLabel('Find').fill('');
    await page.getByLabel('Find').press('Enter');

    // The function's node: the successful writes whose request names the function.
    const { functionName } = incident.facts;
    const onFunction = records().filter(({ item, record }) => item.ReadOnly === 'false' && !record.errorCode && (record as { requestParameters?: { functionName?: string } }).requestParameters?.functionName === functionName).length;
    await page.getByLabel('Joined node').selectOption(`AWS::Lambda::Function|${functionName}`);
    await status(page).filter({ hasText: `${onFunction} of ${total}` }).waitFor();
    expect(new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('node')).toBe(`AWS::Lambda::Function|${functionName}`);
    const cells = page.getByRole('row').filter({ has: page.getByRole('gridcell') });
    expect(await cells.count()).toBe(onFunction);
    expect(await cells.first().getByRole('gridcell').nth(4).textContent()).toBe(`${functionName} +1`);
    await saveScreenshot(page, 'changes-node-light');
  });

  it("shows the memory change's diff and its record", async () => {
    const { page } = browser;
    const { facts } = incident;
    await page.goto(`${server.startUrl}#/changes?src=demo&change=${facts.changeEventId}`);
    const detail = page.getByRole('complementary', { name: 'Selected event' });
    await detail.getByRole('table').waitFor({ timeout: 60_000 });
    expect((await detail.getByRole('row').allTextContents()).map((row) => row.trim())).toContain(`memorySize${facts.memoryBefore}${facts.memoryAfter}`);
    await detail.getByText('The CloudTrail record').click();
    expect(await detail.locator('pre').textContent()).toContain(`"eventID": "${facts.changeEventId}"`);
    expect(await page.locator('[role="row"][aria-selected="true"]').count()).toBe(1);
    await saveScreenshot(page, 'changes-demo-light');
    expect(browser.errors).toEqual([]);
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInputs } from '../../shared/incident/open-inputs.ts';
import { summarizeIncident } from '../../shared/incident/incident-summary.ts';
import { demoPath, launchBrowser, startTestServer, type BrowserSession, type TestServer } from '../support/browser.ts';

/**
 * The app's worker inflates a snapshot as its bytes stream in (DecompressionStream over the fetched
 * or picked file): a damaged gzip must be reported as the one open path reports it in Node (where
 * the same code runs over Node's stream), naming the file, and a good one must open to the same
 * counts.
 */
let server: TestServer;
let browser: BrowserSession;
let folder: string;

/** What the one open path says of `bytes` in Node: the part after the file's name, up to the platform's own words. */
async function nodeRefusal(name: string, bytes: Uint8Array): Promise<string> {
  try {
    await openInputs([{ name, bytes }], { keepContent: false });
  } catch (error) {
    const message = (error as Error).message;
    const at = message.indexOf(`${name}: `);
    return message.slice(at, message.includes(' (') ? message.indexOf(' (') : undefined);
  }
  throw new Error(`${name} opened in Node`);
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  folder = await mkdtemp(join(tmpdir(), 'trace-explorer-gzip-'));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('opening gzip in Chromium', () => {
  it('names the file and says the gzip is truncated, or not gzip, as Node does; then opens the demo to its counts', async () => {
    const demo = new Uint8Array(await readFile(demoPath()));
    const cut = join(folder, 'cut-in-half.json.gz');
    const bad = join(folder, 'bad-blocks.json.gz');
    await writeFile(cut, demo.subarray(0, Math.floor(demo.length / 2)));
    // A gzip header, then bytes no deflate stream starts with.
    await writeFile(bad, Uint8Array.from([...demo.subarray(0, 10), ...new Uint8Array(2000).fill(7)]));
    const { page } = browser;
    await page.goto(server.startUrl);
    await page.getByRole('heading', { name: 'Open an incident' }).waitFor();
    for (const path of [cut, bad]) {
      const expected = await nodeRefusal(basename(path), new Uint8Array(await readFile(path)));
      expect(expected).toMatch(path === cut ? /truncated gzip/ : /is not valid gzip data/);
      await page.getByLabel('Open files…').setInputFiles(path);
      const alert = page.getByRole('alert');
      await alert.filter({ hasText: basename(path) }).waitFor();
      expect(await alert.textContent()).toContain(expected);
    }

    await page.getByLabel('Open files…').setInputFiles(demoPath());
    await page.getByRole('region', { name: 'Incident counts' }).waitFor();
    const incident = await openInputs([{ name: basename(demoPath()), bytes: demo }]);
    const traces = summarizeIncident(incident.dataset, incident.problems).traces;
    const region = page.getByRole('region', { name: 'Incident counts' });
    const terms = await region.locator('dt').allTextContents();
    const values = await region.locator('dd').allTextContents();
    expect(Number((values[terms.indexOf('Traces')] ?? '').replace(/,/g, ''))).toBe(traces);
    expect(browser.errors).toEqual([]);
  });
});

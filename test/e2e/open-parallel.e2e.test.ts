import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInputs } from '../../shared/incident/open-inputs.ts';
import { summarizeIncident } from '../../shared/incident/incident-summary.ts';
import { demoPath, launchBrowser, startTestServer, type BrowserSession, type TestServer } from '../support/browser.ts';

/**
 * The open with parse workers (renderer/workers/record-parsers.ts: the records' JSON.parse and
 * span columns on other threads, appended in reading order), asked for by the page's URL as the
 * open benchmark asks for it: in Chromium, the demo opens to the same counts and the same map as
 * without them, and a snapshot broken in the middle of its records is refused with the message
 * Node's open gives, naming the file and the line.
 */
let browser: BrowserSession;
let folder: string;
const servers: TestServer[] = [];

beforeAll(async () => {
  browser = await launchBrowser({ width: 1440, height: 900 });
  folder = await mkdtemp(join(tmpdir(), 'trace-explorer-parallel-'));
});

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
  await rm(folder, { recursive: true, force: true });
});

/** The URL `serve FILE` prints, asking for `workers` parse workers. */
async function launchUrl(file: string, workers: number): Promise<string> {
  const server = await startTestServer({ file });
  servers.push(server);
  const url = new URL(server.url);
  url.searchParams.set('parseWorkers', String(workers));
  return url.href;
}

/** The map view's counts (term → value) and its nodes' names, once painted. */
async function openedMap(url: string): Promise<{ counts: Record<string, string>; nodes: string[] }> {
  const { page } = browser;
  await page.goto(url);
  const region = page.getByRole('region', { name: 'Incident counts' });
  await region.waitFor({ timeout: 120_000 });
  const terms = await region.locator('dt').allTextContents();
  const values = await region.locator('dd').allTextContents();
  const buttons = page.getByRole('group', { name: 'Map of services' }).getByRole('button');
  await buttons.first().waitFor({ timeout: 60_000 });
  const nodes = await buttons.evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label') ?? '').sort());
  return { counts: Object.fromEntries(terms.map((term, index) => [term, values[index] ?? ''])), nodes };
}

describe('opening with parse workers in Chromium', () => {
  it('shows the counts and the map the open without them shows', async () => {
    const alone = await openedMap(await launchUrl(demoPath(), 0));
    const split = await openedMap(await launchUrl(demoPath(), 2));
    const incident = await openInputs([{ name: basename(demoPath()), bytes: new Uint8Array(await readFile(demoPath())) }]);
    expect(Number((alone.counts['Traces'] ?? '').replace(/,/g, ''))).toBe(summarizeIncident(incident.dataset, incident.problems).traces);
    expect(alone.nodes.length).toBeGreaterThan(5);
    expect(split).toEqual(alone);
    expect(browser.errors).toEqual([]);
  });

  it('refuses a snapshot broken in the middle of its records as Node does, naming the file and the line', async () => {
    const lines = gunzipSync(await readFile(demoPath())).toString('utf8').split('\n');
    lines[6000] = `${lines[6000]!.slice(0, 120)},`;
    const broken = join(folder, 'broken-in-the-middle.json');
    await writeFile(broken, lines.join('\n'));
    let expected = '';
    try {
      await openInputs([{ name: basename(broken), bytes: new Uint8Array(await readFile(broken)) }], { keepContent: false });
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected).toMatch(/line 6001/);
    const { page } = browser;
    await page.goto(await launchUrl(broken, 2));
    const alert = page.getByRole('alert').filter({ hasText: basename(broken) });
    await alert.waitFor({ timeout: 120_000 });
    // The platform's own words for the JSON error differ between Node and Chromium; the rest is ours.
    const ours = (message: string): string => message.replace(/is not valid JSON \(.*\) \(line (\d+)\)/, 'is not valid JSON (…) (line $1)');
    expect(ours((await alert.textContent()) ?? '')).toContain(ours(expected.slice(expected.indexOf(basename(broken)))));
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/cli.ts';
import { formatCount, formatPercent } from '../../shared/base/format.ts';
import type { GeneratedIncident } from '../../shared/generator/types.ts';
import { fixturePath } from '../support/fixtures.ts';
import { demoIncident } from '../support/demo-incident.ts';
import { launchBrowser, saveScreenshot, startTestServer, type BrowserSession, type TestServer } from '../support/browser.ts';

/**
 * The sampling rules beside the sampling rate in the Timeline, in Chromium: the demo's rules for
 * its stage (writes and reads, each with its share), reached with the keyboard; and a snapshot
 * without rules saying so. The counts expected come from the generator's documents.
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

/** The stage's completed segments by HTTP method, from the generated documents. */
function stageRequests(generated: GeneratedIncident): { posts: number; gets: number } {
  let posts = 0;
  let gets = 0;
  for (const trace of generated.traces) {
    for (const segment of trace.Segments) {
      const doc = JSON.parse(segment.Document) as { origin?: string; end_time?: number; http?: { request?: { method?: string } } };
      if (doc.origin !== 'AWS::ApiGateway::Stage' || doc.end_time === undefined) continue;
      if (doc.http?.request?.method === 'POST') posts++;
      else if (doc.http?.request?.method === 'GET') gets++;
    }
  }
  return { posts, gets };
}

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`Sampling rules in the Timeline (${colorScheme})`, () => {
    let browser: BrowserSession;
    beforeAll(async () => {
      browser = await launchBrowser({ colorScheme, width: 1400, height: 1300 });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('lists the rules that match the stage, with reservoir, fixed rate, share and the rate measured, reached by keyboard', async () => {
      const { page } = browser;
      const { posts, gets } = stageRequests(incident);
      const stage = `AWS::ApiGateway::Stage|${incident.facts.stageNodeName}`;
      await page.goto(`${server.startUrl}#/timeline?src=demo`);
      const service = page.getByRole('combobox', { name: 'Lanes of' });
      await service.waitFor({ timeout: 60_000 });
      await service.selectOption(`node:${stage}`);
      await expect.poll(() => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '').get('series')).toBe(`node:${stage}`);
      const rules = page.getByRole('region', { name: `Sampling rules of ${incident.facts.stageNodeName}` });
      await rules.waitFor({ timeout: 60_000 });
      const rows = (await rules.getByRole('row').allTextContents()).map((row) => row.trim());
      const total = posts + gets;
      expect(rows).toEqual(
        expect.arrayContaining([`orders-api-writes10010/s100%${formatCount(posts)} (${formatPercent(posts / total)})`, `orders-api-reads2005/s100%${formatCount(gets)} (${formatPercent(gets / total)})`]),
      );
      expect(await rules.textContent()).toContain(`Measured: ${formatPercent(1)} of the requests API Gateway counted for ${incident.facts.stageNodeName} were traced`);
      expect(await page.getByText(/Sampling rules \(4 rules in this snapshot\)/).count()).toBe(1);
      // Keyboard: from the service choice, Tab reaches the section's summary; Enter folds it.
      await service.focus();
      let reached = false;
      for (let i = 0; i < 30 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.tagName === 'SUMMARY' && (document.activeElement.textContent ?? '').startsWith('Sampling rules'));
      }
      expect(reached).toBe(true);
      await saveScreenshot(page, `timeline-sampling-rules-${colorScheme}`);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('details.te-sampling').evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('details.te-sampling').evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
      expect(browser.errors).toEqual([]);
    });

    it('says the function follows the stage’s decision, with the Default rule', async () => {
      const { page } = browser;
      await page.goto(`${server.startUrl}#/timeline?src=demo&series=${encodeURIComponent(`node:AWS::Lambda|${incident.facts.functionName}`)}`);
      const rules = page.getByRole('region', { name: `Sampling rules of ${incident.facts.functionName}` });
      await rules.waitFor({ timeout: 60_000 });
      expect(await rules.textContent()).toContain('Requests reach it from a caller that has decided already');
      expect((await rules.getByRole('row').allTextContents()).map((row) => row.trim())).toContain(`Default10,0001/s5%${formatCount(incident.traces.length)} (100%)`);
    });
  });
}

describe('Sampling rules when the snapshot has none', () => {
  it('says so beside the timeline of traces', async () => {
    const browser = await launchBrowser({ width: 1280, height: 900 });
    const traces = await startTestServer({ file: fixturePath('aws-cli-examples/batch-get-traces_output.json') });
    try {
      await browser.page.goto(traces.url.replace('#/map?', '#/timeline?'));
      await browser.page.getByText('No sampling rules in this snapshot.').waitFor({ timeout: 60_000 });
      await saveScreenshot(browser.page, 'timeline-no-sampling-rules-light');
      expect(browser.errors).toEqual([]);
    } finally {
      await traces.close();
      await browser.close();
    }
  });
});

/** `trace-explorer import FILE… --out` into a temporary folder; the snapshot's path. */
async function imported(dir: string, files: readonly string[]): Promise<string> {
  const out = join(dir, 'incident.json.gz');
  let stderr = '';
  const code = await main(['import', ...files, '--out', out], { stdout: { write: () => undefined }, stderr: { write: (text: string) => (stderr += text) } });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return out;
}

describe('Sampling rules imported beside traces (the AWS CLI examples, the real Scorekeep sample)', () => {
  it('gives Scorekeep the base-scorekeep rule, with nothing to measure it against', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sampling-e2e-'));
    const browser = await launchBrowser({ width: 1280, height: 900 });
    const file = await imported(dir, [fixturePath('aws-cli-examples/batch-get-traces_output.json'), fixturePath('aws-cli-examples/get-sampling-rules_output.json')]);
    const traces = await startTestServer({ file });
    try {
      await browser.page.goto(traces.url.replace('#/map?', '#/timeline?'));
      const rules = browser.page.getByRole('region', { name: 'Sampling rules of Scorekeep' });
      await rules.waitFor({ timeout: 60_000 });
      expect((await rules.getByRole('row').allTextContents()).map((row) => row.trim())).toEqual(['RulePriorityReservoirFixed rateTraced requests', 'base-scorekeep9,0002/s10%1 (100%)']);
      expect(await rules.textContent()).toContain('No API Gateway Count for this service');
      await saveScreenshot(browser.page, 'timeline-sampling-rules-imported-light');
      expect(browser.errors).toEqual([]);
    } finally {
      await traces.close();
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Sampling rules of many services', () => {
  it('lists the five busiest services that start traces and says how many more there are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sampling-e2e-'));
    const lines: string[] = [];
    // 40 services, service i with i + 1 requests, GET and POST alternating; 25 rules (X-Ray's quota of custom rules) and Default.
    for (let i = 0; i < 40; i++) {
      for (let r = 0; r <= i; r++) {
        const n = i * 100 + r;
        const start = 1716555600 + n;
        lines.push(JSON.stringify({ id: n.toString(16).padStart(16, '0'), trace_id: `1-6650a1b2-${n.toString(16).padStart(24, '0')}`, name: `service-${String(i).padStart(2, '0')}`, origin: 'AWS::EC2::Instance', start_time: start, end_time: start + 0.2, http: { request: { url: `https://s${i}.example.com/items/${r}`, method: r % 2 === 0 ? 'GET' : 'POST' }, response: { status: 200 } } }));
      }
    }
    writeFileSync(join(dir, 'segments.ndjson'), `${lines.join('\n')}\n`);
    const all = { ResourceARN: '*', ServiceType: '*', Host: '*', HTTPMethod: '*', URLPath: '*', Version: 1, Attributes: {} };
    const records = Array.from({ length: 25 }, (_, i) => ({ SamplingRule: { ...all, RuleName: `rule-${String(i).padStart(2, '0')}`, Priority: 100 + i, FixedRate: 0.1, ReservoirSize: 1, ServiceName: `service-${String(39 - i).padStart(2, '0')}`, HTTPMethod: 'GET' }, CreatedAt: 0, ModifiedAt: 0 }));
    records.push({ SamplingRule: { ...all, RuleName: 'Default', Priority: 10000, FixedRate: 0.05, ReservoirSize: 1, ServiceName: '*', HTTPMethod: '*' }, CreatedAt: 0, ModifiedAt: 0 });
    writeFileSync(join(dir, 'rules.json'), JSON.stringify({ SamplingRuleRecords: records }));
    const browser = await launchBrowser({ colorScheme: 'dark', width: 1280, height: 900 });
    const file = await imported(dir, [join(dir, 'segments.ndjson'), join(dir, 'rules.json')]);
    const server2 = await startTestServer({ file });
    try {
      await browser.page.goto(server2.url.replace('#/map?', '#/timeline?'));
      await browser.page.getByText('35 more services start traces: choose one above to see its rules.').waitFor({ timeout: 60_000 });
      expect(await browser.page.getByText('Sampling rules (26 rules in this snapshot)').count()).toBe(1);
      const busiest = browser.page.getByRole('region', { name: 'Sampling rules of service-39' });
      // 40 requests: 20 GETs by its own rule, 20 POSTs by Default.
      expect((await busiest.getByRole('row').allTextContents()).map((row) => row.trim())).toEqual(['RulePriorityReservoirFixed rateTraced requests', 'rule-001001/s10%20 (50%)', 'Default10,0001/s5%20 (50%)']);
      await saveScreenshot(browser.page, 'timeline-sampling-rules-many-dark');
      expect(browser.errors).toEqual([]);
    } finally {
      await server2.close();
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInputs } from '../../shared/incident/open-inputs.ts';
import { serviceMapOf } from '../../shared/analysis/map/dataset-map.ts';
import { formatCount } from '../../shared/base/format.ts';
import type { ServiceMapModel } from '../../shared/analysis/map/service-map.ts';
import { demoPath, launchBrowser, saveScreenshot, startTestServer, type BrowserSession, type TestServer } from '../support/browser.ts';

/**
 * The service map in Chromium on the demo incident: nodes found by their accessible names (the
 * service names), the Lambda function selected with the keyboard, its panel checked against the
 * map computed here from the same file, the captured graph toggled, and "Show traces".
 */
let server: TestServer;
let expected: { computed: ServiceMapModel; captured: ServiceMapModel | null; range: readonly [number, number]; inRange: ServiceMapModel };

beforeAll(async () => {
  server = await startTestServer();
  const path = demoPath();
  const incident = await openInputs([{ name: basename(path), bytes: new Uint8Array(await readFile(path)) }]);
  // The first ten minutes of the demo's traces: a range chosen on the Timeline.
  const first = incident.dataset.traces[0]!.start;
  const range = [Math.floor(first), Math.floor(first) + 600] as const;
  expected = {
    computed: serviceMapOf(incident.dataset, 'computed')!,
    captured: incident.dataset.capturedGraphs.length > 0 ? serviceMapOf(incident.dataset, 'captured') : null,
    range,
    inRange: serviceMapOf(incident.dataset, 'computed', range)!,
  };
});

afterAll(async () => {
  await server?.close();
});

function mapGroup(page: Page): Locator {
  return page.getByRole('group', { name: 'Map of services' });
}

function nodeButtons(page: Page, name: string): Locator {
  return mapGroup(page).getByRole('button', { name, exact: true });
}

/** The rectangles of elements, to check that nothing drawn overlaps. */
async function boxes(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }[]> {
  return locator.evaluateAll((elements) =>
    elements.map((element) => {
      const rect = (element as SVGGraphicsElement).getBoundingClientRect();
      return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
    }),
  );
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
}

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`service map in Chromium (${colorScheme})`, () => {
    let browser: BrowserSession;
    beforeAll(async () => {
      browser = await launchBrowser({ colorScheme, width: 1440, height: 900 });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('draws every node of the computed graph, named by service, without overlapping labels', async () => {
      const { page } = browser;
      await page.goto(`${server.startUrl}#/map?src=demo`);
      await mapGroup(page).waitFor();
      expect(await page.getByRole('radio', { name: 'Computed from traces' }).getAttribute('aria-checked')).toBe('true');
      await page.getByText(`Computed from the ${formatCount(expected.computed.traces)} traces in this incident`, { exact: false }).waitFor();
      for (const node of expected.computed.nodes) {
        const found = mapGroup(page).locator(`[data-node-key="${node.key.replace(/"/g, '\\"')}"]`);
        expect(await found.getAttribute('aria-label')).toBe(node.name);
      }
      expect(await nodeButtons(page, 'orders-api/prod').count()).toBe(2); // the stage and its client
      expect(await nodeButtons(page, 'orders-handler').count()).toBe(2); // AWS::Lambda and AWS::Lambda::Function
      expect(await nodeButtons(page, 'Orders').count()).toBe(1);
      const types = await nodeButtons(page, 'orders-handler').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-node-type')));
      expect(types.sort()).toEqual(['AWS::Lambda', 'AWS::Lambda::Function']);
      const client = mapGroup(page).locator('[data-node-type="client"]');
      expect(await client.getAttribute('aria-label')).toBe('orders-api/prod');
      const labels = await boxes(mapGroup(page).locator('.te-map-edge-label rect'));
      const nodes = await boxes(mapGroup(page).locator('.te-map-node__hit'));
      const drawn = [...labels, ...nodes];
      expect(labels).toHaveLength(expected.computed.edges.length);
      for (let i = 0; i < drawn.length; i++) for (let j = i + 1; j < drawn.length; j++) expect(overlaps(drawn[i]!, drawn[j]!)).toBe(false);
      await saveScreenshot(page, `service-map-${colorScheme}`);
    });

    it('selects the Lambda function with the keyboard and shows its panel', async () => {
      const { page } = browser;
      const fn = expected.computed.nodes.find((node) => node.type === 'AWS::Lambda::Function')!;
      const button = mapGroup(page).locator('[data-node-type="AWS::Lambda::Function"]');
      await button.focus();
      await page.keyboard.press('Enter');
      const panel = page.getByRole('complementary', { name: 'Selected service' });
      await panel.getByRole('heading', { name: 'orders-handler' }).waitFor();
      expect(await button.getAttribute('aria-pressed')).toBe('true');
      expect(new URL(page.url()).hash).toContain(`node=${encodeURIComponent(fn.key).replace(/%20/g, '+')}`);
      const requests = panel.getByRole('region', { name: 'Requests by status' });
      expect(await requests.getByRole('definition').last().textContent()).toBe(formatCount(fn.health.total));
      expect(await panel.getByRole('img', { name: /Response times of orders-handler/ }).count()).toBe(1);
      const exceptions = panel.getByRole('region', { name: 'Top exceptions' });
      for (const exception of fn.exceptions.top) await exceptions.getByText(exception.type, { exact: true }).first().waitFor();
      if (fn.changeCount > 0) await panel.getByRole('region', { name: 'Configuration changes' }).waitFor();
      await saveScreenshot(page, `service-map-selected-${colorScheme}`);
    });

    it('shows the captured graph when asked, and says so', async () => {
      const { page } = browser;
      const captured = page.getByRole('radio', { name: 'Captured from AWS' });
      if (!expected.captured) {
        expect(await captured.isDisabled()).toBe(true);
        return;
      }
      await captured.click();
      await page.getByText('Captured from AWS X-Ray (GetServiceGraph)', { exact: false }).waitFor();
      expect(await captured.getAttribute('aria-checked')).toBe('true');
      expect(new URL(page.url()).hash).toContain('graph=captured');
      // A new map is drawn in the frame after its page is laid out (MapCanvas): all nodes at once.
      await mapGroup(page).locator('[data-node-key]').first().waitFor();
      expect(await mapGroup(page).locator('[data-node-key]').count()).toBe(expected.captured.nodes.length);
      // The selection stays: the Lambda function is a node of X-Ray's graph too.
      await page.getByRole('complementary', { name: 'Selected service' }).waitFor();
      await saveScreenshot(page, `service-map-captured-${colorScheme}`);
      await page.getByRole('radio', { name: 'Computed from traces' }).click();
      await page.getByText('Computed from the', { exact: false }).waitFor();
    });

    it('selects an edge and hands the selection to the Traces view', async () => {
      const { page } = browser;
      const edge = expected.computed.edges.find((candidate) => candidate.target.startsWith('AWS::DynamoDB::Table|'))!;
      await mapGroup(page).getByRole('button', { name: 'orders-handler → Orders', exact: true }).click();
      const panel = page.getByRole('complementary', { name: 'Selected edge' });
      await panel.getByRole('heading', { name: 'orders-handler → Orders', exact: true }).waitFor();
      expect(await panel.getByRole('region', { name: 'Requests by status' }).getByRole('definition').last().textContent()).toBe(formatCount(edge.health.total));
      await panel.getByRole('button', { name: 'Show traces' }).click();
      await page.waitForURL((url) => url.hash.startsWith('#/traces'));
      const params = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
      expect(params.get('edge')).toBe(edge.id);
      expect(params.get('src')).toBe('demo');
    });

    it('counts only the traces of a chosen range, and the whole incident again when asked', async () => {
      const { page } = browser;
      const { range, inRange } = expected;
      expect(inRange.traces).toBeGreaterThan(0);
      expect(inRange.traces).toBeLessThan(expected.computed.traces);
      await page.goto(`${server.startUrl}#/map?src=demo&window=${range[0]}~${range[1]}`);
      await page.getByText(`Computed from the ${formatCount(inRange.traces)} traces that start in the chosen range`, { exact: false }).waitFor();
      await page.getByRole('note').filter({ hasText: 'The chosen range' }).waitFor();
      // The stage's edge from its client carries the range's requests, as computed here.
      const entry = inRange.edges.find((edge) => edge.id.startsWith('client|'))!;
      await mapGroup(page).locator('.te-map-edge-label').filter({ hasText: entry.labelLines[0]! }).first().waitFor();
      await page.getByRole('button', { name: 'Whole incident' }).click();
      await page.getByText(`Computed from the ${formatCount(expected.computed.traces)} traces in this incident`, { exact: false }).waitFor();
      expect(new URL(page.url()).hash).not.toContain('window=');
      await saveScreenshot(page, `service-map-range-${colorScheme}`);
    });

    it('raised no script errors', () => {
      expect(browser.errors).toEqual([]);
    });
  });
}

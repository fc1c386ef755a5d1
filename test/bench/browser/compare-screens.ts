/**
 * `node bin/run-ts.mjs test/bench/browser/compare-screens.ts`: Compare, ranges mode, on 100,000
 * traces (the compare benchmark's snapshot: the demo's system at 1,000 traces a minute for 100
 * minutes, its memory change at minute 50; written once into .tmp/bench and reused), the way a
 * user gets there: the Timeline's first suspect, "Compare before/after this change". It saves the
 * screenshots of the loading and the huge state (test/e2e/screenshots/compare-ranges-{loading,huge}-*.png) and prints one
 * JSON line of what it measured once, in this run: the comparison's arrival after the click, and
 * a key press (j) to the selected call's histogram drawn, for each of KEYS presses.
 * Figures to read, not a pass/fail budget: the machine is shared.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { incidentSnapshot } from './map-snapshots.ts';
import { launchBrowser, saveScreenshot, startTestServer } from '../../support/browser.ts';

const KEYS = 6;
const work = resolve(import.meta.dirname, '../../../.tmp/bench');
mkdirSync(work, { recursive: true });
const snapshot = await incidentSnapshot(join(work, 'map-incident-100000.json.gz'), 1000, 100);
const server = await startTestServer({ demoPath: snapshot.path });
const figures: Record<string, number | string> = { traces: snapshot.traces };
try {
  for (const colorScheme of ['light', 'dark'] as const) {
    const browser = await launchBrowser({ colorScheme, width: 1500, height: 1000 });
    try {
      const { page } = browser;
      await page.goto(`${server.startUrl}#/timeline?src=demo`);
      const suspect = page.locator('.te-suspect').first();
      await suspect.waitFor({ timeout: 600_000 });
      await suspect.click();
      const link = page.getByRole('region', { name: 'Selected change' }).getByRole('link', { name: 'Compare before/after this change' });
      const clicked = performance.now();
      await link.click();
      // The loading state, while the worker compares (seconds on 100,000 traces when the request index is not made yet).
      const working = page.getByRole('status').filter({ hasText: 'Comparing the two ranges' });
      if (await working.waitFor({ timeout: 10_000 }).then(() => true, () => false)) await saveScreenshot(page, `compare-ranges-loading-${colorScheme}`);
      const table = page.getByRole('table', { name: 'Calls and nodes, changed most first' });
      await table.waitFor({ timeout: 600_000 });
      figures[`${colorScheme}CompareMs`] = Math.round(performance.now() - clicked);
      await page.locator('.te-map-node--painted').first().waitFor();
      figures[`${colorScheme}Ranges`] = (await page.locator('.te-cmp-range').allTextContents()).join(' | ');
      await table.focus();
      const keys: number[] = [];
      for (let i = 0; i < KEYS; i++) {
        const before = await page.evaluate(() => new URLSearchParams(location.hash.split('?')[1]).get('select'));
        const pressed = performance.now();
        await page.keyboard.press('j');
        await page.waitForFunction((old) => new URLSearchParams(location.hash.split('?')[1]).get('select') !== old, before);
        await page.locator('.te-cmp-detail h2').waitFor();
        keys.push(Math.round(performance.now() - pressed));
      }
      figures[`${colorScheme}KeyMs`] = keys.join(',');
      await page.keyboard.press('Home');
      await saveScreenshot(page, `compare-ranges-huge-${colorScheme}`);
      if (browser.errors.length > 0) figures[`${colorScheme}Errors`] = browser.errors.join('; ');
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
}
console.log(JSON.stringify(figures));

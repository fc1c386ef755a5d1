/**
 * Screenshots of the open path on a large file, to look at (not a test, not a benchmark):
 * `node bin/run-ts.mjs test/bench/browser/open-screens.ts [case]`, after `npm run bench -- open`
 * wrote the scale files into .tmp/bench (default case: 170,000 × 12 = 2,040,000 spans). For light
 * and dark: the progress while the file is read (bytes of size, percentage, records), the page
 * after Cancel (Esc), and the error for a broken file (the same snapshot cut off at 40 %).
 * Written into test/e2e/screenshots as open-progress-*, open-cancelled-*, open-broken-*.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, saveScreenshot, startTestServer } from '../../support/browser.ts';

const work = resolve(import.meta.dirname, '../../../.tmp/bench');
const file = join(work, `open-scale-${process.argv[2] ?? '170000x12'}.json.gz`);
if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run bench -- open\` first`);
const broken = join(work, 'open-broken.json.gz');
const whole = readFileSync(file);
writeFileSync(broken, whole.subarray(0, Math.floor(whole.length * 0.4)));

for (const colorScheme of ['light', 'dark'] as const) {
  const server = await startTestServer({ file });
  const browser = await launchBrowser({ colorScheme, width: 1280, height: 800 });
  try {
    const { page } = browser;
    await page.goto(server.url);
    // Well into the file: a percentage and a record count are on screen.
    await page.locator('.open-progress__line', { hasText: /%\).*records/ }).waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => Number((document.querySelector('.open-progress__bar') as HTMLProgressElement | null)?.value ?? 0) > 0.3, undefined, { timeout: 120_000, polling: 100 });
    console.log(await page.locator('.open-progress').innerText());
    console.log(await saveScreenshot(page, `open-progress-${colorScheme}`));
    await page.keyboard.press('Escape');
    await page.getByText(/was cancelled; nothing is open/).waitFor();
    console.log(await saveScreenshot(page, `open-cancelled-${colorScheme}`));
  } finally {
    await browser.close();
    await server.close();
  }
  const brokenServer = await startTestServer({ file: broken });
  const second = await launchBrowser({ colorScheme, width: 1280, height: 800 });
  try {
    await second.page.goto(brokenServer.url);
    await second.page.locator('[role="alert"]').first().waitFor({ timeout: 300_000 });
    console.log(await second.page.locator('[role="alert"]').first().innerText());
    console.log(await saveScreenshot(second.page, `open-broken-${colorScheme}`));
  } finally {
    await second.close();
    await brokenServer.close();
  }
}

/**
 * Makes the app's icon, build/icon.png (1024 × 1024), from resources/icon.svg, drawn by Chromium
 * (the one the browser tests use): `node bin/run-ts.mjs scripts/make-icon.ts`. electron-builder
 * makes the macOS .icns and the Windows .ico from this PNG; the SVG is the one source.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchBrowser } from '../test/support/browser.ts';
import { REPO_ROOT } from '../electron/host/serve-build.ts';

const svg = await readFile(join(REPO_ROOT, 'resources', 'icon.svg'), 'utf8');
const browser = await launchBrowser({ width: 1024, height: 1024 });
try {
  const { page } = browser;
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  await writeFile(join(REPO_ROOT, 'build', 'icon.png'), png);
  console.log(`build/icon.png: ${png.length} bytes`);
} finally {
  await browser.close();
}

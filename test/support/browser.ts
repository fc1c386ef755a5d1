import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildRenderer, DEMO_PATH, REPO_ROOT } from '../../electron/host/serve-build.ts';
import { startServer, type RunningServer, type ServeOptions } from '../../electron/host/serve.ts';

/**
 * End-to-end harness: the renderer built once per test process with Vite's JS API, the local web
 * host started in-process on a free port, and Debian's Chromium driven by playwright-core in a
 * fresh profile per launch.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test', 'e2e', 'screenshots');
/**
 * The demo incident: E2E_DEMO_PATH when set, else the bundled one. A missing file fails the run
 * with its path rather than quietly testing something else (the tests' expectations are the demo's).
 */
export function demoPath(): string {
  const path = process.env.E2E_DEMO_PATH || DEMO_PATH;
  if (!existsSync(path)) throw new Error(`The demo incident ${path} does not exist: run \`npm run demo\` (or set E2E_DEMO_PATH to an existing file).`);
  return path;
}

let built: Promise<string> | undefined;

/** Builds the renderer into a temporary folder, once per process. */
export function buildRendererOnce(): Promise<string> {
  built ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trace-explorer-renderer-'));
    return buildRenderer(dir);
  })();
  return built;
}

export interface TestServer extends RunningServer {
  /** The start page: origin and token, no fragment. */
  readonly startUrl: string;
  readonly home: string;
}

/** The local web host on a free port with a fresh home folder (recent list); the demo is not opened. */
export async function startTestServer(options: Partial<ServeOptions> = {}): Promise<TestServer> {
  const staticDir = await buildRendererOnce();
  const home = await mkdtemp(join(tmpdir(), 'trace-explorer-home-'));
  const server = await startServer({ staticDir, demoPath: demoPath(), home, openDemoByDefault: false, ...options });
  return {
    ...server,
    home,
    startUrl: `${server.origin}/?token=${server.token}`,
    close: async () => {
      await server.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors, page errors and CSP reports seen so far. */
  readonly errors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(options: { readonly colorScheme?: 'light' | 'dark'; readonly width?: number; readonly height?: number } = {}): Promise<BrowserSession> {
  const profile = await mkdtemp(join(tmpdir(), 'trace-explorer-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page PNG as test/e2e/screenshots/<name>.png (gitignored) and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = resolve(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

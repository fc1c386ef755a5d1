import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../electron/host/serve-build.ts';
import { fixturePath } from '../support/fixtures.ts';
import { launchBrowser, saveScreenshot, type BrowserSession } from '../support/browser.ts';

/** `trace-explorer serve FILE` as a user runs it: a child process whose first stdout line is the URL. */
function startServe(file: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/trace-explorer.mjs'), 'serve', file], {
    env: { ...process.env, TRACE_EXPLORER_HOME: mkdtempSync(join(tmpdir(), 'te-serve-home-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within 120 s; stderr:\n${stderr}`)), 120_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, url: line });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}; stderr:\n${stderr}`)));
  });
}

function statusWithHost(url: URL, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('trace-explorer serve, run as a command', () => {
  let served: { child: ChildProcess; url: string };
  let browser: BrowserSession;
  const file = fixturePath('aws-reference-appendices/batch-get-traces.json');

  beforeAll(async () => {
    served = await startServe(file);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    served?.child.kill('SIGTERM');
  });

  it('prints the URL with its token first, on 127.0.0.1', () => {
    const url = new URL(served.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.searchParams.get('token')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('opens the FILE it was given: the map shows its services by name', async () => {
    await browser.page.goto(served.url);
    for (const name of ['orders-api/prod', 'Orders']) {
      await browser.page.getByRole('button', { name: new RegExp(`^${name.replace('/', '\\/')}\\b`) }).first().waitFor({ timeout: 30_000 });
    }
    await saveScreenshot(browser.page, 'serve-cli-map-light');
    expect(browser.errors).toEqual([]);
  });

  it('answers a foreign Host header with 403 and sends no CORS header', async () => {
    const url = new URL(served.url);
    expect(await statusWithHost(url, `127.0.0.1:${url.port}`)).toBe(200);
    expect(await statusWithHost(url, 'evil.example:80')).toBe(403);
    const response = await fetch(served.url, { headers: { origin: 'http://evil.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a request without the token', async () => {
    const url = new URL(served.url);
    const response = await fetch(`${url.origin}/`);
    expect(response.status).toBe(403);
  });
});

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaptureService } from '../../electron/capture/capture-service.ts';
import { launchBrowser, saveScreenshot, startTestServer, type BrowserSession, type TestServer } from '../support/browser.ts';
import { startAwsEmulator, type AwsEmulator } from '../emulator/server.ts';
import { makeTestDataset } from '../emulator/test-dataset.ts';

/**
 * The Capture view in Chromium against the local web host and the AWS emulator: the profiles of
 * temp AWS config files (an SSO profile whose cached token has expired, one never signed in),
 * the estimate, a capture with progress to done and its snapshot opened, cancel (Esc) and resume,
 * a throttled run (429 ThrottledException, retried by the SDK) opened partial with its gaps, and
 * the error of a profile without credentials, and SSO: a first sign-in in the browser (device
 * authorization, approved or denied) and an expired token renewed by the SDK's refresh.
 */
const ENV_KEYS = ['HOME', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_EC2_METADATA_DISABLED'];
const saved = new Map(ENV_KEYS.map((k) => [k, process.env[k]]));
const HOUR = 3_600_000;
const start = Math.floor(Date.now() / 60_000) * 60 - 2 * 3600;
const TRACES = 120;
const dataset = makeTestDataset({ start, minutes: 60, traces: TRACES, events: 60, iamEvents: 3, seed: 12 });
/** The window as the custom inputs take it (UTC, to the minute). */
const FROM = new Date(start * 1000).toISOString().slice(0, 16);
const TO = new Date((start + 3600) * 1000).toISOString().slice(0, 16);

let folder: string;
let emulator: AwsEmulator;
let server: TestServer;

const tokenFile = (id: string): string => join(folder, 'home', '.aws', 'sso', 'cache', `${createHash('sha1').update(id).digest('hex')}.json`);
/** A cached sign-in of the sso-session `name` that expired an hour ago, with what the SDK's refresh needs. */
function expiredToken(name: string): void {
  writeFileSync(tokenFile(name), JSON.stringify({ startUrl: `https://${name}.awsapps.com/start`, region: 'eu-west-1', accessToken: `old-${name}`, expiresAt: new Date(Date.now() - HOUR).toISOString(), refreshToken: `refresh-${name}`, clientId: 'client', clientSecret: 'client-secret' }));
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'capture-e2e-'));
  emulator = await startAwsEmulator(dataset, { rateWindowMs: 50 });
  for (const key of ENV_KEYS) delete process.env[key];
  Object.assign(process.env, { HOME: join(folder, 'home'), AWS_CONFIG_FILE: join(folder, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(folder, 'credentials'), AWS_ENDPOINT_URL: emulator.url, AWS_EC2_METADATA_DISABLED: 'true' });
  writeFileSync(join(folder, 'credentials'), '[default]\naws_access_key_id = AKIAE2EDEFAULT000001\naws_secret_access_key = e2e-secret\n');
  const sso = (name: string): string[] => [`[profile ${name}-reader]`, `sso_session = ${name}`, 'sso_account_id = 123456789012', 'sso_role_name = IncidentReader', `region = ${dataset.region}`, '', `[sso-session ${name}]`, `sso_start_url = https://${name}.awsapps.com/start`, 'sso_region = eu-west-1', ''];
  const legacy = (name: string): string[] => [`[profile ${name}]`, `sso_start_url = https://${name}.awsapps.com/start`, 'sso_region = eu-west-1', 'sso_account_id = 123456789012', 'sso_role_name = IncidentReader', ''];
  writeFileSync(
    join(folder, 'config'),
    [
      '[default]', `region = ${dataset.region}`, '',
      ...sso('light'), ...sso('dark'),
      ...legacy('light-first'), ...legacy('dark-first'), ...legacy('light-denied'), ...legacy('dark-denied'),
      '[profile no-keys]', `region = ${dataset.region}`, '',
    ].join('\n'),
  );
  mkdirSync(join(folder, 'home', '.aws', 'sso', 'cache'), { recursive: true });
  expiredToken('light');
  expiredToken('dark');
  const capture = createCaptureService({ outputDir: join(folder, 'captures'), captureOptions: { endpointUrl: emulator.url, timeScale: 0.05, durableJournal: false, cancelGraceMs: 200 } });
  server = await startTestServer({ capture });
});
afterAll(async () => {
  await server?.close();
  await emulator?.close();
  for (const [key, value] of saved) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(folder, { recursive: true, force: true });
});

const form = (page: Page) => page.getByRole('form', { name: 'Capture from AWS' });
const estimate = (page: Page) => page.getByRole('status', { name: 'Estimate' });

/** The custom window of the dataset, and the profile. */
async function fillForm(page: Page, profile: string): Promise<void> {
  await form(page).getByRole('radio', { name: new RegExp(`^${profile}`) }).check();
  await form(page).getByRole('radio', { name: 'Custom (UTC)' }).check();
  await form(page).getByLabel('From', { exact: true }).fill(FROM);
  await form(page).getByLabel('To', { exact: true }).fill(TO);
}

const runHeading = (page: Page) => page.locator('#capture-run-heading');

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`Capture view in Chromium (${colorScheme})`, () => {
    let browser: BrowserSession;
    beforeAll(async () => {
      browser = await launchBrowser({ colorScheme, width: 1280, height: 900 });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('lists the profiles with their SSO states, and estimates the request before it starts', async () => {
      const { page } = browser;
      await page.goto(`${server.startUrl}#/capture`);
      await page.getByRole('heading', { name: 'Capture from AWS' }).waitFor();
      await form(page).getByRole('radio', { name: /^no-keys/ }).waitFor();
      expect(await form(page).locator('.capture-profile__name').allTextContents()).toEqual(['Default credentials', 'default', 'dark-denied', 'dark-first', 'dark-reader', 'light-denied', 'light-first', 'light-reader', 'no-keys']);
      // Each pass signs its own profile in (light-reader, then dark-reader): this one's is still expired.
      await form(page).locator('label', { hasText: `${colorScheme}-reader` }).getByText('SSO, sign-in expired').waitFor();
      await form(page).locator('label', { hasText: `${colorScheme}-first` }).getByText('SSO, not signed in').waitFor();
      // The default profile is chosen, with its Region.
      expect(await form(page).getByRole('radio', { name: /^default/ }).isChecked()).toBe(true);
      expect(await form(page).getByLabel('Region').inputValue()).toBe(dataset.region);
      await saveScreenshot(page, `capture-form-${colorScheme}`);

      await fillForm(page, 'default');
      // One hour: 1 summary window, 1 graph, the sampling rules, 2 metric calls, a lookup here and in us-east-1.
      await estimate(page).getByText('At least 7 calls, about 1 s').waitFor();
      await estimate(page).getByText(/Then 1 call per 5 traces found, 5 a second: 1,000 traces take 200 calls, about 40 s/).waitFor();
      await form(page).getByRole('radio', { name: 'None' }).check();
      await estimate(page).getByText('At least 5 calls').waitFor();
      await form(page).getByRole('radio', { name: 'Changes (write events)' }).check();
      await estimate(page).getByText('At least 7 calls').waitFor();
      await saveScreenshot(page, `capture-estimate-${colorScheme}`);
    });

    it('shows the running capture, cancels it with Esc, shows the resume, and opens the snapshot when done', async () => {
      const { page } = browser;
      // Hold the second BatchGetTraces call until the caller gives up: the capture runs until cancelled.
      emulator.addFault({ kind: 'slow', service: 'xray', operation: 'BatchGetTraces', fromCall: 2, times: 1 });
      await form(page).getByRole('button', { name: 'Start capture' }).click();
      await runHeading(page).getByText(/^Capturing capture-.*\.json\.gz$/).waitFor();
      await page.getByText('Fetching full traces').waitFor();
      await saveScreenshot(page, `capture-running-${colorScheme}`);
      await page.keyboard.press('Escape');
      await runHeading(page).getByText(/^Cancelled: capture-/).waitFor();
      await page.getByText(/start the same capture again to fetch the rest/).waitFor();
      await saveScreenshot(page, `capture-cancelled-${colorScheme}`);

      // Back to the request: the estimate says it continues the stopped capture.
      await page.getByRole('button', { name: 'Change the request' }).click();
      await estimate(page).getByText('Continues the stopped capture').waitFor();
      await form(page).getByRole('button', { name: 'Resume capture' }).waitFor();
      await saveScreenshot(page, `capture-resume-${colorScheme}`);
      await form(page).getByRole('button', { name: 'Resume capture' }).click();
      // Done: the snapshot opens in the timeline, with every trace of the window.
      await page.waitForURL(/#\/timeline\?src=file%3A[A-Za-z0-9_-]{22}$/, { timeout: 30_000 });
      await page.locator('.incident-bar__facts').getByText(`${TRACES} traces`).waitFor({ timeout: 30_000 });
      expect(await page.getByText(/missing from the snapshot/).count()).toBe(0);
      await page.getByRole('link', { name: 'Capture' }).click();
      await runHeading(page).getByText(/^Done: capture-/).waitFor();
      await page.getByText(new RegExp(`^Captured ${TRACES} traces`)).waitFor();
      await saveScreenshot(page, `capture-done-${colorScheme}`);
      await page.getByRole('button', { name: 'New capture' }).click();
    });

    it('shows throttling while the SDK retries, and opens a partial capture with its gaps shown', async () => {
      const { page } = browser;
      emulator.clearFaults();
      // Every BatchGetTraces answered 429 ThrottledException for a while: the SDK retries, the pacer slows down.
      emulator.addFault({ kind: 'throttle', service: 'xray', operation: 'BatchGetTraces', times: 3 });
      emulator.addFault({ kind: 'slow', service: 'xray', operation: 'BatchGetTraces', fromCall: 4, times: 1 });
      await fillForm(page, 'default');
      await form(page).getByLabel('To', { exact: true }).fill(new Date((start + 3000) * 1000).toISOString().slice(0, 16));
      await form(page).getByRole('button', { name: 'Start capture' }).click();
      await page.getByText(/^AWS throttled 3 calls: the capture slows down and asks again/).waitFor({ timeout: 30_000 });
      await saveScreenshot(page, `capture-throttled-${colorScheme}`);
      await page.getByRole('button', { name: /^Cancel/ }).click();
      await runHeading(page).getByText(/^Cancelled: /).waitFor();
      await page.getByRole('button', { name: 'Open what was fetched' }).click();
      await page.waitForURL(/#\/timeline\?src=file%3A/);
      const gaps = page.getByRole('button', { name: /parts? missing from the snapshot/ });
      await gaps.waitFor({ timeout: 30_000 });
      await gaps.click();
      await page.getByRole('list', { name: 'Missing from the snapshot' }).getByText('xray.BatchGetTraces').waitFor();
      await saveScreenshot(page, `capture-partial-opened-${colorScheme}`);
      emulator.clearFaults();
      await page.getByRole('link', { name: 'Capture' }).click();
      await page.getByRole('button', { name: 'Change the request' }).click();
    });

    it('says what to do when AWS refuses part of it, and when the credentials expire mid-capture', async () => {
      const { page } = browser;
      emulator.addFault({ kind: 'accessDenied', service: 'xray', operation: 'BatchGetTraces', times: Number.POSITIVE_INFINITY });
      await fillForm(page, 'default');
      await form(page).getByLabel('To', { exact: true }).fill(new Date((start + 2700) * 1000).toISOString().slice(0, 16));
      await form(page).getByRole('button', { name: 'Start capture' }).click();
      await runHeading(page).getByText(/^Stopped: capture-/).waitFor({ timeout: 30_000 });
      const notice = page.getByRole('alert').filter({ hasText: 'The capture stopped' });
      await notice.getByText(/xray:BatchGetTraces/).first().waitFor();
      await notice.getByText(/^Grant the permission it names/).waitFor();
      await saveScreenshot(page, `capture-failed-${colorScheme}`);
      emulator.clearFaults();
      await page.getByRole('button', { name: 'Change the request' }).click();

      emulator.addFault({ kind: 'expiredToken', service: 'xray', operation: 'BatchGetTraces', fromCall: 2, times: Number.POSITIVE_INFINITY });
      await form(page).getByLabel('To', { exact: true }).fill(new Date((start + 2640) * 1000).toISOString().slice(0, 16));
      await form(page).getByRole('button', { name: 'Start capture' }).click();
      await runHeading(page).getByText(/^Stopped: capture-/).waitFor({ timeout: 30_000 });
      await page.getByText(/The AWS credentials expired during the capture/).first().waitFor();
      await page.getByText(/^Renew the credentials \(for an SSO profile: Change the request, then Sign in\)/).waitFor();
      await saveScreenshot(page, `capture-expired-${colorScheme}`);
      emulator.clearFaults();
      await page.getByRole('button', { name: 'Change the request' }).click();
    });

    it('says what to do about a profile without credentials, and signs an expired SSO profile in', async () => {
      const { page } = browser;
      await fillForm(page, 'no-keys');
      await form(page).getByRole('button', { name: 'Start capture' }).click();
      await runHeading(page).getByText('The capture could not start').waitFor();
      await page.getByText(/^Choose a profile that has credentials/).waitFor();
      await page.getByText(/profile no-keys gives no credentials/).waitFor();
      await saveScreenshot(page, `capture-error-${colorScheme}`);
      await page.getByRole('button', { name: 'Change the request' }).click();

      // Never signed in: the device sign-in, its link and code shown; the person approves it in the browser.
      const first = `${colorScheme}-first`;
      await form(page).getByRole('radio', { name: new RegExp(`^${first}`) }).check();
      await form(page).getByRole('button', { name: `Sign in to ${first}` }).click();
      const link = form(page).getByRole('link', { name: 'Open the AWS sign-in page' });
      await link.waitFor();
      expect(await link.getAttribute('href')).toMatch(/^https:\/\/device\.sso\.eu-west-1\.amazonaws\.com\/\?user_code=/);
      const code = (await form(page).locator('.capture-signin__code').textContent()) ?? '';
      expect(await form(page).getByRole('button', { name: /Start capture|Resume capture/ }).isDisabled()).toBe(true);
      await saveScreenshot(page, `capture-sso-device-${colorScheme}`);
      expect(emulator.approveDevice(code)).toBe(true);
      await form(page).locator('label', { hasText: first }).getByText('SSO, signed in').waitFor();
      await link.waitFor({ state: 'detached' });

      // Denied in the browser: the page says so, and how to try again.
      emulator.addFault({ kind: 'accessDenied', service: 'sso', operation: 'CreateToken', times: Number.POSITIVE_INFINITY });
      const denied = `${colorScheme}-denied`;
      await form(page).getByRole('radio', { name: new RegExp(`^${denied}`) }).check();
      await form(page).getByRole('button', { name: `Sign in to ${denied}` }).click();
      await form(page).getByRole('alert').getByText('The sign-in was denied in the browser. Sign in again, and approve it there.').waitFor();
      await saveScreenshot(page, `capture-sso-error-${colorScheme}`);
      emulator.clearFaults();

      // Expired, with a refresh token: Sign in renews it through SSO OIDC, and the capture runs with it.
      const profile = `${colorScheme}-reader`;
      await form(page).getByRole('radio', { name: new RegExp(`^${profile}`) }).check();
      await saveScreenshot(page, `capture-sso-expired-${colorScheme}`);
      const tokens = emulator.ssoTokens.length;
      await form(page).getByRole('button', { name: `Sign in to ${profile}` }).click();
      await form(page).locator('label', { hasText: profile }).getByText('SSO, signed in').waitFor();
      expect(emulator.ssoTokens.length).toBe(tokens + 1);
      await form(page).getByLabel('To', { exact: true }).fill(new Date((start + 2400) * 1000).toISOString().slice(0, 16));
      await form(page).getByRole('button', { name: 'Start capture' }).click();
      await page.waitForURL(/#\/timeline\?src=file%3A/, { timeout: 30_000 });
      const roles = emulator.calls.filter((c) => c.operation === 'GetRoleCredentials');
      expect(roles.at(-1)?.body).toMatchObject({ bearerToken: emulator.ssoTokens.at(-1) });
      expect(browser.errors).toEqual([]);
    });
  });
}

describe('Capture view with a huge and an empty AWS configuration', () => {
  it('lists 300 profiles in a scrolled list, and captures with the default credentials when there is none', async () => {
    const config = readFileSync(join(folder, 'config'), 'utf8');
    const credentials = readFileSync(join(folder, 'credentials'), 'utf8');
    const many = Array.from({ length: 300 }, (_, i) => `[profile team-${String(i).padStart(3, '0')}-readonly]\nregion = ${i % 2 ? 'eu-west-1' : 'us-east-1'}\n${i % 3 === 0 ? 'sso_session = light\nsso_account_id = 123456789012\nsso_role_name = R\n' : ''}`).join('\n');
    writeFileSync(join(folder, 'config'), `${config}\n${many}`);
    try {
      for (const colorScheme of ['light', 'dark'] as const) {
        const browser = await launchBrowser({ colorScheme, width: 1280, height: 900 });
        try {
          const { page } = browser;
          await page.goto(`${server.startUrl}#/capture`);
          await form(page).getByRole('radio', { name: /^team-299-readonly/ }).waitFor();
          expect(await form(page).locator('.capture-profile').count()).toBe(1 + 8 + 300);
          // The list scrolls inside the form: the form's other fields stay on the first screen.
          const box = await form(page).locator('.capture-profiles__list').boundingBox();
          expect(box?.height).toBeLessThan(300);
          await form(page).getByRole('radio', { name: /^team-299-readonly/ }).check();
          expect(await form(page).getByLabel('Region').inputValue()).toBe('eu-west-1');
          await saveScreenshot(page, `capture-huge-${colorScheme}`);
        } finally {
          await browser.close();
        }
      }
      rmSync(join(folder, 'config'));
      rmSync(join(folder, 'credentials'));
      const browser = await launchBrowser({ colorScheme: 'dark', width: 1280, height: 900 });
      try {
        const { page } = browser;
        await page.goto(`${server.startUrl}#/capture`);
        await form(page).getByText(/^No profiles in the AWS config files/).waitFor();
        expect(await form(page).getByRole('radio', { name: /^Default credentials/ }).isChecked()).toBe(true);
        await saveScreenshot(page, 'capture-empty-dark');
      } finally {
        await browser.close();
      }
    } finally {
      writeFileSync(join(folder, 'config'), config);
      writeFileSync(join(folder, 'credentials'), credentials);
    }
  });
});

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureEstimate, CaptureRequest as AppRequest } from '../../shared/contract/host/index.ts';
import { createCaptureService } from '../../electron/capture/capture-service.ts';
import { readSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { startTestHost, type TestHost } from '../emulator/host-client.ts';
import { startAwsEmulator, type AwsEmulator } from '../emulator/server.ts';
import { makeTestDataset } from '../emulator/test-dataset.ts';

/**
 * The Capture dialog's questions to the host, over HTTP as the page asks them: the profiles of
 * temp AWS config files with their SSO states from a temp token cache, the estimate (and the
 * stopped capture it would continue), and signing an expired SSO profile in through the SDK's
 * refresh against the emulator's SSO OIDC route.
 */
const ENV_KEYS = ['HOME', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_EC2_METADATA_DISABLED'];
const saved = new Map(ENV_KEYS.map((k) => [k, process.env[k]]));
const HOUR = 3_600_000;
const start = Math.floor(Date.now() / 60_000) * 60 - 2 * 3600;
const dataset = makeTestDataset({ start, minutes: 60, traces: 120, events: 80, iamEvents: 4, seed: 7 });
const window = { start: new Date(start * 1000).toISOString(), end: new Date((start + 3600) * 1000).toISOString() };

let folder: string;
let emulator: AwsEmulator;
let host: TestHost;

const tokenFile = (id: string): string => join(folder, 'home', '.aws', 'sso', 'cache', `${createHash('sha1').update(id).digest('hex')}.json`);

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'capture-setup-host-'));
  emulator = await startAwsEmulator(dataset, { rateWindowMs: 100 });
  for (const key of ENV_KEYS) delete process.env[key];
  Object.assign(process.env, { HOME: join(folder, 'home'), AWS_CONFIG_FILE: join(folder, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(folder, 'credentials'), AWS_ENDPOINT_URL: emulator.url, AWS_EC2_METADATA_DISABLED: 'true' });
  writeFileSync(join(folder, 'credentials'), '[default]\naws_access_key_id = AKIASETUPDEFAULT0001\naws_secret_access_key = setup-secret\n');
  writeFileSync(
    join(folder, 'config'),
    [
      '[default]', `region = ${dataset.region}`, '',
      '[profile corp-reader]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = IncidentReader', `region = ${dataset.region}`, '',
      '[profile first-time]', 'sso_start_url = https://first.awsapps.com/start', 'sso_region = eu-west-1', 'sso_account_id = 123456789012', 'sso_role_name = IncidentReader', '',
      '[profile denied]', 'sso_start_url = https://denied.awsapps.com/start', 'sso_region = eu-west-1', 'sso_account_id = 123456789012', 'sso_role_name = IncidentReader', '',
      '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = eu-west-1', '',
    ].join('\n'),
  );
  mkdirSync(join(folder, 'home', '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(tokenFile('corp'), JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1', accessToken: 'expired-access-token', expiresAt: new Date(Date.now() - HOUR).toISOString(), refreshToken: 'cached-refresh-token', clientId: 'cached-client', clientSecret: 'cached-client-secret' }));
  host = await startTestHost(createCaptureService({ outputDir: join(folder, 'captures'), captureOptions: { endpointUrl: emulator.url, timeScale: 0.1, durableJournal: false } }));
});
afterAll(async () => {
  await host?.close();
  await emulator?.close();
  for (const [key, value] of saved) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(folder, { recursive: true, force: true });
});

function request(extra: Partial<AppRequest> = {}): AppRequest {
  return { regions: [dataset.region], window, cloudTrail: { includeReadOnly: false }, apiGatewayMetrics: { detailed: true }, ...extra };
}

async function estimate(body: AppRequest): Promise<CaptureEstimate> {
  const answer = await host.call('estimateCapture', body);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value as unknown as CaptureEstimate;
}

describe('the Capture dialog asks the host', () => {
  it('for the profiles and the default Region, names and states only', async () => {
    const answer = await host.call('getCaptureSetup', {});
    expect(answer).toEqual({
      ok: true,
      value: {
        profiles: [
          { name: 'default', region: dataset.region },
          { name: 'corp-reader', region: dataset.region, sso: { state: 'expired', expiresAt: expect.any(String), refreshable: true } },
          { name: 'denied', sso: { state: 'missing', refreshable: false } },
          { name: 'first-time', sso: { state: 'missing', refreshable: false } },
        ],
        defaultProfile: 'default',
        defaultRegion: dataset.region,
      },
    });
    expect(host.transcript.join('\n')).not.toMatch(/setup-secret|AKIASETUP|expired-access-token|cached-refresh-token|cached-client-secret|awsapps\.com/);
  });

  it('for an estimate at the paced rates, before any call is made', async () => {
    const calls = emulator.calls.length;
    // One hour: 1 summary window (24 h wide), 1 service graph (6 h), the sampling rules, 2 metric
    // calls (list, data), 1 lookup in the Region and 1 in us-east-1; the traces come 5 a call.
    const hour = await estimate(request());
    expect(hour).toEqual({
      calls: 7,
      // X-Ray's lane: 4 calls at 5/s and 2 at 10/s = 1.0 s; CloudTrail's: 1 call at 2/s = 0.5 s.
      seconds: 1,
      perApi: [
        { api: 'GetTraceSummaries', calls: 1, ratePerSecond: 5 },
        { api: 'BatchGetTraces', calls: 0, ratePerSecond: 5 },
        { api: 'GetServiceGraph', calls: 1, ratePerSecond: 5 },
        { api: 'GetSamplingRules', calls: 1, ratePerSecond: 5 },
        { api: 'GetMetricData', calls: 2, ratePerSecond: 10 },
        { api: 'LookupEvents', calls: 2, ratePerSecond: 2 },
      ],
      traceIdsPerCall: 5,
      eventsPerCall: 50,
    });
    // Three days, no CloudTrail, no metrics: 3 summary windows and 12 graphs: 16 calls at 5/s.
    const days = await estimate({ regions: [dataset.region], window: { start: new Date(Date.now() - 72 * HOUR).toISOString(), end: new Date().toISOString() } });
    expect(days.calls).toBe(16);
    expect(days.seconds).toBe(4);
    expect(emulator.calls.length).toBe(calls);
    const refused = await host.call('estimateCapture', request({ window: { start: window.end, end: window.start } }));
    expect(!refused.ok && refused.error).toMatchObject({ kind: 'invalidInput', message: expect.stringMatching(/The window is empty/) });
  });

  it('whether starting a request continues a stopped capture, and what that one still needs', async () => {
    const body = request({ profile: 'default' });
    const started = await host.call('startCapture', body);
    if (!started.ok) throw new Error(started.error.message);
    const { captureId, file } = started.value as { captureId: string; file: { name: string } };
    await host.waitFor((e) => e.captureId === captureId && e.phase === 'traces');
    await host.call('cancelCapture', { captureId });
    expect((await host.finished(captureId)).at(-1)?.phase).toBe('cancelled');

    const resumed = await estimate(body);
    const partial = await readSnapshotFile(join(folder, 'captures', file.name));
    const unfetched = partial.header.gaps.find((g) => g.what === 'xray.BatchGetTraces')?.ids ?? [];
    expect(unfetched.length).toBeGreaterThan(0);
    expect(resumed.resumes).toEqual({ fileName: file.name, answeredCalls: expect.any(Number) });
    expect(resumed.perApi.find((row) => row.api === 'BatchGetTraces')?.calls).toBeGreaterThanOrEqual(Math.ceil(unfetched.length / 5));
    // A different request of the same minute would be a new capture.
    expect((await estimate(request({ cloudTrail: { includeReadOnly: true } }))).resumes).toBeUndefined();

    const again = await host.call('startCapture', body);
    if (!again.ok) throw new Error(again.error.message);
    const events = await host.finished((again.value as { captureId: string }).captureId);
    // The capture's own count of what the journal holds is the estimate's.
    expect(events[0]?.message).toMatch(new RegExp(`^Resuming: ${resumed.resumes?.answeredCalls} calls already answered`));
    expect(events.at(-1)?.phase).toBe('done');
  });

  it('to sign an expired SSO profile in through the SDK\'s refresh; the capture then uses it', async () => {
    const signed = await host.call('signIn', { profile: 'corp-reader' });
    expect(signed).toEqual({ ok: true, value: { profile: { name: 'corp-reader', region: dataset.region, sso: { state: 'valid', expiresAt: expect.any(String), refreshable: true } } } });
    // The emulator's CreateToken answered the cached refresh token; the new token is in the cache, not on the page.
    const refresh = emulator.calls.filter((c) => c.operation === 'CreateToken');
    expect(refresh.map((c) => c.body)).toEqual([{ clientId: 'cached-client', clientSecret: 'cached-client-secret', grantType: 'refresh_token', refreshToken: 'cached-refresh-token' }]);
    const cached = JSON.parse(readFileSync(tokenFile('corp'), 'utf8')) as { accessToken: string; expiresAt: string };
    expect(cached.accessToken).toBe(emulator.ssoTokens[0]);
    expect(Date.parse(cached.expiresAt)).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(host.transcript.join('\n')).not.toContain(cached.accessToken);

    const started = await host.call('startCapture', request({ profile: 'corp-reader', window: { start: window.start, end: new Date(Date.parse(window.end) - 60_000).toISOString() }, cloudTrail: undefined, apiGatewayMetrics: undefined }));
    if (!started.ok) throw new Error(started.error.message);
    const events = await host.finished((started.value as { captureId: string }).captureId);
    expect(events.at(-1)?.phase).toBe('done');
    const roles = emulator.calls.filter((c) => c.operation === 'GetRoleCredentials');
    expect(roles.at(-1)?.body).toMatchObject({ bearerToken: cached.accessToken, role_name: 'IncidentReader' });
  });

  it('to sign in a profile the SDK cannot renew in a browser (the device authorization), and the capture then uses it', async () => {
    const asked = await host.call('signIn', { profile: 'first-time' });
    if (!asked.ok) throw new Error(asked.error.message);
    const { pending } = asked.value as { pending: { verificationUri: string; userCode: string; expiresAt: string } };
    expect(pending).toEqual({ verificationUri: expect.stringMatching(/^https:\/\/device\.sso\.eu-west-1\.amazonaws\.com\/\?user_code=/), userCode: expect.any(String), expiresAt: expect.any(String) });
    // Asked again while it waits: the same link and code, not a second authorization.
    expect(await host.call('signIn', { profile: 'first-time' })).toEqual(asked);
    expect(emulator.calls.filter((c) => c.operation === 'StartDeviceAuthorization')).toHaveLength(1);
    expect(emulator.calls.filter((c) => c.operation === 'StartDeviceAuthorization')[0]?.body).toMatchObject({ startUrl: 'https://first.awsapps.com/start' });

    // The person approves the code in the browser; the host's poll gets the token and says so.
    expect(emulator.approveDevice(pending.userCode)).toBe(true);
    const ended = await host.signInFinished('first-time');
    expect(ended).toEqual({ profile: 'first-time', outcome: 'signedIn', signedIn: { name: 'first-time', sso: { state: 'valid', expiresAt: expect.any(String), refreshable: false } } });
    // The token is where the SDK reads a legacy profile's (sha1 of the start URL), readable by its owner only.
    const path = tokenFile('https://first.awsapps.com/start');
    const cached = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    expect(cached).toMatchObject({ startUrl: 'https://first.awsapps.com/start', region: 'eu-west-1', accessToken: emulator.ssoTokens.at(-1), clientId: expect.stringMatching(/^emulator-client-/) });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(host.transcript.join('\n')).not.toContain(cached.accessToken);
    expect(host.transcript.join('\n')).not.toContain(cached.clientSecret);

    const started = await host.call('startCapture', request({ profile: 'first-time', window: { start: window.start, end: new Date(Date.parse(window.end) - 120_000).toISOString() }, cloudTrail: undefined, apiGatewayMetrics: undefined }));
    if (!started.ok) throw new Error(started.error.message);
    expect((await host.finished((started.value as { captureId: string }).captureId)).at(-1)?.phase).toBe('done');
    expect(emulator.calls.filter((c) => c.operation === 'GetRoleCredentials').at(-1)?.body).toMatchObject({ bearerToken: cached.accessToken });
  });

  it('refuses what it cannot sign in, and says why', async () => {
    // Denied in the browser: the poll's answer ends the sign-in, and the page is told what to do.
    emulator.addFault({ kind: 'accessDenied', service: 'sso', operation: 'CreateToken', times: Number.POSITIVE_INFINITY });
    const asked = await host.call('signIn', { profile: 'denied' });
    expect(asked.ok && 'pending' in asked.value).toBe(true);
    expect(await host.signInFinished('denied')).toEqual({ profile: 'denied', outcome: 'failed', error: { kind: 'auth', message: 'The sign-in was denied in the browser. Sign in again, and approve it there.' } });
    emulator.clearFaults();
    expect(existsSync(tokenFile('https://denied.awsapps.com/start'))).toBe(false);

    const keys = await host.call('signIn', { profile: 'default' });
    expect(!keys.ok && keys.error).toMatchObject({ kind: 'invalidInput', message: expect.stringMatching(/not an IAM Identity Center \(SSO\) profile/) });
    const none = await host.call('signIn', { profile: 'nobody' });
    expect(!none.ok && none.error.kind).toBe('notFound');
  });
});

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCaptureCommand } from '../../electron/cli/capture-command.ts';
import { recordedIo } from './capture-io.ts';
import { readSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { compareSnapshot, type CheckedRequest } from '../emulator/capture-check.ts';
import { startAwsEmulator, type AwsEmulator } from '../emulator/server.ts';
import { makeTestDataset } from '../emulator/test-dataset.ts';

const SCALE = 0.02;
const ENV_KEYS = [
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN',
  'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_XRAY', 'AWS_ENDPOINT_URL_CLOUDTRAIL', 'AWS_ENDPOINT_URL_CLOUDWATCH', 'AWS_ENDPOINT_URL_STS',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
];
const saved = new Map(ENV_KEYS.map((k) => [k, process.env[k]]));
const start = Math.floor(Date.now() / 60_000) * 60 - 2 * 3600;
const dataset = makeTestDataset({ start, minutes: 60, traces: 40, events: 70, iamEvents: 5, seed: 41 });
const from = new Date(start * 1000).toISOString();
const to = new Date((start + 3600) * 1000).toISOString();
const checked: CheckedRequest = { region: dataset.region, from: start * 1000, to: (start + 3600) * 1000, cloudtrail: 'changes', metrics: true };

const KEYS = { default: 'AKIADEFAULTPROFILE01', ops: 'AKIAOPSPROFILE000001', local: 'AKIALOCALPROFILE0001' };
let folder: string;
/** One emulator per role: X-Ray, CloudTrail, CloudWatch, the general endpoint, --endpoint-url, a profile's endpoint_url. */
let xray: AwsEmulator;
let cloudtrail: AwsEmulator;
let cloudwatch: AwsEmulator;
let general: AwsEmulator;
let flag: AwsEmulator;
let profileEndpoint: AwsEmulator;
let all: AwsEmulator[];

function hermeticEnv(): void {
  for (const key of ENV_KEYS) delete process.env[key];
  process.env.AWS_CONFIG_FILE = join(folder, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(folder, 'credentials');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'capture-aws-config-'));
  all = [];
  for (let i = 0; i < 6; i++) all.push(await startAwsEmulator(dataset, { rateWindowMs: 1000 * SCALE }));
  [xray, cloudtrail, cloudwatch, general, flag, profileEndpoint] = all as [AwsEmulator, AwsEmulator, AwsEmulator, AwsEmulator, AwsEmulator, AwsEmulator];
  writeFileSync(
    join(folder, 'credentials'),
    `[default]\naws_access_key_id = ${KEYS.default}\naws_secret_access_key = default-secret\n\n[ops]\naws_access_key_id = ${KEYS.ops}\naws_secret_access_key = ops-secret\n\n[no-region]\naws_access_key_id = AKIANOREGION00000001\naws_secret_access_key = x\n`,
  );
  writeFileSync(
    join(folder, 'config'),
    [
      '[default]', 'region = us-west-2', '',
      '[profile ops]', `region = ${dataset.region}`, '',
      '[profile ops-role]', 'role_arn = arn:aws:iam::123456789012:role/IncidentCapture', 'source_profile = ops', 'role_session_name = trace-explorer-test', `region = ${dataset.region}`, '',
      '[profile local]', `region = ${dataset.region}`, `endpoint_url = ${profileEndpoint.url}`, `aws_access_key_id = ${KEYS.local}`, 'aws_secret_access_key = local-secret', '',
      '[profile no-region]', '',
      '[profile sso-user]', 'sso_start_url = https://example.awsapps.com/start', 'sso_region = eu-west-1', 'sso_account_id = 123456789012', 'sso_role_name = IncidentReader', `region = ${dataset.region}`, '',
      '[profile sso-expired]', 'sso_start_url = https://expired.awsapps.com/start', 'sso_region = eu-west-1', 'sso_account_id = 123456789012', 'sso_role_name = IncidentReader', `region = ${dataset.region}`, '',
    ].join('\n'),
  );
});
afterEach(() => hermeticEnv());
afterAll(async () => {
  for (const emulator of all) await emulator.close();
  for (const [key, value] of saved) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(folder, { recursive: true, force: true });
});

let runs = 0;
async function capture(args: string[]): Promise<{ code: number; out: string; err: string; file: string }> {
  const file = join(folder, `run-${++runs}.json.gz`);
  const console = recordedIo(SCALE);
  const code = await runCaptureCommand(['--from', from, '--to', to, '--out', file, ...args], console);
  return { code, out: console.out.join(''), err: console.err.join(''), file };
}

/** What each emulator was asked since `marks` was taken. */
function callsSince(marks: readonly number[]): { services: Set<string>; keys: Set<string>; regions: Set<string>; count: number }[] {
  return all.map((emulator, i) => {
    const calls = emulator.calls.slice(marks[i]);
    return { services: new Set(calls.map((c) => c.service)), keys: new Set(calls.map((c) => c.accessKeyId)), regions: new Set(calls.map((c) => c.region)), count: calls.length };
  });
}
const mark = (): number[] => all.map((e) => e.calls.length);

describe('credentials and configuration the AWS way', () => {
  beforeAll(() => hermeticEnv());

  it('--profile takes the keys from the shared credentials file and the Region from the shared config file', async () => {
    process.env.AWS_ENDPOINT_URL = general.url;
    const before = mark();
    const run = await capture(['--profile', 'ops']);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(new RegExp(`^Captured ${dataset.region} `));
    const seen = callsSince(before)[3];
    expect(seen?.keys).toEqual(new Set([KEYS.ops]));
    expect(seen?.regions).toEqual(new Set([dataset.region, 'us-east-1']));
    expect(compareSnapshot(await readSnapshotFile(run.file), dataset, checked)).toEqual([]);
  });

  it('without --profile uses the default profile (and AWS_PROFILE when set); --region wins over the profile', async () => {
    process.env.AWS_ENDPOINT_URL = general.url;
    let before = mark();
    const byDefault = await capture(['--cloudtrail', 'none', '--no-metrics']);
    expect(byDefault.code, byDefault.err).toBe(0);
    expect(callsSince(before)[3]).toMatchObject({ keys: new Set([KEYS.default]), regions: new Set(['us-west-2']) });

    process.env.AWS_PROFILE = 'ops';
    before = mark();
    const byEnv = await capture(['--region', 'eu-central-1', '--cloudtrail', 'none', '--no-metrics']);
    expect(byEnv.code, byEnv.err).toBe(0);
    expect(callsSince(before)[3]).toMatchObject({ keys: new Set([KEYS.ops]), regions: new Set(['eu-central-1']) });
  });

  it('sends each service to AWS_ENDPOINT_URL_XRAY / _CLOUDTRAIL / _CLOUDWATCH, the rest to AWS_ENDPOINT_URL', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
    process.env.AWS_ENDPOINT_URL_XRAY = xray.url;
    process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = cloudtrail.url;
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH = cloudwatch.url;
    const before = mark();
    const run = await capture(['--profile', 'ops']);
    expect(run.code, run.err).toBe(0);
    const seen = callsSince(before);
    expect(seen.map((s) => [...s.services].sort())).toEqual([['xray'], ['cloudtrail'], ['cloudwatch'], [], [], []]);
    expect(compareSnapshot(await readSnapshotFile(run.file), dataset, checked)).toEqual([]);

    delete process.env.AWS_ENDPOINT_URL_XRAY;
    delete process.env.AWS_ENDPOINT_URL_CLOUDTRAIL;
    delete process.env.AWS_ENDPOINT_URL_CLOUDWATCH;
    process.env.AWS_ENDPOINT_URL = general.url;
    const again = mark();
    const generalRun = await capture(['--profile', 'ops']);
    expect(generalRun.code, generalRun.err).toBe(0);
    expect(callsSince(again).map((s) => [...s.services].sort())).toEqual([[], [], [], ['cloudtrail', 'cloudwatch', 'xray'], [], []]);
  });

  it('--endpoint-url wins over every endpoint variable and over the profile\'s endpoint_url', async () => {
    process.env.AWS_ENDPOINT_URL = general.url;
    process.env.AWS_ENDPOINT_URL_XRAY = xray.url;
    process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = cloudtrail.url;
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH = cloudwatch.url;
    let before = mark();
    const run = await capture(['--profile', 'local', '--endpoint-url', flag.url]);
    expect(run.code, run.err).toBe(0);
    expect(callsSince(before).map((s) => s.count > 0)).toEqual([false, false, false, false, true, false]);
    expect(callsSince(before)[4]?.keys).toEqual(new Set([KEYS.local]));

    // Without the flag and the variables, the profile's endpoint_url is used.
    hermeticEnv();
    before = mark();
    const byProfile = await capture(['--profile', 'local']);
    expect(byProfile.code, byProfile.err).toBe(0);
    expect(callsSince(before).map((s) => s.count > 0)).toEqual([false, false, false, false, false, true]);
    expect(compareSnapshot(await readSnapshotFile(byProfile.file), dataset, checked)).toEqual([]);
  });

  it('assumes the role of a profile with role_arn + source_profile through STS, and captures with the role\'s credentials', async () => {
    process.env.AWS_ENDPOINT_URL = general.url;
    const before = mark();
    const issuedBefore = general.issued.length;
    const run = await capture(['--profile', 'ops-role']);
    expect(run.code, run.err).toBe(0);
    const calls = general.calls.slice(before[3]);
    const assume = calls.filter((c) => c.service === 'sts');
    expect(assume.map((c) => [c.operation, c.accessKeyId])).toEqual([['AssumeRole', KEYS.ops]]);
    const issued = general.issued.slice(issuedBefore);
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ roleArn: 'arn:aws:iam::123456789012:role/IncidentCapture', sessionName: 'trace-explorer-test', askedWith: KEYS.ops });
    // Every AWS call of the capture is signed with the role's temporary key, none with the source profile's.
    expect(new Set(calls.filter((c) => c.service !== 'sts').map((c) => c.accessKeyId))).toEqual(new Set([issued[0]?.accessKeyId]));
    expect(compareSnapshot(await readSnapshotFile(run.file), dataset, checked)).toEqual([]);
  });

  it('signs in through IAM Identity Center (SSO) with the token `aws sso login` cached, and says so when it has expired', async () => {
    // The SDK finds the cached token under $HOME/.aws/sso/cache/<sha1 of the start URL>.json.
    const home = join(folder, 'home');
    const cache = join(home, '.aws', 'sso', 'cache');
    mkdirSync(cache, { recursive: true });
    const tokenFile = (startUrl: string) => join(cache, `${createHash('sha1').update(startUrl).digest('hex')}.json`);
    writeFileSync(tokenFile('https://example.awsapps.com/start'), JSON.stringify({ startUrl: 'https://example.awsapps.com/start', region: 'eu-west-1', accessToken: 'sso-access-token-1', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }));
    writeFileSync(tokenFile('https://expired.awsapps.com/start'), JSON.stringify({ startUrl: 'https://expired.awsapps.com/start', region: 'eu-west-1', accessToken: 'sso-access-token-0', expiresAt: new Date(Date.now() - 60_000).toISOString() }));
    const savedHome = process.env.HOME;
    process.env.HOME = home;
    try {
      process.env.AWS_ENDPOINT_URL = general.url;
      const before = mark();
      const issuedBefore = general.issued.length;
      const run = await capture(['--profile', 'sso-user']);
      expect(run.code, run.err).toBe(0);
      const calls = general.calls.slice(before[3]);
      expect(calls.filter((c) => c.service === 'sso').map((c) => c.body)).toEqual([{ role_name: 'IncidentReader', account_id: '123456789012', bearerToken: 'sso-access-token-1' }]);
      const issued = general.issued.slice(issuedBefore);
      expect(issued).toHaveLength(1);
      expect(new Set(calls.filter((c) => c.service !== 'sso').map((c) => c.accessKeyId))).toEqual(new Set([issued[0]?.accessKeyId]));
      expect(compareSnapshot(await readSnapshotFile(run.file), dataset, checked)).toEqual([]);

      const expired = await capture(['--profile', 'sso-expired']);
      expect(expired.code).toBe(1);
      expect(expired.err).toMatch(/No AWS credentials found \(The SSO session associated with this profile has expired\. To refresh this SSO session run aws sso login/);
    } finally {
      process.env.HOME = savedHome;
    }
  });

  it('says what is missing when neither --region nor the profile gives a Region, or the profile does not exist', async () => {
    process.env.AWS_ENDPOINT_URL = general.url;
    const before = mark();
    const noRegion = await capture(['--profile', 'no-region']);
    expect(noRegion.code).toBe(2);
    expect(noRegion.err).toMatch(/Missing --region R: no Region is configured for profile no-region/);
    const unknown = await capture(['--profile', 'nope', '--region', dataset.region]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No AWS credentials found/);
    expect(unknown.err).toMatch(/there is no profile nope in .*config or .*credentials/);
    expect(callsSince(before).every((s) => s.count === 0)).toBe(true);
  });
});

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureSetupSchema } from '../../shared/contract/host/index.ts';
import { listProfiles } from './capture-setup.ts';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const HOUR = 3_600_000;
let folder: string;
let env: NodeJS.ProcessEnv;

/** Where the SDK caches a token: sha1 of the sso-session name (or a legacy profile's start URL), hex, under ~/.aws/sso/cache. */
function cacheToken(id: string, token: Record<string, string>): void {
  const dir = join(folder, 'home', '.aws', 'sso', 'cache');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${createHash('sha1').update(id).digest('hex')}.json`), JSON.stringify(token));
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'capture-setup-'));
  env = { AWS_CONFIG_FILE: join(folder, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(folder, 'credentials'), HOME: join(folder, 'home') };
  writeFileSync(join(folder, 'credentials'), '[default]\naws_access_key_id = AKIAEXAMPLEDEFAULT01\naws_secret_access_key = s\n\n[keys-only]\naws_access_key_id = AKIAEXAMPLEKEYSONLY1\naws_secret_access_key = s\n');
  writeFileSync(
    join(folder, 'config'),
    [
      '[default]', 'region = us-west-2', '',
      '[profile ops]', 'region = eu-west-1', 'role_arn = arn:aws:iam::123456789012:role/R', 'source_profile = default', '',
      '[profile legacy-valid]', 'sso_start_url = https://valid.awsapps.com/start', 'sso_region = eu-west-1', 'sso_account_id = 123456789012', 'sso_role_name = Reader', '',
      '[profile legacy-expired]', 'sso_start_url = https://old.awsapps.com/start', 'sso_region = eu-west-1', 'sso_account_id = 123456789012', 'sso_role_name = Reader', 'region = ap-south-1', '',
      '[profile session-expired]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = Reader', '',
      '[profile session-soon]', 'sso_session = soon', 'sso_account_id = 123456789012', 'sso_role_name = Reader', '',
      '[profile never-signed]', 'sso_session = fresh', 'sso_account_id = 123456789012', 'sso_role_name = Reader', '',
      '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = eu-west-1', '',
      '[sso-session soon]', 'sso_start_url = https://soon.awsapps.com/start', 'sso_region = eu-west-1', '',
      '[sso-session fresh]', 'sso_start_url = https://fresh.awsapps.com/start', 'sso_region = eu-west-1', '',
      '[services local]', 'xray =', '  endpoint_url = http://127.0.0.1:9', '',
    ].join('\n'),
  );
  cacheToken('https://valid.awsapps.com/start', { accessToken: 'secret-access-1', expiresAt: new Date(NOW + HOUR).toISOString() });
  cacheToken('https://old.awsapps.com/start', { accessToken: 'secret-access-2', expiresAt: new Date(NOW - HOUR).toISOString(), refreshToken: 'r' });
  cacheToken('corp', { accessToken: 'secret-access-3', expiresAt: new Date(NOW - HOUR).toISOString(), refreshToken: 'secret-refresh-3', clientId: 'c', clientSecret: 'secret-client' });
  cacheToken('soon', { accessToken: 'secret-access-4', expiresAt: new Date(NOW + 60_000).toISOString() });
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the profiles of the AWS config files', () => {
  it('lists both files\' profiles, default first, with their Regions and SSO states from the token cache', () => {
    const profiles = listProfiles(NOW, env);
    expect(profiles).toEqual([
      { name: 'default', region: 'us-west-2' },
      { name: 'keys-only' },
      { name: 'legacy-expired', region: 'ap-south-1', sso: { state: 'expired', expiresAt: new Date(NOW - HOUR).toISOString(), refreshable: false } },
      { name: 'legacy-valid', sso: { state: 'valid', expiresAt: new Date(NOW + HOUR).toISOString(), refreshable: false } },
      { name: 'never-signed', sso: { state: 'missing', refreshable: false } },
      { name: 'ops', region: 'eu-west-1' },
      // The SDK refreshes a token that expires within 5 minutes, and refuses it if it cannot.
      { name: 'session-expired', sso: { state: 'expired', expiresAt: new Date(NOW - HOUR).toISOString(), refreshable: true } },
      { name: 'session-soon', sso: { state: 'expired', expiresAt: new Date(NOW + 60_000).toISOString(), refreshable: false } },
    ]);
  });

  it('sends names and states only: no token, key or path in what the page gets, and the contract accepts it', () => {
    const setup = { profiles: listProfiles(NOW, env), defaultProfile: 'default', defaultRegion: 'us-west-2' };
    expect(captureSetupSchema.safeParse(setup).success).toBe(true);
    const text = JSON.stringify(setup);
    for (const secret of ['secret-', 'AKIA', folder, 'awsapps.com', '123456789012']) expect(text).not.toContain(secret);
  });

  it('lists nothing (and says nothing is wrong) when the files do not exist', () => {
    expect(listProfiles(NOW, { AWS_CONFIG_FILE: join(folder, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(folder, 'none2'), HOME: folder })).toEqual([]);
  });

  it('counts an unreadable cached token as missing', () => {
    cacheToken('fresh', { accessToken: '', expiresAt: 'not a time' });
    expect(listProfiles(NOW, env).find((p) => p.name === 'never-signed')?.sso).toEqual({ state: 'missing', refreshable: false });
  });
});

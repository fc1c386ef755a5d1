import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfigFile, profileEndpoint, profileExists } from './profile-endpoint.ts';

const folder = mkdtempSync(join(tmpdir(), 'profile-endpoint-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const CONFIG = `# a comment
[default]
region = us-east-1
endpoint_url = http://default.local

[profile dev]
region = eu-west-1   ; trailing comment
services = local-dev
endpoint_url = http://dev-all.local

[services local-dev]
xray =
  endpoint_url = http://xray-dev.local
cloudtrail =
  endpoint_url = http://cloudtrail-dev.local

[profile plain]
region = eu-west-1
`;
const config = join(folder, 'config');
writeFileSync(config, CONFIG);
writeFileSync(join(folder, 'credentials'), '[keys-only]\naws_access_key_id = A\naws_secret_access_key = B\n');
const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(folder, 'credentials') };

describe('profile endpoints from the shared config file', () => {
  it('reads sections, values and indented sub-properties', () => {
    const sections = parseConfigFile(CONFIG);
    expect(sections.get('profile dev')?.get('region')).toBe('eu-west-1');
    expect((sections.get('services local-dev')?.get('xray') as Map<string, string>).get('endpoint_url')).toBe('http://xray-dev.local');
  });

  it('takes the services section first, then the profile endpoint_url', () => {
    expect(profileEndpoint('dev', 'XRay', env)).toBe('http://xray-dev.local');
    expect(profileEndpoint('dev', 'CloudTrail', env)).toBe('http://cloudtrail-dev.local');
    expect(profileEndpoint('dev', 'CloudWatch', env)).toBe('http://dev-all.local');
    expect(profileEndpoint('default', 'XRay', env)).toBe('http://default.local');
    expect(profileEndpoint('plain', 'XRay', env)).toBeUndefined();
    expect(profileEndpoint('missing', 'XRay', env)).toBeUndefined();
  });

  it('leaves the choice to the environment variables when they are set, and to nothing when told to ignore configured endpoints', () => {
    expect(profileEndpoint('dev', 'XRay', { ...env, AWS_ENDPOINT_URL: 'http://env.local' })).toBeUndefined();
    expect(profileEndpoint('dev', 'XRay', { ...env, AWS_ENDPOINT_URL_XRAY: 'http://env.local' })).toBeUndefined();
    expect(profileEndpoint('dev', 'CloudTrail', { ...env, AWS_ENDPOINT_URL_XRAY: 'http://env.local' })).toBe('http://cloudtrail-dev.local');
    expect(profileEndpoint('dev', 'XRay', { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })).toBeUndefined();
  });

  it('knows which profiles exist in either file', () => {
    expect(profileExists('dev', env)).toBe(true);
    expect(profileExists('default', env)).toBe(true);
    expect(profileExists('keys-only', env)).toBe(true);
    expect(profileExists('nope', env)).toBe(false);
  });
});

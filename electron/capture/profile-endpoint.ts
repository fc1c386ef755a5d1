/**
 * The endpoint a named profile configures for a service, read from the shared config file the
 * way the AWS CLI and SDKs document it: the profile's `services = NAME` section
 * (`[services NAME]` with `xray =` / `  endpoint_url = …` sub-properties), else the profile's own
 * `endpoint_url`. The JS SDK (3.11xx) reads these from the profile named by AWS_PROFILE only,
 * never from the client's `profile` option, so `--profile P` needs this. Environment variables
 * (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`) come first and are left to the SDK, and
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns all of it off.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

type Section = Map<string, string | Map<string, string>>;

/** INI sections with one level of indented sub-properties (`xray =` then `  endpoint_url = …`). */
export function parseConfigFile(text: string): Map<string, Section> {
  const sections = new Map<string, Section>();
  let section: Section | undefined;
  let parent: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s[#;].*$/, '');
    if (/^\s*([#;].*)?$/.test(line)) continue;
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = new Map();
      sections.set((header[1] as string).trim().replace(/\s+/g, ' '), section);
      parent = undefined;
      continue;
    }
    const pair = /^(\s*)([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (pair === null || section === undefined) continue;
    const [, indent, key, value] = pair as unknown as [string, string, string, string];
    if (indent !== '' && parent !== undefined) {
      parent.set(key.toLowerCase(), value.trim());
    } else if (value.trim() === '') {
      parent = new Map();
      section.set(key.toLowerCase(), parent);
    } else {
      parent = undefined;
      section.set(key.toLowerCase(), value.trim());
    }
  }
  return sections;
}

function readConfig(path: string): Map<string, Section> | undefined {
  try {
    return parseConfigFile(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

export function sharedFilePaths(env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  return {
    config: env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials'),
  };
}

/** Whether the shared config or credentials file has a section for this profile. */
export function profileExists(profile: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const paths = sharedFilePaths(env);
  const config = readConfig(paths.config);
  const credentials = readConfig(paths.credentials);
  return config?.has(`profile ${profile}`) === true || (profile === 'default' && config?.has('default') === true) || credentials?.has(profile) === true;
}

/** `serviceId` as the SDK names it: `XRay`, `CloudTrail`, `CloudWatch`. */
export function profileEndpoint(profile: string, serviceId: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
  const envName = `AWS_ENDPOINT_URL_${serviceId.toUpperCase().replace(/ /g, '_')}`;
  if (env[envName] || env.AWS_ENDPOINT_URL) return undefined;
  const sections = readConfig(sharedFilePaths(env).config);
  if (sections === undefined) return undefined;
  const section = sections.get(profile === 'default' ? 'default' : `profile ${profile}`) ?? (profile === 'default' ? sections.get('profile default') : undefined);
  if (section === undefined) return undefined;
  const services = section.get('services');
  if (typeof services === 'string') {
    const service = sections.get(`services ${services}`)?.get(serviceId.toLowerCase().replace(/ /g, '_'));
    const url = service instanceof Map ? service.get('endpoint_url') : undefined;
    if (url) return url;
  }
  const url = section.get('endpoint_url');
  return typeof url === 'string' && url !== '' ? url : undefined;
}

/**
 * What the Capture dialog needs from this machine's AWS configuration: the profiles of the shared
 * config and credentials files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws), each
 * with its Region and, for an IAM Identity Center (SSO) profile, whether the SDK's token cache
 * (~/.aws/sso/cache/<sha1 of the sso-session name, or of the start URL>.json) holds a token it
 * would use. Only names and states leave this file: the token, keys and paths stay here.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CaptureProfile, CaptureSetup, SsoState } from '../../shared/contract/host/index.ts';
import { configuredRegion } from './aws-session.ts';
import { parseConfigFile, sharedFilePaths } from './profile-endpoint.ts';

/** The SDK refreshes (or refuses) a token that expires within this window (@aws-sdk/token-providers' EXPIRE_WINDOW_MS). */
const EXPIRE_WINDOW_MS = 5 * 60 * 1000;

type Sections = ReturnType<typeof parseConfigFile>;
type Section = NonNullable<ReturnType<Sections['get']>>;

function readSections(path: string): Sections {
  try {
    return parseConfigFile(readFileSync(path, 'utf8'));
  } catch {
    return new Map();
  }
}

const text = (section: Section | undefined, key: string): string | undefined => {
  const value = section?.get(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** The SDK's cache folder: under HOME, as @smithy's getHomeDir finds it on every platform the app runs on. */
export function ssoCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.HOME || env.USERPROFILE || homedir(), '.aws', 'sso', 'cache');
}

/** The cache file of an sso-session name or a legacy profile's start URL (the SDK's getSSOTokenFilepath). */
export function ssoTokenPath(id: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(ssoCacheDir(env), `${createHash('sha1').update(id).digest('hex')}.json`);
}

interface CachedToken {
  readonly accessToken?: unknown;
  readonly expiresAt?: unknown;
  readonly refreshToken?: unknown;
  readonly clientId?: unknown;
  readonly clientSecret?: unknown;
  readonly registrationExpiresAt?: unknown;
}

function readToken(path: string): CachedToken | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as CachedToken) : undefined;
  } catch {
    return undefined;
  }
}

const filled = (value: unknown): boolean => typeof value === 'string' && value !== '';

/** An SSO profile's state, or undefined for a profile that is not SSO. */
export function ssoStateOf(section: Section, config: Sections, now: number, env: NodeJS.ProcessEnv = process.env): SsoState | undefined {
  const session = text(section, 'sso_session');
  const startUrl = text(section, 'sso_start_url');
  if (session === undefined && startUrl === undefined) return undefined;
  const token = readToken(ssoTokenPath(session ?? (startUrl as string), env));
  const expiresAt = typeof token?.expiresAt === 'string' ? Date.parse(token.expiresAt) : Number.NaN;
  const registered = typeof token?.registrationExpiresAt !== 'string' || Date.parse(token.registrationExpiresAt) > now;
  // The SDK refreshes only for an sso-session profile whose session section exists, with the cached client and refresh token.
  const refreshable = session !== undefined && config.has(`sso-session ${session}`) && filled(token?.refreshToken) && filled(token?.clientId) && filled(token?.clientSecret) && registered;
  if (token === undefined || !filled(token.accessToken) || Number.isNaN(expiresAt)) return { state: 'missing', refreshable: false };
  return {
    state: expiresAt - now > EXPIRE_WINDOW_MS ? 'valid' : 'expired',
    expiresAt: new Date(expiresAt).toISOString(),
    refreshable,
  };
}

/** The profile names of both files (`[default]`, `[profile NAME]` in config; `[NAME]` in credentials), default first. */
export function listProfiles(now: number, env: NodeJS.ProcessEnv = process.env): CaptureProfile[] {
  const paths = sharedFilePaths(env);
  const config = readSections(paths.config);
  const credentials = readSections(paths.credentials);
  const names = new Map<string, Section | undefined>();
  for (const [header, section] of config) {
    const name = header === 'default' ? 'default' : header.startsWith('profile ') ? header.slice('profile '.length).trim() : undefined;
    if (name !== undefined && name !== '') names.set(name, section);
  }
  for (const header of credentials.keys()) if (!names.has(header)) names.set(header, undefined);
  const profiles = [...names].map(([name, section]): CaptureProfile => {
    const region = text(section, 'region');
    const sso = section === undefined ? undefined : ssoStateOf(section, config, now, env);
    return { name, ...(region === undefined ? {} : { region }), ...(sso === undefined ? {} : { sso }) };
  });
  return profiles.sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

/** Where an SSO profile signs in: its start URL and Region, and the id its token is cached under. */
export interface SsoConfig {
  /** The sso-session name, or (a legacy profile) the start URL: the cache file is named by its sha1. */
  readonly cacheId: string;
  readonly startUrl: string;
  readonly region: string;
  /** Set for an sso-session profile (whose token the SDK can refresh). */
  readonly session?: string;
  readonly scopes?: readonly string[];
}

/** The SSO configuration of a profile; undefined when it is not an SSO profile or lacks the start URL or Region. */
export function ssoConfigOf(name: string, env: NodeJS.ProcessEnv = process.env): SsoConfig | undefined {
  const config = readSections(sharedFilePaths(env).config);
  const section = config.get(name === 'default' ? 'default' : `profile ${name}`);
  if (section === undefined) return undefined;
  const session = text(section, 'sso_session');
  const source = session === undefined ? section : config.get(`sso-session ${session}`);
  const startUrl = text(source, 'sso_start_url');
  const region = text(source, 'sso_region');
  if (startUrl === undefined || region === undefined) return undefined;
  const scopes = text(source, 'sso_registration_scopes')?.split(',').map((scope) => scope.trim()).filter(Boolean);
  return { cacheId: session ?? startUrl, startUrl, region, ...(session === undefined ? {} : { session }), ...(scopes?.length ? { scopes } : {}) };
}

/** One profile's entry (the same reading as the list), undefined when neither file names it. */
export function findProfile(name: string, now: number, env: NodeJS.ProcessEnv = process.env): CaptureProfile | undefined {
  return listProfiles(now, env).find((profile) => profile.name === name);
}

export async function captureSetup(now: number, env: NodeJS.ProcessEnv = process.env): Promise<CaptureSetup> {
  const profiles = listProfiles(now, env);
  const named = env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE;
  const defaultProfile = named ?? (profiles.some((p) => p.name === 'default') ? 'default' : undefined);
  const defaultRegion = await configuredRegion();
  return {
    profiles: profiles.slice(0, 500),
    ...(defaultProfile === undefined ? {} : { defaultProfile }),
    ...(defaultRegion === undefined ? {} : { defaultRegion }),
  };
}

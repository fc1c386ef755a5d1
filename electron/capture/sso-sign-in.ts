/**
 * Signing an IAM Identity Center (SSO) profile in from the app, the SDK's way first: `fromSSO` of
 * @aws-sdk/credential-providers reads the token `aws sso login` cached, and for an sso-session
 * profile whose token has expired it refreshes it with SSO OIDC CreateToken (the cached client and
 * refresh token), writes the new token back to ~/.aws/sso/cache, then asks SSO GetRoleCredentials
 * for the role, which proves the sign-in works (the role credentials are dropped here). Where the
 * SDK cannot renew it (never signed in, a legacy profile, a refresh refused), the person signs in
 * in a browser: the device authorization of sso-device-sign-in.ts, whose link and code the page
 * shows. The page gets the profile's new state, or the link and code, never a token.
 */
import { fromSSO } from '@aws-sdk/credential-providers';
import type { SignInAnswer, SignInProgress } from '../../shared/contract/host/index.ts';
import { AppError } from '../../shared/base/errors.ts';
import { findProfile, ssoConfigOf } from './capture-setup.ts';
import { sharedFilePaths } from './profile-endpoint.ts';
import type { DeviceSignIns } from './sso-device-sign-in.ts';

export interface SignInOptions {
  /** Where the SSO and SSO OIDC calls go (tests: the emulator); else the SDK's own endpoints (AWS_ENDPOINT_URL…). */
  readonly endpointUrl?: string;
  readonly now?: () => number;
  readonly env?: NodeJS.ProcessEnv;
  /** The device sign-ins of this host, and who hears how each ends. */
  readonly devices: DeviceSignIns;
  readonly onFinished: (event: SignInProgress) => void;
}

/** Whether the SDK's refresh renewed the token (false when it could not: the device sign-in follows). */
async function refreshed(name: string, options: SignInOptions): Promise<boolean> {
  try {
    await fromSSO({ profile: name, ...(options.endpointUrl === undefined ? {} : { clientConfig: { endpoint: options.endpointUrl } }) })();
  } catch {
    return false;
  }
  return findProfile(name, (options.now ?? Date.now)(), options.env)?.sso?.state === 'valid';
}

export async function signInProfile(name: string, options: SignInOptions): Promise<SignInAnswer> {
  const now = options.now ?? Date.now;
  const env = options.env ?? process.env;
  const profile = findProfile(name, now(), env);
  if (profile === undefined) {
    const paths = sharedFilePaths(env);
    throw new AppError('notFound', `There is no profile ${name} in ${paths.config} or ${paths.credentials}.`);
  }
  if (profile.sso === undefined) {
    throw new AppError('invalidInput', `${name} is not an IAM Identity Center (SSO) profile: its credentials come from its keys, role or credential process, so there is nothing to sign in to.`);
  }
  if (profile.sso.state === 'valid') return { profile };
  if (profile.sso.refreshable && (await refreshed(name, options))) return { profile: findProfile(name, now(), env) ?? profile };
  const config = ssoConfigOf(name, env);
  if (config === undefined) {
    throw new AppError('invalidInput', `${name} names no sso_start_url and sso_region (in the profile, or its sso-session section), so there is nowhere to sign in. Add them to ${sharedFilePaths(env).config}.`);
  }
  const pending = await options.devices.start(name, config, (error) => {
    const after = error === undefined ? findProfile(name, now(), env) : undefined;
    if (after?.sso?.state === 'valid') options.onFinished({ profile: name, outcome: 'signedIn', signedIn: after });
    else options.onFinished({ profile: name, outcome: 'failed', error: (error ?? new AppError('auth', `${name} was signed in, but its token is not where the SDK reads it.`)).toData() });
  });
  return { pending };
}

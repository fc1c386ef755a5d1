/**
 * Signing an IAM Identity Center (SSO) profile in from the app, through the SDK's own SSO flow:
 * `fromSSO` of @aws-sdk/credential-providers reads the token `aws sso login` cached, and for an
 * sso-session profile whose token has expired it refreshes it with SSO OIDC CreateToken (the
 * cached client and refresh token) and writes the new token back to ~/.aws/sso/cache, then asks
 * SSO GetRoleCredentials for the role, which proves the sign-in works. The role credentials are
 * dropped here; the page gets the profile's new state. What the SDK cannot do without a person at
 * a browser (a first sign-in, or a session past its refresh) is left to `aws sso login`, and the
 * message says so.
 */
import { fromSSO } from '@aws-sdk/credential-providers';
import type { CaptureProfile } from '../../shared/contract/host/index.ts';
import { AppError } from '../../shared/base/errors.ts';
import { findProfile } from './capture-setup.ts';
import { sharedFilePaths } from './profile-endpoint.ts';
import { redactSecrets } from './redact.ts';

export interface SignInOptions {
  /** Where the SSO and SSO OIDC calls go (tests: the emulator); else the SDK's own endpoints (AWS_ENDPOINT_URL…). */
  readonly endpointUrl?: string;
  readonly now?: () => number;
  readonly env?: NodeJS.ProcessEnv;
}

function terminalAdvice(name: string): string {
  return `Run \`aws sso login --profile ${name}\` in a terminal (it opens your browser to sign in), then choose Refresh here.`;
}

export async function signInProfile(name: string, options: SignInOptions = {}): Promise<CaptureProfile> {
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
  if (profile.sso.state === 'valid') return profile;
  if (!profile.sso.refreshable) {
    const what = profile.sso.state === 'missing' ? `${name} has never signed in to IAM Identity Center on this machine` : `The IAM Identity Center sign-in of ${name} has expired, and the token cache holds no refresh token the SDK can use`;
    throw new AppError('auth', `${what}. ${terminalAdvice(name)}`);
  }
  try {
    await fromSSO({ profile: name, ...(options.endpointUrl === undefined ? {} : { clientConfig: { endpoint: options.endpointUrl } }) })();
  } catch (error) {
    const reason = redactSecrets(error instanceof Error ? error.message : String(error));
    throw new AppError('auth', `The IAM Identity Center sign-in of ${name} could not be renewed (${reason}). ${terminalAdvice(name)}`);
  }
  const after = findProfile(name, now(), env);
  if (after?.sso?.state !== 'valid') {
    throw new AppError('auth', `The IAM Identity Center sign-in of ${name} was renewed but the token cache does not hold the new token (it may not be writable). ${terminalAdvice(name)}`);
  }
  return after;
}

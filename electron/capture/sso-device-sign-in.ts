/**
 * A first IAM Identity Center (SSO) sign-in from the app, as `aws sso login` does it: the OAuth
 * 2.0 device authorization grant through the SSO OIDC client of the AWS SDK (RegisterClient, then
 * StartDeviceAuthorization, whose link and code the person opens and checks in a browser, then
 * CreateToken polled at the interval the service asks until the person approves). The token is
 * written where the SDK reads it (~/.aws/sso/cache/<sha1 of the sso-session or start URL>.json,
 * 0600 in a 0700 folder, atomically), with the client and refresh token its own refresh needs.
 * Nothing of it goes to the page: the link and the code only, then how it ended.
 */
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PendingSignIn } from '../../shared/contract/host/index.ts';
import { AppError } from '../../shared/base/errors.ts';
import type { Clock } from './clock.ts';
import { ssoTokenPath, type SsoConfig } from './capture-setup.ts';
import { redactSecrets } from './redact.ts';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628: the interval when the service names none, and what a slow_down answer adds. */
const DEFAULT_INTERVAL_S = 5;
const SLOW_DOWN_S = 5;
/** However long the code is valid, polling stops after this many answers (a bound on the loop). */
const MAX_POLLS = 2000;

export interface DeviceSignInOptions {
  readonly endpointUrl?: string;
  readonly clock: Clock;
  /** Wall-clock epoch milliseconds (the code's and the token's expiry). */
  readonly now: () => number;
  /** Multiplies the polling interval (tests run at a fraction of real time). */
  readonly timeScale?: number;
  readonly env?: NodeJS.ProcessEnv;
}

const errorName = (error: unknown): string => (error as { name?: string } | null)?.name ?? '';

function writeToken(config: SsoConfig, token: Record<string, string>, env: NodeJS.ProcessEnv | undefined): void {
  const path = ssoTokenPath(config.cacheId, env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(token, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** The device sign-ins under way, one per profile; a second ask while one waits gets the same link and code. */
export class DeviceSignIns {
  private readonly pending = new Map<string, PendingSignIn>();
  private readonly stop = new AbortController();

  constructor(private readonly options: DeviceSignInOptions) {}

  /** Starts (or returns) the profile's device sign-in; `finished` is told how it ended. */
  async start(name: string, config: SsoConfig, finished: (error: AppError | undefined) => void): Promise<PendingSignIn> {
    const waiting = this.pending.get(name);
    if (waiting !== undefined && Date.parse(waiting.expiresAt) > this.options.now()) return waiting;
    const client = new SSOOIDCClient({ region: config.region, ...(this.options.endpointUrl === undefined ? {} : { endpoint: this.options.endpointUrl }) });
    try {
      const registered = await client.send(new RegisterClientCommand({ clientName: 'trace-explorer', clientType: 'public', ...(config.session ? { scopes: [...(config.scopes ?? ['sso:account:access'])] } : {}) }));
      const { clientId, clientSecret } = registered;
      if (!clientId || !clientSecret) throw new AppError('auth', 'IAM Identity Center registered no client for the sign-in.');
      const device = await client.send(new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl: config.startUrl }));
      const uri = device.verificationUriComplete ?? device.verificationUri;
      if (!device.deviceCode || !device.userCode || !uri?.startsWith('https://')) throw new AppError('auth', 'IAM Identity Center answered the sign-in without a code or an https link.');
      const started = this.options.now();
      const pending: PendingSignIn = { verificationUri: uri, userCode: device.userCode, expiresAt: new Date(started + (device.expiresIn ?? 600) * 1000).toISOString() };
      this.pending.set(name, pending);
      const registration: Record<string, string> = registered.clientSecretExpiresAt === undefined ? {} : { registrationExpiresAt: new Date(registered.clientSecretExpiresAt * 1000).toISOString() };
      void this.poll(client, { clientId, clientSecret, deviceCode: device.deviceCode }, (device.interval ?? DEFAULT_INTERVAL_S) * 1000, Date.parse(pending.expiresAt))
        .then((token) => {
          writeToken(config, { startUrl: config.startUrl, region: config.region, ...token, clientId, clientSecret, ...registration }, this.options.env);
          return undefined;
        })
        .catch((error: unknown) => (error instanceof AppError ? error : new AppError('auth', `The IAM Identity Center sign-in of ${name} failed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`)))
        .then((error) => {
          this.pending.delete(name);
          client.destroy();
          finished(error);
        });
      return pending;
    } catch (error) {
      client.destroy();
      if (error instanceof AppError) throw error;
      throw new AppError('auth', `IAM Identity Center did not start the sign-in of ${name} (${redactSecrets(error instanceof Error ? error.message : String(error))}). Check the profile's sso_start_url and sso_region.`);
    }
  }

  /** Stops every poll (the host is closing). */
  close(): void {
    this.stop.abort(new AppError('cancelled', 'The app is closing.'));
  }

  private async poll(client: SSOOIDCClient, grant: { clientId: string; clientSecret: string; deviceCode: string }, intervalMs: number, expiresAt: number): Promise<Record<string, string>> {
    let interval = intervalMs;
    for (let poll = 0; poll < MAX_POLLS; poll++) {
      await this.options.clock.sleep(interval * (this.options.timeScale ?? 1), this.stop.signal);
      if (this.options.now() >= expiresAt) break;
      try {
        const token = await client.send(new CreateTokenCommand({ ...grant, grantType: DEVICE_GRANT }));
        if (!token.accessToken) throw new AppError('auth', 'IAM Identity Center answered the sign-in without a token.');
        return {
          accessToken: token.accessToken,
          expiresAt: new Date(this.options.now() + (token.expiresIn ?? 3600) * 1000).toISOString(),
          ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
        };
      } catch (error) {
        const kind = errorName(error);
        if (kind === 'AuthorizationPendingException') continue;
        if (kind === 'SlowDownException') {
          interval += SLOW_DOWN_S * 1000;
          continue;
        }
        if (kind === 'AccessDeniedException') throw new AppError('auth', 'The sign-in was denied in the browser. Sign in again, and approve it there.');
        if (kind === 'ExpiredTokenException') break;
        throw error;
      }
    }
    throw new AppError('auth', 'The sign-in code expired before it was approved. Sign in again, and approve it in the browser within its time.');
  }
}

/**
 * The SDK clients of one capture, configured the AWS way: credentials from the default provider
 * chain (environment, shared config and credentials files, profiles, SSO, role assumption,
 * container and instance metadata) unless given; `--profile`; the Region; endpoints from
 * `--endpoint-url`, else the SDK's own `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`, else the
 * `endpoint_url` of the profile (profile-endpoint.ts: the SDK reads it only for AWS_PROFILE's). Every wire attempt (the SDK's retries included) passes our
 * pacing middleware, which counts calls and throttles. Credentials stay in this object: nothing
 * here logs or returns them, and every error that leaves a call or the provider chain has them
 * (and anything shaped like them) cut out of its message (redact.ts).
 *
 * CloudWatch: @aws-sdk/client-cloudwatch is pinned to 3.1164.0, which speaks awsJson1_0 with
 * awsQuery compatibility (`X-Amz-Target: GraniteServiceVersion20100801.GetMetricData`); the test
 * emulator speaks exactly that. A client that switches to rpc-v2-cbor needs the emulator to follow.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { XRayClient } from '@aws-sdk/client-xray';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Clock } from './clock.ts';
import { isNoCredentials, isThrottle } from './aws-errors.ts';
import { Pacer, paceOf } from './pacer.ts';
import { profileEndpoint, profileExists, sharedFilePaths } from './profile-endpoint.ts';
import { redactError } from './redact.ts';
import { CaptureRetryStrategy, DEFAULT_RETRY, type RetryOptions } from './retry-strategy.ts';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

export type CredentialSource = (options?: { forceRefresh?: boolean }) => Promise<Credentials>;

export interface AwsAccessOptions {
  readonly profile?: string;
  readonly endpointUrl?: string;
  /** Given credentials (tests, the app's own sign-in); the default provider chain otherwise. */
  readonly credentials?: Credentials | CredentialSource;
  /** Per-attempt timeout; a slower answer counts as a dropped connection and is retried. */
  readonly requestTimeoutMs?: number;
  readonly retry?: Partial<Pick<RetryOptions, 'maxAttempts' | 'baseDelayMs' | 'throttleBaseDelayMs' | 'maxDelayMs'>>;
}

export interface CallStats {
  calls: number;
  throttles: number;
  retries: number;
  /** Calls per operation (wire attempts). */
  readonly byOperation: Map<string, number>;
}

type AnyClient = XRayClient | CloudTrailClient | CloudWatchClient;

export class AwsSession {
  readonly stats: CallStats = { calls: 0, throttles: 0, retries: 0, byOperation: new Map() };
  private readonly pacers = new Map<string, Pacer>();
  private readonly clients = new Map<string, AnyClient>();
  private readonly source: CredentialSource;
  private identity: Promise<Credentials> | undefined;
  /** The credential strings this session has held, to cut out of error messages. */
  private readonly secrets = new Set<string>();
  private settleFirstCall: () => void = () => undefined;
  /** Settles when an endpoint has first answered (even with an error), or the capture stops. */
  readonly firstCallSettled: Promise<void> = new Promise((resolve) => {
    this.settleFirstCall = resolve;
  });

  constructor(
    private readonly options: AwsAccessOptions,
    private readonly clock: Clock,
    private readonly timeScale: number,
    private readonly signal: AbortSignal,
    private readonly random: () => number = Math.random,
  ) {
    const given = options.credentials;
    this.source =
      given === undefined
        ? (fromNodeProviderChain(options.profile === undefined ? {} : { profile: options.profile }) as CredentialSource)
        : typeof given === 'function'
          ? given
          : async () => given;
    if (signal.aborted) this.settleFirstCall();
    else signal.addEventListener('abort', () => this.settleFirstCall(), { once: true });
  }

  /** Cuts this session's credentials (and anything shaped like credentials) out of an error's message. */
  redact<T>(error: T): T {
    return redactError(error, this.secrets);
  }

  /** The pacer of one API (per Region for CloudTrail, whose limit is per account and Region). */
  pacer(operation: string, region: string): Pacer {
    const key = operation === 'LookupEvents' ? `${operation}@${region}` : operation;
    let pacer = this.pacers.get(key);
    if (pacer === undefined) {
      pacer = new Pacer(key, paceOf(operation), this.clock, this.timeScale);
      this.pacers.set(key, pacer);
    }
    return pacer;
  }

  xray(region: string): XRayClient {
    return this.client(`xray@${region}`, () => new XRayClient(this.config(region, 'XRay')));
  }

  cloudtrail(region: string): CloudTrailClient {
    return this.client(`cloudtrail@${region}`, () => new CloudTrailClient(this.config(region, 'CloudTrail')));
  }

  cloudwatch(region: string): CloudWatchClient {
    return this.client(`cloudwatch@${region}`, () => new CloudWatchClient(this.config(region, 'CloudWatch')));
  }

  /**
   * After an expired-token answer: asks the provider chain for fresh credentials. True when it
   * gave different ones (the clients are rebuilt with them), false when there is nothing newer.
   */
  async refreshCredentials(): Promise<boolean> {
    const before = await this.currentIdentity().catch(() => undefined);
    const fresh = this.remember(this.source({ forceRefresh: true }));
    const after = await fresh.catch(() => undefined);
    if (after === undefined || (before !== undefined && before.accessKeyId === after.accessKeyId && before.sessionToken === after.sessionToken && before.secretAccessKey === after.secretAccessKey)) {
      return false;
    }
    this.identity = fresh;
    this.destroy();
    return true;
  }

  /** Resolves the credentials once, so a missing sign-in is reported before any call. */
  async checkCredentials(): Promise<void> {
    await this.currentIdentity();
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private currentIdentity(): Promise<Credentials> {
    this.identity ??= this.remember(this.source());
    const pending = this.identity;
    pending.catch(() => {
      if (this.identity === pending) this.identity = undefined;
    });
    return pending;
  }

  /** Notes the credentials' strings for redaction; a provider error leaves with a clean message. */
  private remember(pending: Promise<Credentials>): Promise<Credentials> {
    return pending.then(
      (credentials) => {
        for (const value of [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken]) if (typeof value === 'string' && value !== '') this.secrets.add(value);
        return credentials;
      },
      (error: unknown) => {
        throw this.redact(this.explainProfile(error));
      },
    );
  }

  /** The SDK says only "Could not load credentials from any providers"; with --profile, say what is wrong with it. */
  private explainProfile(error: unknown): unknown {
    const profile = this.options.profile;
    if (profile === undefined || !isNoCredentials(error) || !(error instanceof Error) || !/^could not load credentials from any providers/i.test(error.message)) return error;
    const paths = sharedFilePaths();
    error.message = profileExists(profile)
      ? `profile ${profile} gives no credentials: it has no keys, SSO session, role or credential process that worked`
      : `there is no profile ${profile} in ${paths.config} or ${paths.credentials}`;
    return error;
  }

  private client<T extends AnyClient>(key: string, make: () => T): T {
    const existing = this.clients.get(key);
    if (existing !== undefined) return existing as T;
    const client = make();
    this.addPacing(client, key.split('@')[1] as string);
    this.clients.set(key, client);
    return client;
  }

  private config(region: string, serviceId: 'XRay' | 'CloudTrail' | 'CloudWatch') {
    const retryStrategy = new CaptureRetryStrategy({
      ...DEFAULT_RETRY,
      ...this.options.retry,
      timeScale: this.timeScale,
      random: this.random,
      signal: this.signal,
      onRetry: () => {
        this.stats.retries += 1;
      },
    });
    const endpoint = this.options.endpointUrl ?? (this.options.profile === undefined ? undefined : profileEndpoint(this.options.profile, serviceId));
    return {
      region,
      credentials: () => this.currentIdentity(),
      retryStrategy,
      requestHandler: { requestTimeout: this.options.requestTimeoutMs ?? 60_000, throwOnRequestTimeout: true, connectionTimeout: 10_000 },
      ...(this.options.profile === undefined ? {} : { profile: this.options.profile }),
      ...(endpoint === undefined ? {} : { endpoint }),
    };
  }

  private addPacing(client: AnyClient, region: string): void {
    const stack = client.middlewareStack as unknown as {
      addRelativeTo(middleware: unknown, options: { relation: 'after'; toMiddleware: string; name: string; override: boolean }): void;
    };
    stack.addRelativeTo(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        const pacer = this.pacer(operation, region);
        const release = await pacer.acquire(this.signal);
        this.stats.calls += 1;
        this.stats.byOperation.set(operation, (this.stats.byOperation.get(operation) ?? 0) + 1);
        try {
          const result = await next(args);
          pacer.onSuccess();
          this.settleFirstCall();
          return result;
        } catch (error) {
          if (isThrottle(error)) {
            this.stats.throttles += 1;
            pacer.onThrottle();
          }
          // An error answer still proves the endpoint exists; a failed connection does not.
          if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== undefined) this.settleFirstCall();
          throw this.redact(error);
        } finally {
          release();
        }
      },
      { relation: 'after', toMiddleware: 'retryMiddleware', name: 'traceExplorerPacing', override: true },
    );
  }
}

/**
 * The Region the AWS configuration names when `--region` is not given: `AWS_REGION`, else the
 * profile's `region` in the shared config file, resolved by the SDK itself. Undefined when none.
 */
export async function configuredRegion(profile?: string): Promise<string | undefined> {
  const client = new XRayClient(profile === undefined ? {} : { profile });
  try {
    const region = await client.config.region();
    return typeof region === 'string' && region !== '' ? region : undefined;
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}

/**
 * Reading SDK errors: what kind of failure it was and a message a person can act on. Messages
 * never include credentials; they name the missing IAM action when access is denied.
 */
import { AppError } from '../../shared/base/errors.ts';
import { redactSecrets } from './redact.ts';

interface SdkErrorLike {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

function view(error: unknown): SdkErrorLike {
  return error !== null && typeof error === 'object' ? (error as SdkErrorLike) : {};
}

const THROTTLE_CODES = new Set(['ThrottlingException', 'ThrottledException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException', 'SlowDown']);
const EXPIRED_CODES = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired', 'TokenRefreshRequired']);
const DENIED_CODES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'UnrecognizedClientException', 'InvalidClientTokenId', 'OperationNotPermittedException']);

const SIGNATURE_CODES = new Set(['SignatureDoesNotMatch', 'InvalidSignatureException', 'IncompleteSignature', 'IncompleteSignatureException']);

/** The secret does not match the key id (or the clock is far off): every call will fail the same way. */
export function isBadSignature(error: unknown): boolean {
  return SIGNATURE_CODES.has(view(error).name ?? '');
}

export function isThrottle(error: unknown): boolean {
  const e = view(error);
  return THROTTLE_CODES.has(e.name ?? '') || e.$metadata?.httpStatusCode === 429;
}

export function isExpiredToken(error: unknown): boolean {
  return EXPIRED_CODES.has(view(error).name ?? '');
}

export function isAccessDenied(error: unknown): boolean {
  const e = view(error);
  return DENIED_CODES.has(e.name ?? '') || (e.$metadata?.httpStatusCode === 403 && !isExpiredToken(error) && !isBadSignature(error));
}

export function isNoCredentials(error: unknown): boolean {
  const e = view(error);
  return e.name === 'CredentialsProviderError' || /could not load credentials/i.test(e.message ?? '');
}

export function isUnknownHost(error: unknown): boolean {
  const e = view(error);
  return e.code === 'ENOTFOUND' || /getaddrinfo ENOTFOUND/.test(e.message ?? '');
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EAI_AGAIN', 'ECONNABORTED']);

/** The network failed on every retry (connection refused or reset, no route, DNS unavailable, timeouts). */
export function isNetworkLost(error: unknown): boolean {
  const e = view(error);
  return NETWORK_CODES.has(e.code ?? '') || e.name === 'TimeoutError' || /socket hang up|ECONNRESET|ECONNREFUSED|EAI_AGAIN/.test(e.message ?? '');
}

export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || view(error).name === 'AbortError';
}

export function isInvalidNextToken(error: unknown): boolean {
  return /^InvalidNextToken(Exception)?$/.test(view(error).name ?? '');
}

/** X-Ray's answer to a GetTraceSummaries window it will not serve in one call. */
export function isTimeRangeTooWide(error: unknown): boolean {
  const e = view(error);
  return e.name === 'InvalidRequestException' && /time range|too (wide|long|large)|range.*exceed/i.test(e.message ?? '');
}

/** True for failures that stop the whole capture (everything else stops one part of it). */
export function isFatal(error: unknown, signal?: AbortSignal): boolean {
  return isAbort(error, signal) || isExpiredToken(error) || isNoCredentials(error) || isUnknownHost(error) || isBadSignature(error) || isNetworkLost(error);
}

/** The permission a call needs, e.g. `xray:GetTraceSummaries`. */
export function actionOf(service: 'xray' | 'cloudtrail' | 'cloudwatch', operation: string): string {
  return `${service}:${operation}`;
}

/** A message a person can act on; never holds anything shaped like a credential (see redact.ts). */
export function describeAwsError(error: unknown, action: string, region: string): string {
  return redactSecrets(describe(error, action, region));
}

function describe(error: unknown, action: string, region: string): string {
  const e = view(error);
  if (isNoCredentials(error)) {
    const detail = e.message !== undefined && !/^could not load credentials from any providers\.?$/i.test(e.message) ? ` (${e.message})` : '';
    return `No AWS credentials found${detail}. Sign in (aws sso login --profile P, or aws configure), pass --profile P, or set AWS_PROFILE / AWS_ACCESS_KEY_ID.`;
  }
  if (isExpiredToken(error)) {
    return 'The AWS credentials expired during the capture. Refresh them (for SSO: sign in again, or aws sso login), then resume: start the same capture again in the app, or run it with --resume.';
  }
  if (isBadSignature(error)) {
    return `AWS refused the request signature (${e.name}): the secret access key does not belong to the access key id, or this computer's clock is off. Check the credentials (and the clock), then run the capture again (with --resume if a snapshot was written).`;
  }
  if (isNetworkLost(error)) {
    return `Cannot reach AWS (${e.code ?? e.name ?? 'network error'}, on every retry): the network connection was lost or the endpoint does not answer. Check the connection (and any proxy or --endpoint-url), then resume: start the same capture again in the app, or run it with --resume.`;
  }
  if (isUnknownHost(error)) {
    return `Unknown region '${region}': its endpoint cannot be reached (host not found). Check --region, or --endpoint-url / AWS_ENDPOINT_URL.`;
  }
  if (isAccessDenied(error)) {
    // AWS names the action it refused ("… is not authorized to perform: xray:BatchGetTraces …"): trust it over our guess.
    const named = /not authorized to perform:?\s*([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(e.message ?? '')?.[1] ?? action;
    return `Access denied: the credentials may not call ${named} in ${region}. Grant ${named} to this identity (${e.name ?? 'AccessDenied'}).`;
  }
  if (isThrottle(error)) return `${action} kept being throttled (${e.name ?? 'Throttling'}) after every retry.`;
  return `${action} failed: ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message ?? String(error)}`;
}

/** The error the capture throws for a failure that stopped it before anything was fetched. */
export function toAppError(error: unknown, action: string, region: string): AppError {
  if (error instanceof AppError) return error;
  const kind = isNoCredentials(error) || isExpiredToken(error) || isAccessDenied(error) || isBadSignature(error) ? 'auth' : isThrottle(error) ? 'throttled' : isUnknownHost(error) ? 'invalidInput' : 'internal';
  return new AppError(kind, describeAwsError(error, action, region));
}

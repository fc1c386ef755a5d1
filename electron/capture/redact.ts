/**
 * Keeps credentials out of every message the capture passes on (command line, progress events,
 * the snapshot's gaps, the host API). Some AWS errors quote the request they refused:
 * SignatureDoesNotMatch spells out the canonical request, session token header included, and the
 * credential scope with the access key id, and the request's signature. Messages are cleaned
 * twice: of the exact credentials the session holds, and of anything shaped like an access key id,
 * a session token header, a credential scope, a SigV4 signature or a secret/token assignment.
 */

export const REDACTED = '[redacted]';

const PATTERNS: readonly [RegExp, string][] = [
  // Access key ids: long-term (AKIA…) and temporary (ASIA…).
  [/\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g, REDACTED],
  // SigV4 credential scope: Credential=<key id>/<date>/<region>/<service>/aws4_request.
  // In a presigned URL the slashes are %2F and the next parameter follows an `&`.
  [/(Credential=)[^\s,/'"&%]+/g, `$1${REDACTED}`],
  // The request signature: `Signature=<64 hex>` in an Authorization header, `X-Amz-Signature=<64 hex>`
  // in a presigned URL. It is valid for its request only (15 minutes), but it is still a credential
  // for that request, and nothing a reader of a message needs.
  [/((?:X-Amz-)?Signature=)[0-9a-f]{16,}/gi, `$1${REDACTED}`],
  // The session token header as quoted in a canonical request, and as a query parameter.
  [/(x-amz-security-token\s*[:=]\s*)[^\s'"&,]+/gi, `$1${REDACTED}`],
  // key = value / "Key": "value" forms of secrets and tokens.
  [/((?:aws_)?(?:secret_?access_?key|session_?token|security_?token)["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi, `$1${REDACTED}`],
];

/** `text` with every known secret (exact match) and every credential-shaped string replaced. */
export function redactSecrets(text: string, known: Iterable<string> = []): string {
  let out = text;
  for (const secret of known) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Cleans an error's message fields in place (SDK errors carry `message` and sometimes `Message`; the stack repeats the message), and returns it. */
export function redactError<T>(error: T, known: Iterable<string> = []): T {
  if (error === null || typeof error !== 'object') return error;
  const secrets = [...known];
  for (const field of ['message', 'Message', 'stack'] as const) {
    if (!Object.hasOwn(error, field) && !(field !== 'Message' && error instanceof Error)) continue;
    const value = (error as Record<string, unknown>)[field];
    if (typeof value !== 'string') continue;
    const clean = redactSecrets(value, secrets);
    if (clean === value) continue;
    try {
      Object.defineProperty(error, field, { value: clean, writable: true, configurable: true, enumerable: field === 'Message' });
    } catch {
      // A frozen error keeps its message; describeAwsError cleans what it prints from it anyway.
    }
  }
  return error;
}

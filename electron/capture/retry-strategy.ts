/**
 * The retry strategy the SDK clients run with (the SDK's own retry middleware calls it): it
 * retries throttling, transient (dropped connections, timeouts) and 5xx answers with capped
 * exponential backoff and jitter, longer for throttling, and honours a Retry-After hint. Client
 * errors (access denied, expired token, bad request) are not retried. Structurally the SDK's
 * RetryStrategyV2.
 */
export type RetryErrorType = 'TRANSIENT' | 'THROTTLING' | 'SERVER_ERROR' | 'CLIENT_ERROR';

export interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

export interface RetryOptions {
  /** Attempts per call, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly throttleBaseDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeScale: number;
  readonly random: () => number;
  readonly onRetry?: (errorType: RetryErrorType, delayMs: number) => void;
  /** Once aborted, nothing is retried (the capture is stopping). */
  readonly signal?: AbortSignal;
}

export const DEFAULT_RETRY: Omit<RetryOptions, 'random' | 'timeScale' | 'onRetry' | 'signal'> = {
  maxAttempts: 8,
  baseDelayMs: 200,
  throttleBaseDelayMs: 1000,
  maxDelayMs: 20_000,
};

/** Equal-jitter exponential backoff: half the capped delay fixed, half random. */
export function backoffDelay(retry: number, errorType: RetryErrorType, options: Pick<RetryOptions, 'baseDelayMs' | 'throttleBaseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const base = errorType === 'THROTTLING' ? options.throttleBaseDelayMs : options.baseDelayMs;
  const capped = Math.min(options.maxDelayMs, base * 2 ** Math.min(retry, 30));
  return capped / 2 + options.random() * (capped / 2);
}

class Token implements RetryToken {
  constructor(
    private readonly count: number,
    private readonly delay: number,
  ) {}
  getRetryCount(): number {
    return this.count;
  }
  getRetryDelay(): number {
    return this.delay;
  }
}

export class CaptureRetryStrategy {
  readonly mode = 'standard';

  constructor(private readonly options: RetryOptions) {}

  async acquireInitialRetryToken(_scope: string): Promise<RetryToken> {
    return new Token(0, 0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: { errorType: RetryErrorType; error?: unknown; retryAfterHint?: Date }): Promise<RetryToken> {
    const retry = token.getRetryCount();
    if (info.errorType === 'CLIENT_ERROR' || retry + 1 >= this.options.maxAttempts || this.options.signal?.aborted === true) {
      throw info.error instanceof Error ? info.error : new Error('not retried');
    }
    let delay = backoffDelay(retry, info.errorType, this.options) * this.options.timeScale;
    if (info.retryAfterHint !== undefined) {
      const hinted = (info.retryAfterHint.getTime() - Date.now()) * this.options.timeScale;
      if (hinted > delay) delay = Math.min(hinted, this.options.maxDelayMs * this.options.timeScale);
    }
    this.options.onRetry?.(info.errorType, delay);
    return new Token(retry + 1, delay);
  }

  recordSuccess(_token: RetryToken): void {}
}

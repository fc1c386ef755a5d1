import { describe, expect, it } from 'vitest';
import { backoffDelay, CaptureRetryStrategy, DEFAULT_RETRY } from './retry-strategy.ts';

describe('CaptureRetryStrategy', () => {
  const strategy = (random = () => 0.5, signal?: AbortSignal) => new CaptureRetryStrategy({ ...DEFAULT_RETRY, timeScale: 1, random, ...(signal ? { signal } : {}) });

  it('retries throttling with longer, capped, growing delays', async () => {
    const s = strategy(() => 1);
    let token = await s.acquireInitialRetryToken('');
    const delays: number[] = [];
    for (let i = 0; i < DEFAULT_RETRY.maxAttempts - 1; i++) {
      token = await s.refreshRetryTokenForRetry(token, { errorType: 'THROTTLING' });
      delays.push(token.getRetryDelay());
    }
    expect(delays.slice(0, 3)).toEqual([1000, 2000, 4000]);
    expect(Math.max(...delays)).toBe(DEFAULT_RETRY.maxDelayMs);
    await expect(s.refreshRetryTokenForRetry(token, { errorType: 'THROTTLING' })).rejects.toThrow();
  });

  it('does not retry client errors, nor anything once the capture stops', async () => {
    const s = strategy();
    const token = await s.acquireInitialRetryToken('');
    const denied = Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    await expect(s.refreshRetryTokenForRetry(token, { errorType: 'CLIENT_ERROR', error: denied })).rejects.toBe(denied);
    const controller = new AbortController();
    controller.abort();
    await expect(strategy(undefined, controller.signal).refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT' })).rejects.toThrow();
  });

  it('keeps jitter within half to all of the capped delay', () => {
    for (const r of [0, 0.3, 0.999]) {
      const d = backoffDelay(2, 'TRANSIENT', { ...DEFAULT_RETRY, random: () => r });
      expect(d).toBeGreaterThanOrEqual(400);
      expect(d).toBeLessThanOrEqual(800);
    }
  });
});

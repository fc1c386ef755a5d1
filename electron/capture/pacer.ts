/**
 * Client-side pacing per API: calls start at least 1/rate seconds apart, so in any one-second
 * window no more than `rate` calls start (CloudTrail LookupEvents: 2 per second per account and
 * Region, aws-reference.md §5). A throttling answer halves the rate (never below `minRate`); it
 * climbs back by 10 % after every `recoverAfter` successes, never above the documented rate.
 * `timeScale` stretches or shrinks every interval (tests run at a fraction of real time; the
 * proportions, and so the logic, stay the same).
 */
import type { Clock } from './clock.ts';

export interface PaceOptions {
  /** Calls per second at most (the documented rate, or a conservative one). */
  readonly ratePerSecond: number;
  readonly minRatePerSecond?: number;
  readonly recoverAfter?: number;
  /**
   * Added to every interval (real milliseconds, scaled like the rest), so that the few
   * milliseconds calls may gain on their way cannot put one call too many into AWS's second.
   */
  readonly marginMs?: number;
}

export class Pacer {
  private rate: number;
  private nextSlot = Number.NEGATIVE_INFINITY;
  private successes = 0;

  constructor(
    readonly name: string,
    private readonly options: PaceOptions,
    private readonly clock: Clock,
    private readonly timeScale = 1,
  ) {
    this.rate = options.ratePerSecond;
  }

  /** Milliseconds between call starts at the current rate. */
  get intervalMs(): number {
    return (1000 / this.rate + (this.options.marginMs ?? 0)) * this.timeScale;
  }

  get currentRate(): number {
    return this.rate;
  }

  /** Waits for this call's slot. Slots are handed out in call order, so concurrent callers queue fairly. */
  async acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await this.clock.sleep(slot - now, signal);
  }

  onThrottle(): void {
    this.successes = 0;
    this.rate = Math.max(this.options.minRatePerSecond ?? this.options.ratePerSecond / 8, this.rate / 2);
    // The next call waits a full interval at the new rate after the last slot handed out.
    this.nextSlot = Math.max(this.nextSlot, this.clock.now() + this.intervalMs);
  }

  onSuccess(): void {
    if (this.rate >= this.options.ratePerSecond) return;
    this.successes += 1;
    if (this.successes >= (this.options.recoverAfter ?? 10)) {
      this.successes = 0;
      this.rate = Math.min(this.options.ratePerSecond, this.rate * 1.1);
    }
  }
}

/**
 * The documented or chosen rates. CloudTrail LookupEvents is documented (2 TPS per account and
 * Region, not raisable): calls start 525 ms apart, 25 ms of it margin for network jitter. X-Ray
 * publishes no read TPS: 5 per operation is a conservative guess that a throttling answer lowers
 * further. CloudWatch documents 50 TPS for GetMetricData and 25 for ListMetrics; we use 10.
 */
export const API_RATES: ReadonlyMap<string, PaceOptions> = new Map([
  ['LookupEvents', { ratePerSecond: 2, minRatePerSecond: 0.25, marginMs: 25 }],
  ['GetTraceSummaries', { ratePerSecond: 5, minRatePerSecond: 0.5 }],
  ['BatchGetTraces', { ratePerSecond: 5, minRatePerSecond: 0.5 }],
  ['GetServiceGraph', { ratePerSecond: 5, minRatePerSecond: 0.5 }],
  ['GetMetricData', { ratePerSecond: 10, minRatePerSecond: 1 }],
  ['ListMetrics', { ratePerSecond: 10, minRatePerSecond: 1 }],
]);

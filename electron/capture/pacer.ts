/**
 * Client-side pacing per API: calls start at least 1/rate seconds apart. For a documented limit
 * (CloudTrail LookupEvents: 2 per second per account and Region, aws-reference.md §5) that is not
 * enough on its own: AWS counts calls when they arrive, and a call delayed on its way (a new
 * connection, a slow network) arrives closer to the next one than it started. So such an API
 * also keeps a window rule on answers: call n starts no sooner than one second after call
 * n − limit has been answered. A call arrives before its answer and after its start, so no second
 * at AWS's end can hold more than `limit` calls, whatever the network does. A throttling answer
 * halves the rate (never below `minRate`); it climbs back by 10 % after every `recoverAfter`
 * successes, never above the documented rate. `timeScale` stretches or shrinks every interval
 * (tests run at a fraction of real time; the proportions, and so the logic, stay the same).
 */
import type { Clock } from './clock.ts';

export interface PaceOptions {
  /** Calls per second at most (the documented rate, or a conservative one). */
  readonly ratePerSecond: number;
  readonly minRatePerSecond?: number;
  readonly recoverAfter?: number;
  /** A documented limit of this many calls per second, kept by the window rule above. */
  readonly callsPerSecondLimit?: number;
}

/** Call when the call has been answered (or failed): the window rule counts from then. */
export type ReleasePacer = () => void;

export class Pacer {
  private rate: number;
  private nextSlot = Number.NEGATIVE_INFINITY;
  private successes = 0;
  /** When each of the last `callsPerSecondLimit` calls was answered (pending until it is). */
  private readonly answered: Promise<number>[] = [];

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
    return (1000 / this.rate) * this.timeScale;
  }

  get currentRate(): number {
    return this.rate;
  }

  /**
   * Waits for this call's slot and returns what to call once it is answered. Slots are handed out
   * in call order, so concurrent callers queue fairly.
   */
  async acquire(signal?: AbortSignal): Promise<ReleasePacer> {
    if (signal?.aborted) throw signal.reason;
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    const limit = this.options.callsPerSecondLimit;
    if (limit === undefined) {
      if (slot > now) await this.clock.sleep(slot - now, signal);
      return () => undefined;
    }
    // The answer of call n − limit (none while fewer calls were made).
    const earlier = this.answered.at(-limit);
    let answer: (at: number) => void = () => undefined;
    this.answered.push(new Promise<number>((resolve) => (answer = resolve)));
    if (this.answered.length > limit) this.answered.shift();
    // A second release resolves an answered promise again, which changes nothing.
    const release = (): void => answer(this.clock.now());
    try {
      if (slot > now) await this.clock.sleep(slot - now, signal);
      if (earlier !== undefined) {
        const wait = (await earlier) + 1000 * this.timeScale - this.clock.now();
        if (signal?.aborted) throw signal.reason;
        if (wait > 0) await this.clock.sleep(wait, signal);
      }
    } catch (error) {
      release(); // no call went out
      throw error;
    }
    return release;
  }

  onThrottle(): void {
    this.successes = 0;
    this.rate = Math.max(this.options.minRatePerSecond ?? this.options.ratePerSecond / 8, this.rate / 2);
    // The next call waits a full interval at the new rate after the last slot handed out.
    this.nextSlot = Math.max(this.nextSlot, this.clock.now() + this.intervalMs);
  }

  /** At the documented rate already, the climb below is capped and leaves the rate as it is. */
  onSuccess(): void {
    this.successes += 1;
    if (this.successes >= (this.options.recoverAfter ?? 10)) {
      this.successes = 0;
      this.rate = Math.min(this.options.ratePerSecond, this.rate * 1.1);
    }
  }
}

/**
 * The documented or chosen rates. CloudTrail LookupEvents is documented (2 TPS per account and
 * Region, not raisable): 500 ms apart, and the window rule on answers. X-Ray
 * publishes no read TPS: 5 per operation is a conservative guess that a throttling answer lowers
 * further. CloudWatch documents 50 TPS for GetMetricData and 25 for ListMetrics; we use 10.
 */
export const API_RATES: ReadonlyMap<string, PaceOptions> = new Map([
  ['LookupEvents', { ratePerSecond: 2, minRatePerSecond: 0.25, callsPerSecondLimit: 2 }],
  ['GetTraceSummaries', { ratePerSecond: 5, minRatePerSecond: 0.5 }],
  ['BatchGetTraces', { ratePerSecond: 5, minRatePerSecond: 0.5 }],
  ['GetServiceGraph', { ratePerSecond: 5, minRatePerSecond: 0.5 }],
  ['GetTimeSeriesServiceStatistics', { ratePerSecond: 5, minRatePerSecond: 0.5 }],
  ['GetSamplingRules', { ratePerSecond: 5, minRatePerSecond: 0.5 }],
  ['GetMetricData', { ratePerSecond: 10, minRatePerSecond: 1 }],
  ['ListMetrics', { ratePerSecond: 10, minRatePerSecond: 1 }],
]);

/** X-Ray and CloudWatch operations not listed above: the conservative 5 per second. */
const DEFAULT_PACE: PaceOptions = { ratePerSecond: 5 };

/** The pacing of one operation (its documented or chosen rate). */
export function paceOf(operation: string): PaceOptions {
  return API_RATES.get(operation) ?? DEFAULT_PACE;
}

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Clock } from './clock.ts';
import { API_RATES, Pacer } from './pacer.ts';

/**
 * A fake clock: sleepers wait on a timer queue; `drive` lets the code under test run until every
 * task is blocked, then moves time to the next wake-up, until the given work is done.
 */
function fakeClock(): Clock & { time: number; drive<T>(work: Promise<T>): Promise<T> } {
  const timers: { at: number; wake: () => void }[] = [];
  const clock = {
    time: 0,
    now: () => clock.time,
    sleep: (ms: number) => new Promise<void>((resolve) => timers.push({ at: clock.time + Math.max(0, ms), wake: resolve })),
    async drive<T>(work: Promise<T>): Promise<T> {
      let settled = false;
      const done = work.finally(() => {
        settled = true;
      });
      for (let step = 0; step < 100_000 && !settled; step++) {
        await new Promise((resolve) => setImmediate(resolve));
        if (settled || timers.length === 0) continue;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift() as { at: number; wake: () => void };
        clock.time = Math.max(clock.time, next.at);
        next.wake();
      }
      return done;
    },
  };
  return clock;
}

/** The most call starts in any half-open window of `windowMs`. */
function busiestWindow(starts: readonly number[], windowMs: number): number {
  let most = 0;
  let left = 0;
  for (let right = 0; right < starts.length; right++) {
    while ((starts[right] as number) - (starts[left] as number) >= windowMs) left++;
    most = Math.max(most, right - left + 1);
  }
  return most;
}

describe('Pacer', () => {
  it('never starts more than 2 LookupEvents calls in any second, at the real rate', async () => {
    const clock = fakeClock();
    const pacer = new Pacer('LookupEvents', API_RATES.get('LookupEvents') as { ratePerSecond: number }, clock);
    const starts: number[] = [];
    await clock.drive((async () => {
      for (let i = 0; i < 100; i++) {
        const release = await pacer.acquire();
        starts.push(clock.now());
        release();
      }
    })());
    expect(busiestWindow(starts, 1000)).toBe(2);
    expect(starts[99]).toBe(99 * 500);
  });

  it('keeps AWS from seeing more than 2 LookupEvents in any second, however late each call arrives within its answer time', async () => {
    // Each call is answered `latency` ms after it starts and reaches AWS at some point in between
    // (a new connection, a slow network): what AWS counts is the arrival, not our start.
    const call = fc.record({ latency: fc.integer({ min: 1, max: 1500 }), arrival: fc.double({ min: 0, max: 1, noNaN: true }) });
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 3, maxLength: 25 }), fc.integer({ min: 1, max: 3 }), async (calls, lanes) => {
        const clock = fakeClock();
        const pacer = new Pacer('LookupEvents', API_RATES.get('LookupEvents') as { ratePerSecond: number }, clock);
        const arrivals: number[] = [];
        let next = 0;
        const lane = async (): Promise<void> => {
          for (;;) {
            const spec = calls[next++];
            if (spec === undefined) return;
            const release = await pacer.acquire();
            arrivals.push(clock.now() + spec.arrival * spec.latency);
            await clock.sleep(spec.latency);
            release();
          }
        };
        await clock.drive(Promise.all(Array.from({ length: lanes }, lane)));
        expect(busiestWindow([...arrivals].sort((a, b) => a - b), 1000)).toBeLessThanOrEqual(2);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the rate for concurrent callers, handing out slots in call order', async () => {
    const clock = fakeClock();
    const pacer = new Pacer('x', { ratePerSecond: 2 }, clock);
    const starts: number[] = [];
    await clock.drive(Promise.all(Array.from({ length: 10 }, async () => {
      await pacer.acquire();
      starts.push(clock.now());
    })));
    expect(starts).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500]);
    expect(busiestWindow(starts, 1000)).toBe(2);
  });

  it('halves the rate on throttling, never below the floor, and climbs back no higher than the documented rate', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 300 }), (events) => {
        const pacer = new Pacer('x', { ratePerSecond: 2, minRatePerSecond: 0.25, recoverAfter: 5 }, fakeClock());
        for (const throttled of events) {
          if (throttled) pacer.onThrottle();
          else pacer.onSuccess();
          expect(pacer.currentRate).toBeGreaterThanOrEqual(0.25);
          expect(pacer.currentRate).toBeLessThanOrEqual(2);
        }
      }),
    );
  });

  it('waits a full interval of the lowered rate after a throttle', async () => {
    const clock = fakeClock();
    const pacer = new Pacer('x', { ratePerSecond: 2 }, clock);
    await clock.drive((async () => {
      await pacer.acquire();
      pacer.onThrottle();
      await pacer.acquire();
    })());
    expect(clock.now()).toBe(1000);
  });

  it('scales every interval with timeScale', async () => {
    const clock = fakeClock();
    const pacer = new Pacer('x', { ratePerSecond: 2 }, clock, 0.1);
    await clock.drive((async () => {
      for (let i = 0; i < 11; i++) await pacer.acquire();
    })());
    expect(clock.now()).toBe(500);
  });

  it('refuses a new slot once the capture is stopping', async () => {
    const pacer = new Pacer('x', { ratePerSecond: 2 }, fakeClock());
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(pacer.acquire(controller.signal)).rejects.toThrow('stop');
  });
});

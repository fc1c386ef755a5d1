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
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = { at: clock.time + Math.max(0, ms), wake: resolve };
        timers.push(timer);
        signal?.addEventListener('abort', () => {
          timers.splice(timers.indexOf(timer), 1);
          reject(signal.reason);
        }, { once: true });
      }),
    async drive<T>(work: Promise<T>): Promise<T> {
      let settled = false;
      const done = work.finally(() => {
        settled = true;
      });
      let idle = 0;
      for (let step = 0; step < 100_000 && !settled; step++) {
        await new Promise((resolve) => setImmediate(resolve));
        if (settled) continue;
        // Every task waits and no timer is set: nothing can ever wake them.
        if (timers.length === 0 && ++idle > 100) throw new Error('deadlock: the work waits for something that never comes');
        if (timers.length === 0) continue;
        idle = 0;
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

  it('climbs back after throttling by 10 % every `recoverAfter` successes, to the documented rate and no further', () => {
    const pacer = new Pacer('x', { ratePerSecond: 2, minRatePerSecond: 0.25, recoverAfter: 5 }, fakeClock());
    pacer.onThrottle();
    expect(pacer.currentRate).toBe(1);
    const rates: number[] = [];
    for (let i = 0; i < 45; i++) {
      pacer.onSuccess();
      rates.push(pacer.currentRate);
    }
    // Every 5th success multiplies by 1.1: 1, 1.1, 1.21 … 1.1^7 = 1.9487 after 35 successes; the
    // 8th step (1.1^8 = 2.14) is held at the documented 2, and more successes change nothing.
    const expected = Array.from({ length: 45 }, (_, i) => Math.min(2, 1.1 ** Math.floor((i + 1) / 5)));
    rates.forEach((rate, i) => expect(rate, `after ${i + 1} successes`).toBeCloseTo(expected[i]!, 12));
    expect(rates[3]).toBe(1);
    expect(rates[4]).toBeCloseTo(1.1, 12);
    expect(rates[38]).toBeCloseTo(1.9487171, 6);
    expect(rates[39]).toBe(2);
  });

  it('starts counting successes again after every throttle', () => {
    const pacer = new Pacer('x', { ratePerSecond: 2, recoverAfter: 3 }, fakeClock());
    pacer.onThrottle();
    pacer.onSuccess();
    pacer.onSuccess();
    pacer.onThrottle(); // 1 → 0.5; the two successes before it no longer count
    pacer.onSuccess();
    pacer.onSuccess();
    expect(pacer.currentRate).toBe(0.5);
    pacer.onSuccess();
    expect(pacer.currentRate).toBeCloseTo(0.55, 12);
    // No floor given: an eighth of the documented rate.
    for (let i = 0; i < 5; i++) pacer.onThrottle();
    expect(pacer.currentRate).toBe(0.25);
  });

  it('spaces calls by the recovered rate on the clock: 1000 ms after a throttle, 909 ms once 10 calls succeeded, 500 ms once recovered', async () => {
    const clock = fakeClock();
    const pacer = new Pacer('x', { ratePerSecond: 2, recoverAfter: 10 }, clock);
    const starts: number[] = [];
    const call = async (outcome: 'ok' | 'throttled'): Promise<void> => {
      await pacer.acquire();
      starts.push(clock.now());
      if (outcome === 'ok') pacer.onSuccess();
      else pacer.onThrottle();
    };
    await clock.drive((async () => {
      await call('throttled'); // at 0: rate 2 → 1
      for (let i = 0; i < 10; i++) await call('ok'); // 10 calls 1000 ms apart; then rate 1.1
      await call('ok');
      await call('ok');
      for (let i = 0; i < 100; i++) await call('ok');
    })());
    const gaps = starts.slice(1).map((at, i) => at - starts[i]!);
    // The throttle at 0 makes the next call wait a full interval at rate 1 (1000 ms). A slot is
    // handed out with the interval of its moment: call 11 got its slot (1000 ms after call 10)
    // before call 10 succeeded, so the first shorter gap is the one after call 11.
    expect(gaps.slice(0, 11)).toEqual(Array.from({ length: 11 }, () => 1000));
    expect(gaps[11]).toBeCloseTo(1000 / 1.1, 9);
    // 1.1^8 > 2: after 80 successes in all the rate is back at 2, 500 ms apart, and stays there.
    expect(gaps.slice(-20)).toEqual(Array.from({ length: 20 }, () => 500));
    expect(pacer.currentRate).toBe(2);
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

  it('scales the window rule with timeScale too: the third LookupEvents call waits 100 ms after the first answer at 0.1', async () => {
    const clock = fakeClock();
    const pacer = new Pacer('LookupEvents', { ratePerSecond: 2, callsPerSecondLimit: 2 }, clock, 0.1);
    const starts: number[] = [];
    await clock.drive(Promise.all([0, 1, 2].map(async () => {
      const release = await pacer.acquire();
      starts.push(clock.now());
      await clock.sleep(300); // each answer takes 300 ms
      release();
    })));
    // Slots 50 ms apart (2 per second at a tenth of the time); the first answer comes at 300,
    // so the third call may start 1000 × 0.1 = 100 ms later.
    expect(starts).toEqual([0, 50, 400]);
  });

  it('frees the window place of a call cancelled while it waits, so later calls are not held by it', async () => {
    const clock = fakeClock();
    const pacer = new Pacer('x', { ratePerSecond: 10, callsPerSecondLimit: 1 }, clock);
    const controller = new AbortController();
    let third = -1;
    await clock.drive((async () => {
      const first = await pacer.acquire(); // at 0
      await clock.sleep(100);
      first(); // answered at 100: the next call may start at 1100
      const second = pacer.acquire(controller.signal);
      await clock.sleep(400);
      controller.abort(new Error('stop')); // at 500, while the second waits
      await expect(second).rejects.toThrow('stop');
      await clock.sleep(100);
      const release = await pacer.acquire(); // asked at 600
      third = clock.now();
      release();
    })());
    // The cancelled call counts as answered when it gave up (500): the third starts at 1500.
    expect(third).toBe(1500);
  });

  it('sets no timer for a call whose slot has come: the first call, a call asked exactly at its slot, a window wait already over', async () => {
    const clock = fakeClock();
    const sleeps: number[] = [];
    const counting: Clock = { now: clock.now, sleep: (ms, signal) => (sleeps.push(ms), clock.sleep(ms, signal)) };
    const paced = new Pacer('x', { ratePerSecond: 2 }, counting);
    await paced.acquire(); // at 0: slot 0
    clock.time = 500;
    await paced.acquire(); // at 500: its slot is 500, now
    expect(sleeps).toEqual([]);
    const third = paced.acquire(); // at 500 again: slot 1000, one wait of 500 ms
    expect(sleeps).toEqual([500]);
    await clock.drive(third);

    // The window rule (1 call a second, slots 100 ms apart): the first call is answered at 0; the
    // second, asked at exactly 1000, is one second after that answer, and at its slot.
    sleeps.length = 0;
    const windowed = new Pacer('y', { ratePerSecond: 10, callsPerSecondLimit: 1 }, counting);
    clock.time = 0;
    (await windowed.acquire())();
    clock.time = 1000;
    const release = await windowed.acquire();
    expect(sleeps).toEqual([]);
    expect(clock.now()).toBe(1000);
    release();
  });

  it('refuses a new slot once the capture is stopping', async () => {
    const pacer = new Pacer('x', { ratePerSecond: 2 }, fakeClock());
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(pacer.acquire(controller.signal)).rejects.toThrow('stop');
  });
});

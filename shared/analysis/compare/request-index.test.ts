import { describe, expect, it } from 'vitest';
import { createRandom } from '../../generator/index.ts';
import { sortedSeconds } from './request-index.ts';

describe('sortedSeconds', () => {
  it('sorts like sort() to the microsecond, above and below the radix threshold, ties and all', () => {
    const random = createRandom(5);
    for (const n of [0, 1, 7, 5000, 70_000]) {
      // Log-normal durations around 30 ms with a long tail, and repeats.
      const values = Float64Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 0.25 : random.logNormal(0.03, 1.5)));
      const expected = Float64Array.from(values, (v) => Math.round(v * 1e6) / 1e6).sort();
      expect(sortedSeconds(values.slice())).toEqual(expected);
    }
  });

  it('falls back to sort() for a negative duration or one beyond 2³² µs', () => {
    expect([...sortedSeconds(Float64Array.from([0.5, -0.001, 0.2]))]).toEqual([-0.001, 0.2, 0.5]);
    expect([...sortedSeconds(Float64Array.from([5000, 0.2]))]).toEqual([0.2, 5000]);
  });
});

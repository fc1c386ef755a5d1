import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';

const draw = (seed: number, n: number): number[] => {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => random.next());
};

describe('createRandom', () => {
  it('repeats the same sequence for the same seed and a different one for another seed', () => {
    expect(draw(42, 200)).toEqual(draw(42, 200));
    expect(draw(42, 200)).not.toEqual(draw(43, 200));
  });

  it('draws floats in [0, 1) with a roughly uniform mean', () => {
    const values = draw(7, 20_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('keeps int() inside its inclusive bounds and reaches both ends', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 20 }), (seed, min, width) => {
        const random = createRandom(seed);
        const seen = new Set<number>();
        for (let i = 0; i < 400; i++) {
          const value = random.int(min, min + width);
          expect(Number.isInteger(value) && value >= min && value <= min + width).toBe(true);
          seen.add(value);
        }
        if (width <= 5) expect(seen.has(min) && seen.has(min + width)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('makes ids of the requested shape', () => {
    const random = createRandom(1);
    expect(random.hex(16)).toMatch(/^[0-9a-f]{16}$/);
    expect(random.hex(24)).toMatch(/^[0-9a-f]{24}$/);
    for (let i = 0; i < 50; i++) expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(random.chars(10, 'xy')).toMatch(/^[xy]{10}$/);
  });

  it('follows the weights in weighted() and the median in logNormal()', () => {
    const random = createRandom(5);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) if (random.weighted(['a', 'b'], [9, 1]) === 'a') heavy++;
    expect(heavy / 10_000).toBeGreaterThan(0.87);
    expect(heavy / 10_000).toBeLessThan(0.93);
    const samples = Array.from({ length: 5001 }, () => random.logNormal(100, 0.5)).sort((a, b) => a - b);
    expect(samples[2500]).toBeGreaterThan(90);
    expect(samples[2500]).toBeLessThan(110);
  });

  it('refuses to pick from an empty list', () => {
    expect(() => createRandom(1).pick([])).toThrow(RangeError);
  });
});

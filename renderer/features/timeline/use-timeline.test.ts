import { describe, expect, it } from 'vitest';
import { bucketsToAsk } from './use-timeline.ts';

describe('how many buckets the Timeline asks for', () => {
  it("keeps an answer asked for a wider plot when its buckets fit the plot's pixels", () => {
    // Asked for 1,062 px before measuring; 30 days came back as 720 hourly buckets; the plot is 966 px.
    expect(bucketsToAsk(1062, 720, 966)).toBe(1062);
    expect(bucketsToAsk(966, 720, 966)).toBe(966);
  });

  it('asks again for the plot width when the answer has more buckets than pixels, or was asked for a narrower plot', () => {
    expect(bucketsToAsk(1440, 1440, 966)).toBe(966);
    expect(bucketsToAsk(800, 720, 966)).toBe(966);
    // No answer yet (or a failed one): the plot's own width.
    expect(bucketsToAsk(1062, undefined, 966)).toBe(966);
  });

  it('never asks for fewer than 60 buckets, nor for a fraction of a pixel', () => {
    expect(bucketsToAsk(1062, undefined, 20)).toBe(60);
    expect(bucketsToAsk(60, 58, 20.5)).toBe(60);
    expect(bucketsToAsk(1062, undefined, 966.7)).toBe(966);
  });
});

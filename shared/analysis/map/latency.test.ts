import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EdgeStats } from '../../model/service-graph.ts';
import { errorRate, latencyFigures, niceStep } from './latency.ts';
import { edgeLabelLines } from './labels.ts';

function statsOf(durations: number[]): EdgeStats {
  return { total: durations.length, ok: durations.length, error: 0, throttle: 0, fault: 0, totalResponseTime: durations.reduce((sum, d) => sum + d, 0), durations };
}

/** Nearest-rank quantile over a plain sorted copy: the reference. */
function nearestRank(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

describe('latencyFigures', () => {
  it('gives exact nearest-rank quantiles, mean and max over per-request durations (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 30, noNaN: true }), { minLength: 1, maxLength: 300 }), (durations) => {
        const { summary } = latencyFigures(statsOf(durations));
        expect(summary.count).toBe(durations.length);
        expect(summary.p50).toBe(nearestRank(durations, 0.5));
        expect(summary.p90).toBe(nearestRank(durations, 0.9));
        expect(summary.p99).toBe(nearestRank(durations, 0.99));
        expect(summary.max).toBe(Math.max(...durations));
        expect(summary.mean).toBeCloseTo(durations.reduce((sum, d) => sum + d, 0) / durations.length, 9);
      }),
    );
  });

  it('bins every request once: drawn bins plus overflow add up to the count (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (durations, bins) => {
        const { histogram, summary } = latencyFigures(statsOf(durations), bins);
        const drawn = histogram.bins.reduce((sum, bin) => sum + bin.count, 0);
        expect(drawn + histogram.overflow).toBe(durations.length);
        const end = histogram.bins[histogram.bins.length - 1]!.end;
        expect(histogram.overflow).toBe(durations.filter((d) => d > end).length);
        // The chart reaches at least the p99; only a far tail (max > 2 × p99) overflows.
        expect(end).toBeGreaterThanOrEqual(summary.p99! - 1e-12);
        if (summary.max! <= 2 * summary.p99!) expect(histogram.overflow).toBe(0);
        for (let i = 1; i < histogram.bins.length; i++) expect(histogram.bins[i]!.start).toBeCloseTo(histogram.bins[i - 1]!.end, 12);
      }),
    );
  });

  it('keeps one outlier from squashing the chart', () => {
    const durations = [...Array.from({ length: 999 }, (_, i) => 0.01 + i * 0.0001), 60];
    const { histogram } = latencyFigures(statsOf(durations));
    expect(histogram.overflow).toBe(1);
    expect(histogram.bins[histogram.bins.length - 1]!.end).toBeLessThan(0.2);
  });

  it('reads weighted quantiles from a captured X-Ray histogram', () => {
    const stats: EdgeStats = {
      total: 10,
      ok: 9,
      error: 0,
      throttle: 0,
      fault: 1,
      totalResponseTime: 2.5,
      histogram: [
        { value: 0.1, count: 5 },
        { value: 0.2, count: 4 },
        { value: 1.5, count: 1 },
      ],
    };
    const { summary, histogram } = latencyFigures(stats);
    expect(summary).toMatchObject({ count: 10, mean: 0.25, p50: 0.1, p90: 0.2, p99: 1.5, max: 1.5 });
    expect(histogram.bins.reduce((sum, bin) => sum + bin.count, 0) + histogram.overflow).toBe(10);
  });

  it('has nothing to say without requests', () => {
    const { summary, histogram } = latencyFigures({ total: 0, ok: 0, error: 0, throttle: 0, fault: 0, totalResponseTime: 0 });
    expect(summary).toEqual({ count: 0, mean: undefined, p50: undefined, p90: undefined, p99: undefined, max: undefined });
    expect(histogram).toEqual({ bins: [], overflow: 0, count: 0 });
    expect(errorRate({ total: 0, ok: 0, error: 0, throttle: 0, fault: 0 })).toBeUndefined();
  });
});

describe('niceStep and the label texts', () => {
  it('rounds steps up to 1, 2, 2.5 or 5 × 10ⁿ', () => {
    expect([0.0013, 0.02, 0.021, 0.3, 4.9, 7].map(niceStep)).toEqual([0.002, 0.02, 0.025, 0.5, 5, 10]);
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (raw) => {
        expect(niceStep(raw)).toBeGreaterThanOrEqual(raw * (1 - 1e-9));
      }),
    );
  });

  it('writes edge labels short', () => {
    const health = { total: 3054, ok: 2769, error: 78, throttle: 0, fault: 207 };
    expect(edgeLabelLines(health, { count: 3054, mean: 0.131, p50: 0.1, p90: 0.3, p99: 1.0, max: 1.2 })).toEqual(['3,054 req · 9.3% err', 'avg 131 ms · p99 1 s']);
    expect(edgeLabelLines({ total: 0, ok: 0, error: 0, throttle: 0, fault: 0 }, { count: 0, mean: undefined, p50: undefined, p90: undefined, p99: undefined, max: undefined })).toEqual(['no completed requests', '']);
  });
});

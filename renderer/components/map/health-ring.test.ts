import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ringArcs } from './health-ring.ts';

const counts = fc.record({ ok: fc.nat(5000), error: fc.nat(50), throttle: fc.nat(50), fault: fc.nat(500) }).map((c) => ({ ...c, total: c.ok + c.error + c.throttle + c.fault }));

describe('ringArcs', () => {
  it('covers the circle once, in status order, each arc visible (property)', () => {
    fc.assert(
      fc.property(counts, (health) => {
        const radius = 20;
        const arcs = ringArcs(health, radius, 2);
        if (health.total === 0) {
          expect(arcs).toEqual([]);
          return;
        }
        const circumference = 2 * Math.PI * radius;
        const total = arcs.reduce((sum, arc) => sum + arc.length, 0);
        expect(total).toBeCloseTo(circumference, 6);
        expect(arcs.map((arc) => arc.status)).toEqual((['ok', 'error', 'throttle', 'fault'] as const).filter((status) => health[status] > 0));
        let offset = 0;
        for (const arc of arcs) {
          expect(arc.offset).toBeCloseTo(offset, 9);
          expect(arc.length).toBeGreaterThanOrEqual(2 - 1e-9);
          expect(arc.share).toBeCloseTo(health[arc.status] / health.total, 12);
          offset += arc.length;
        }
      }),
    );
  });

  it('keeps proportions when no share is tiny', () => {
    const arcs = ringArcs({ total: 100, ok: 75, error: 0, throttle: 0, fault: 25 }, 10);
    expect(arcs.map((arc) => Math.round((arc.length / (2 * Math.PI * 10)) * 100))).toEqual([75, 25]);
  });
});

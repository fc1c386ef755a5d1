import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlacedNode } from '../../../shared/analysis/map/layout.ts';
import { fitTransform, MIN_ZOOM, nodeInDirection } from './map-geometry.ts';

const place = (id: string, x: number, y: number): PlacedNode => ({ id, x, y, left: x - 10, top: y - 10, width: 20, height: 20, layer: 0 });

describe('fitTransform', () => {
  it('shows the whole layout centred inside the view, never above 1× (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20000 }), fc.integer({ min: 1, max: 20000 }), fc.integer({ min: 200, max: 3000 }), fc.integer({ min: 200, max: 3000 }), (w, h, vw, vh) => {
        const t = fitTransform({ width: w, height: h }, { width: vw, height: vh }, 16);
        expect(t.k).toBeLessThanOrEqual(1);
        if (t.k > MIN_ZOOM) {
          expect(t.x).toBeGreaterThanOrEqual(16 - 1e-6);
          expect(t.y).toBeGreaterThanOrEqual(16 - 1e-6);
          expect(t.x + w * t.k).toBeLessThanOrEqual(vw - 16 + 1e-6);
          expect(t.y + h * t.k).toBeLessThanOrEqual(vh - 16 + 1e-6);
        }
        expect(t.x + (w * t.k) / 2).toBeCloseTo(vw / 2, 6);
      }),
    );
  });
});

describe('nodeInDirection', () => {
  const grid = [place('a', 0, 0), place('b', 100, 0), place('c', 100, 80), place('d', 200, -200), place('e', 0, 90)];
  it('moves to the nearest node that way, preferring the same row or column', () => {
    const a = grid[0]!;
    expect(nodeInDirection(grid, a, 'right')?.id).toBe('b');
    expect(nodeInDirection(grid, a, 'down')?.id).toBe('e');
    expect(nodeInDirection(grid, a, 'left')).toBeUndefined();
    expect(nodeInDirection(grid, grid[1]!, 'down')?.id).toBe('c');
    expect(nodeInDirection(grid, grid[2]!, 'up')?.id).toBe('b');
  });
});

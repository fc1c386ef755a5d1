import type { MapLayout, PlacedNode } from '../../../shared/analysis/map/index.ts';

/** Pure geometry of the map view: fitting the layout into the viewport, moving between nodes. */
export interface ViewTransform {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

export interface ViewSize {
  readonly width: number;
  readonly height: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 4;

/** The transform that shows the whole layout centred, never magnified beyond 1. */
export function fitTransform(layout: Pick<MapLayout, 'width' | 'height'>, size: ViewSize, padding = 16): ViewTransform {
  const width = Math.max(1, size.width - 2 * padding);
  const height = Math.max(1, size.height - 2 * padding);
  const k = Math.min(1, Math.max(MIN_ZOOM, Math.min(width / Math.max(1, layout.width), height / Math.max(1, layout.height))));
  return { k, x: (size.width - layout.width * k) / 2, y: (size.height - layout.height * k) / 2 };
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * The node to move to from `from` in a direction: among nodes on that side (more along the
 * direction than across it), the nearest, across distance weighing double.
 */
export function nodeInDirection(nodes: readonly PlacedNode[], from: PlacedNode, direction: Direction): PlacedNode | undefined {
  let best: PlacedNode | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const node of nodes) {
    if (node === from) continue;
    const dx = node.x - from.x;
    const dy = node.y - from.y;
    const along = direction === 'right' ? dx : direction === 'left' ? -dx : direction === 'down' ? dy : -dy;
    const across = direction === 'right' || direction === 'left' ? Math.abs(dy) : Math.abs(dx);
    if (along <= 0 || along < across * 0.5) continue;
    const score = along + 2 * across;
    if (score < bestScore) {
      bestScore = score;
      best = node;
    }
  }
  return best;
}

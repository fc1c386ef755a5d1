import type { WaterfallTrace } from '../../../../shared/analysis/trace/index.ts';

/** The part of the trace's time the waterfall shows, as fractions of the trace's duration. */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

export const WHOLE_TRACE: TimeWindow = { from: 0, to: 1 };
/** The narrowest window: 0.1 % of the trace. */
export const MIN_WINDOW = 0.001;

export function clampWindow(from: number, to: number): TimeWindow {
  const width = Math.min(1, Math.max(MIN_WINDOW, to - from));
  const start = Math.min(1 - width, Math.max(0, from));
  return { from: start, to: start + width };
}

/** The window in epoch seconds. A zero-length trace gets a tiny duration so scales stay finite. */
export function windowTimes(trace: WaterfallTrace, window: TimeWindow): { start: number; duration: number } {
  const total = Math.max(trace.end - trace.start, 1e-9);
  return { start: trace.start + window.from * total, duration: (window.to - window.from) * total };
}

/**
 * A tiny store of which spans the tree's viewport shows, so the minimap can follow scrolling
 * without re-rendering the whole view (read with useSyncExternalStore).
 */
export interface ViewportStore {
  get(): ViewportSpans;
  set(value: ViewportSpans): void;
  subscribe(listener: () => void): () => void;
}

export interface ViewportSpans {
  readonly first: number;
  readonly last: number;
}

export function createViewportStore(): ViewportStore {
  let value: ViewportSpans = { first: 0, last: 0 };
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      if (next.first === value.first && next.last === value.last) return;
      value = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

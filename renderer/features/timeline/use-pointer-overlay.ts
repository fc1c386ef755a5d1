import { useEffect, useRef, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import { frameScheduler } from '../../core/raf-scheduler.ts';
import { timeAt, xOf, type TimelineGeometry } from './timeline-geometry.ts';

/**
 * What moves with the pointer over the timeline's canvas — the brushed range, the hover line and
 * the tooltip — as three positioned elements moved by CSS transforms once a frame, outside
 * React's renders: a pointer move neither redraws the lanes nor re-renders the view, and the
 * compositor moves the boxes without repainting what is under them. The committed range (`brush`, from the URL) shows when nothing is dragged.
 */
export interface PointerOverlay {
  readonly brushBox: RefObject<HTMLDivElement | null>;
  readonly hoverLine: RefObject<HTMLDivElement | null>;
  readonly tooltip: RefObject<HTMLDivElement | null>;
  point(event: ReactPointerEvent<HTMLElement>): { x: number; y: number };
  move(event: ReactPointerEvent<HTMLElement>): void;
  leave(): void;
  startDrag(time: number): void;
  /** The dragged range (epoch seconds), once the pointer is up; undefined when nothing was dragged. */
  endDrag(): readonly [number, number] | undefined;
}

/** The tooltip's width at most (CSS), to keep it inside the canvas' right edge. */
const TOOLTIP_WIDTH = 300;

export function usePointerOverlay(key: string, geometry: TimelineGeometry, brush: readonly [number, number] | undefined, width: number, describe: (x: number, y: number) => readonly string[]): PointerOverlay {
  const brushBox = useRef<HTMLDivElement>(null);
  const hoverLine = useRef<HTMLDivElement>(null);
  const tooltip = useRef<HTMLDivElement>(null);
  const state = useRef<{ hover?: { x: number; y: number; text: readonly string[] }; dragging?: [number, number]; shownText?: string }>({});
  // What the frame reads: this render's geometry and committed range.
  const current = useRef({ geometry, brush, width });
  current.current = { geometry, brush, width };

  const paint = (): void => {
    const { geometry: g, brush: committed, width: w } = current.current;
    const { hover, dragging } = state.current;
    const range = dragging ?? committed;
    const box = brushBox.current;
    if (box) {
      box.hidden = range === undefined;
      if (range) {
        const x0 = xOf(g, range[0]);
        const x1 = xOf(g, range[1]);
        // A 1 px box scaled on the compositor: moving it repaints nothing under it.
        box.style.transform = `translateX(${Math.min(x0, x1)}px) scaleX(${Math.max(1, Math.abs(x1 - x0))})`;
      }
    }
    const line = hoverLine.current;
    if (line) {
      line.hidden = hover === undefined;
      if (hover) line.style.transform = `translateX(${Math.round(hover.x)}px)`;
    }
    const tip = tooltip.current;
    if (tip) {
      const text = hover?.text.join('\n') ?? '';
      tip.hidden = text === '';
      if (text !== state.current.shownText) {
        tip.textContent = text;
        state.current.shownText = text;
      }
      if (hover && text !== '') {
        tip.style.transform = `translate(${Math.min(hover.x + 12, w - TOOLTIP_WIDTH)}px, ${hover.y + 12}px)`;
      }
    }
  };
  const schedule = (): void => frameScheduler.schedule(key, paint);
  // After each render (the committed range or the size may have changed): place the boxes again.
  useEffect(schedule);
  useEffect(() => () => frameScheduler.cancel(key), [key]);

  const point = (event: ReactPointerEvent<HTMLElement>): { x: number; y: number } => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  return {
    brushBox,
    hoverLine,
    tooltip,
    point,
    move(event) {
      const { x, y } = point(event);
      const { dragging } = state.current;
      if (dragging) dragging[1] = timeAt(current.current.geometry, x);
      state.current.hover = { x, y, text: describe(x, y) };
      schedule();
    },
    leave() {
      state.current.hover = undefined;
      schedule();
    },
    startDrag(time) {
      state.current.dragging = [time, time];
      schedule();
    },
    endDrag() {
      const range = state.current.dragging;
      state.current.dragging = undefined;
      schedule();
      return range;
    },
  };
}

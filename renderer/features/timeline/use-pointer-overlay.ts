import { useEffect, useRef, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import { frameScheduler } from '../../core/raf-scheduler.ts';
import { timeAt, xOf, type TimelineGeometry } from './timeline-geometry.ts';

/**
 * What moves with the pointer over the timeline's canvas — the brushed range, the hover line and
 * the tooltip — as positioned elements moved by CSS transforms once a frame, outside React's
 * renders: a pointer move neither redraws the lanes nor re-renders the view, and the compositor
 * moves the boxes without repainting what is under them. The committed range (`brush`, from the URL) shows when nothing is dragged.
 */
export interface PointerOverlay {
  /** The committed range's fill (shown when nothing is dragged). */
  readonly brushBox: RefObject<HTMLDivElement | null>;
  /** While dragging: a band along the top and the range's two edges, all that changes a frame. */
  readonly brushBand: RefObject<HTMLDivElement | null>;
  readonly brushStart: RefObject<HTMLDivElement | null>;
  readonly brushEnd: RefObject<HTMLDivElement | null>;
  readonly hoverLine: RefObject<HTMLDivElement | null>;
  readonly tooltip: RefObject<HTMLDivElement | null>;
  point(event: ReactPointerEvent<HTMLElement>): { x: number; y: number };
  /** The pointer entered or pressed: where the canvas is now. */
  enter(event: ReactPointerEvent<HTMLElement>): void;
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
  const brushBand = useRef<HTMLDivElement>(null);
  const brushStart = useRef<HTMLDivElement>(null);
  const brushEnd = useRef<HTMLDivElement>(null);
  // The canvas' place on the page, read when the pointer enters or presses (reading it on every
  // move would force a layout after each frame's changes).
  const rect = useRef<{ left: number; top: number } | undefined>(undefined);
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
    const left = range ? Math.min(xOf(g, range[0]), xOf(g, range[1])) : 0;
    const span = range ? Math.max(1, Math.abs(xOf(g, range[1]) - xOf(g, range[0]))) : 1;
    // The fill covers the lanes: shown still, for the committed range. While dragging, only a band
    // and two edges move — with software compositing a moving full-height fill redraws all under it.
    const box = brushBox.current;
    if (box) {
      box.hidden = range === undefined || dragging !== undefined;
      if (range && !dragging) box.style.transform = `translateX(${left}px) scaleX(${span})`;
    }
    for (const [element, shown, transform] of [
      [brushBand.current, dragging !== undefined, `translateX(${left}px) scaleX(${span})`],
      [brushStart.current, dragging !== undefined, `translateX(${left}px)`],
      [brushEnd.current, dragging !== undefined, `translateX(${left + span}px)`],
    ] as const) {
      if (!element) continue;
      element.hidden = !shown;
      if (shown) element.style.transform = transform;
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

  const place = (event: ReactPointerEvent<HTMLElement>): { left: number; top: number } => {
    const box = event.currentTarget.getBoundingClientRect();
    rect.current = { left: box.left, top: box.top };
    return rect.current;
  };
  const point = (event: ReactPointerEvent<HTMLElement>): { x: number; y: number } => {
    const at = rect.current ?? place(event);
    return { x: event.clientX - at.left, y: event.clientY - at.top };
  };
  // The page may scroll or resize under a resting pointer: read the place again then.
  useEffect(() => {
    const forget = (): void => {
      rect.current = undefined;
    };
    window.addEventListener('scroll', forget, { capture: true, passive: true });
    window.addEventListener('resize', forget);
    return () => {
      window.removeEventListener('scroll', forget, { capture: true });
      window.removeEventListener('resize', forget);
    };
  }, []);
  return {
    brushBox,
    brushBand,
    brushStart,
    brushEnd,
    enter(event) {
      place(event);
    },
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

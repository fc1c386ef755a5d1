import { memo, useEffect, useRef, useSyncExternalStore, type KeyboardEvent, type PointerEvent } from 'react';
import type { MinimapPixels, WaterfallTrace } from '../../../../shared/analysis/trace/index.ts';
import { formatOffset } from '../../../../shared/base/format.ts';
import { frameScheduler } from '../../../core/raf-scheduler.ts';
import { statusPalette, type ColorScheme } from '../../../components/status-colors.ts';
import { clampWindow, WHOLE_TRACE, type TimeWindow, type ViewportStore } from './time-window.ts';
import { attempt, type TraceSource } from '../source/trace-source.ts';
import { useElementSize } from '../../../components/use-dom.ts';

const HEIGHT = 56;
const FALLBACK = { width: 600, height: HEIGHT };

export interface MinimapProps {
  readonly trace: WaterfallTrace;
  /** Every span's values are here; the picture is asked for only then (a large trace arrives in chunks). */
  readonly complete: boolean;
  /** Where the pixels come from (the worker for a trace it sent). */
  readonly source: TraceSource;
  readonly scheme: ColorScheme;
  readonly window: TimeWindow;
  readonly onWindowChange: (window: TimeWindow) => void;
  /** Which spans the tree shows; the window box follows it vertically. */
  readonly viewport: ViewportStore;
  /** Dragging the box up or down scrolls the tree to this span. */
  readonly onScrollToSpan: (span: number) => void;
}

/** The box's top and height in pixels of the minimap, as one number (top · BOX_KEY + height) so the store's snapshot compares by value. */
const BOX_KEY = 4096;
const MIN_BOX = Math.ceil(HEIGHT * 0.16);

function boxPixels(spans: { readonly first: number; readonly last: number }, n: number): number {
  const height = Math.max(MIN_BOX, Math.min(HEIGHT, Math.round(((spans.last - spans.first + 1) / n) * HEIGHT)));
  const top = Math.min(HEIGHT - height, Math.max(0, Math.round((spans.first / n) * HEIGHT)));
  return top * BOX_KEY + height;
}

type DragMode = 'move' | 'start' | 'end';
interface Drag {
  readonly mode: DragMode;
  readonly x: number;
  readonly y: number;
  readonly window: TimeWindow;
  readonly firstSpan: number;
}

/**
 * The whole trace on a canvas (pixels from `rasterizeMinimap`, made by the source — the
 * analysis worker — and drawn in the shared frame scheduler) with a box over it for what the waterfall shows: its width is the time window, its
 * height the rows in view. Drag the box to pan (and scroll), its edges to zoom, click elsewhere
 * to centre it there; the edges are sliders for the keyboard.
 */
export const Minimap = memo(function Minimap({ trace, complete, source, scheme, window, onWindowChange, viewport, onScrollToSpan }: MinimapProps) {
  const surfaceRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const dragRef = useRef<Drag | null>(null);
  const { width } = useElementSize(surfaceRef, FALLBACK);
  const n = Math.max(1, trace.spans.length);
  // The box's vertical place in whole pixels: scrolling re-renders the minimap only when the box
  // visibly moves (a 100,000-span tree scrolls hundreds of rows per pixel of the minimap).
  const box = useSyncExternalStore(viewport.subscribe, () => boxPixels(viewport.get(), n));
  const total = Math.max(trace.end - trace.start, 1e-9);

  useEffect(() => {
    if (!complete) return;
    const key = `minimap:${trace.id}`;
    const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
    const pixelWidth = Math.max(1, Math.round(width * ratio));
    const pixelHeight = Math.round(HEIGHT * ratio);
    let live = true;
    const draw = (pixels: MinimapPixels): void => {
      if (!live) return;
      frameScheduler.schedule(key, () => {
        const canvas = canvasRef.current;
        const context = canvas?.getContext('2d');
        if (!canvas || !context) return;
        canvas.width = pixels.width;
        canvas.height = pixels.height;
        context.putImageData(new ImageData(pixels.data, pixels.width, pixels.height), 0, 0);
      });
    };
    // The pixels come from the source (the worker, for a trace it sent): the UI thread only puts them.
    const pixels = attempt(() => source.minimap(pixelWidth, pixelHeight, statusPalette(scheme)));
    if (pixels instanceof Promise) pixels.then(draw, () => undefined);
    else draw(pixels);
    return () => {
      live = false;
      frameScheduler.cancel(key);
    };
  }, [trace, complete, source, width, scheme]);

  const fractionAt = (event: PointerEvent): { x: number; y: number } => {
    const rect = surfaceRef.current!.getBoundingClientRect();
    return { x: (event.clientX - rect.left) / Math.max(1, rect.width), y: (event.clientY - rect.top) / Math.max(1, rect.height) };
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.button !== 0) return;
    const target = event.target as HTMLElement;
    let mode: DragMode = target.dataset['edge'] === 'start' ? 'start' : target.dataset['edge'] === 'end' ? 'end' : 'move';
    let start = window;
    if (mode === 'move' && !target.closest('.te-minimap-window')) {
      // Clicked outside the box: centre it there, then drag it from there.
      const at = fractionAt(event);
      const half = (window.to - window.from) / 2;
      start = clampWindow(at.x - half, at.x + half);
      onWindowChange(start);
      onScrollToSpan(Math.floor(at.y * n));
      mode = 'move';
    }
    surfaceRef.current?.setPointerCapture?.(event.pointerId);
    dragRef.current = { mode, x: event.clientX, y: event.clientY, window: start, firstSpan: viewport.get().first };
    event.preventDefault();
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const drag = dragRef.current;
    if (!drag) return;
    const rect = surfaceRef.current!.getBoundingClientRect();
    const dx = (event.clientX - drag.x) / Math.max(1, rect.width);
    const dy = (event.clientY - drag.y) / Math.max(1, rect.height);
    frameScheduler.schedule(`minimap-drag:${trace.id}`, () => {
      const w = drag.window;
      if (drag.mode === 'start') onWindowChange(clampWindow(Math.min(w.from + dx, w.to - 0.001), w.to));
      else if (drag.mode === 'end') onWindowChange(clampWindow(w.from, Math.max(w.to + dx, w.from + 0.001)));
      else {
        onWindowChange(clampWindow(w.from + dx, w.to + dx));
        if (dy !== 0) onScrollToSpan(Math.min(n - 1, Math.max(0, drag.firstSpan + Math.round(dy * n))));
      }
    });
  };

  const onPointerUp = (): void => {
    dragRef.current = null;
  };

  const onEdgeKey = (event: KeyboardEvent, edge: 'start' | 'end'): void => {
    const step = event.shiftKey ? 0.1 : 0.01;
    const delta = event.key === 'ArrowLeft' || event.key === 'ArrowDown' ? -step : event.key === 'ArrowRight' || event.key === 'ArrowUp' ? step : 0;
    if (delta === 0) return;
    event.preventDefault();
    if (edge === 'start') onWindowChange(clampWindow(Math.min(window.from + delta, window.to - 0.001), window.to));
    else onWindowChange(clampWindow(window.from, Math.max(window.to + delta, window.from + 0.001)));
  };

  const top = (Math.floor(box / BOX_KEY) / HEIGHT) * 100;
  const height = ((box % BOX_KEY) / HEIGHT) * 100;
  const label = (fraction: number): string => formatOffset(fraction * total, total);
  const whole = window.from === 0 && window.to === 1;
  return (
    <div className="te-minimap" role="group" aria-label="Overview of the whole trace">
      <div
        ref={surfaceRef}
        className="te-minimap-surface"
        style={{ height: HEIGHT }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onDoubleClick={() => onWindowChange(WHOLE_TRACE)}
      >
        <canvas ref={canvasRef} className="te-minimap-canvas" aria-hidden="true" />
        {complete ? null : <p className="te-minimap-note">The overview is drawn once every span has been read.</p>}
        <div className="te-minimap-window" style={{ left: `${window.from * 100}%`, width: `${(window.to - window.from) * 100}%`, top: `${Math.min(top, 100 - height)}%`, height: `${height}%` }}>
          {(['start', 'end'] as const).map((edge) => (
            <div
              key={edge}
              data-edge={edge}
              className={`te-minimap-edge te-minimap-edge--${edge}`}
              role="slider"
              tabIndex={0}
              aria-label={edge === 'start' ? 'Start of the visible time range' : 'End of the visible time range'}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round((edge === 'start' ? window.from : window.to) * 100)}
              aria-valuetext={label(edge === 'start' ? window.from : window.to)}
              onKeyDown={(event) => onEdgeKey(event, edge)}
            />
          ))}
        </div>
      </div>
      <button type="button" className="te-button te-minimap-reset" onClick={() => onWindowChange(WHOLE_TRACE)} disabled={whole}>
        Show the whole trace
      </button>
    </div>
  );
});

import { useEffect, useMemo, useRef, useState } from 'react';
import type { TimelineModel } from '../../../shared/analysis/timeline/index.ts';
import { formatCount, formatDuration, formatPercent, formatTime } from '../../../shared/base/format.ts';
import { frameScheduler } from '../../core/raf-scheduler.ts';
import { useColorScheme } from '../../components/use-dom.ts';
import { drawLanes, drawMarks, laneSpan, type DrawState } from './timeline-draw.ts';
import { THEME } from './timeline-paint.ts';
import { usePointerOverlay } from './use-pointer-overlay.ts';
import { bucketAt, laneAt, laneIds, markerAt, timeAt, timelineGeometry, type TimelineGeometry } from './timeline-geometry.ts';

interface Props {
  readonly model: TimelineModel;
  readonly width: number;
  readonly brush: readonly [number, number] | undefined;
  readonly selectedEvent: string | undefined;
  readonly onsets: DrawState['onsets'];
  readonly onBrush: (range: readonly [number, number] | undefined) => void;
  readonly onSelectEvent: (eventId: string) => void;
  /** Called after each draw, once the changes lane's band (the last pass) is drawn. */
  readonly onDrawn?: () => void;
}

const figure = (value: number | undefined, unit = ''): string => (value === undefined || Number.isNaN(value) ? '–' : `${formatCount(Math.round(value))}${unit}`);

/** What API Gateway's metrics say of bucket `b`. */
function gatewayFigures(model: TimelineModel, b: number): string[] {
  const v = model.gateway!.values;
  const sampled = v.sampled?.[b];
  return [
    `${formatTime((model.lanes.start + b * model.lanes.step) * 1000)} · API Gateway ${model.gateway!.label}`,
    `Count ${figure(v.Count?.[b])} · traced ${figure(v.traced?.[b])}${sampled !== undefined && Number.isFinite(sampled) ? ` (${formatPercent(sampled)})` : ''}`,
    `Latency ${figure(v.Latency?.[b], ' ms')} · integration ${figure(v.IntegrationLatency?.[b], ' ms')} · overhead ${figure(v.overhead?.[b], ' ms')}`,
    `4XX ${figure(v['4XXError']?.[b])} · 5XX ${figure(v['5XXError']?.[b])} · cache hits ${figure(v.CacheHitCount?.[b])}, misses ${figure(v.CacheMissCount?.[b])}`,
  ];
}

/** The gateway overhead the traces of a stage show in bucket `b`. */
function overheadFigures(overhead: NonNullable<TimelineModel['overhead']>, b: number): string[] {
  const { lanes } = overhead;
  const c = lanes.counts;
  const requests = c[b * 4]! + c[b * 4 + 1]! + c[b * 4 + 2]! + c[b * 4 + 3]!;
  return [
    `${formatTime((lanes.start + b * lanes.step) * 1000)} · ${overhead.stage}: gateway overhead from traces (stage − integration)`,
    requests > 0 ? `p50 ${formatDuration(lanes.p50[b])} · p90 ${formatDuration(lanes.p90[b])} · p99 ${formatDuration(lanes.p99[b])} · ${formatCount(requests)} traced requests` : 'no traced requests through the stage',
  ];
}


let canvasCount = 0;
/** The band along the top of a range being dragged, in CSS pixels. */
const BAND_HEIGHT = 6;

/** Marked after each draw of the lanes, for the browser benchmark (performance marks). */
export const TIMELINE_DRAWN = 'timeline:drawn';

/** The lanes on one canvas, drawn through the shared frame scheduler when the model, size, scheme or selection change; hover for figures, drag to brush, click a marker to select it. */
export function TimelineCanvas({ model, width, brush, selectedEvent, onsets, onBrush, onSelectEvent, onDrawn }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [key] = useState(() => `timeline-${++canvasCount}`);
  const scheme = useColorScheme();
  const geometry: TimelineGeometry = useMemo(() => timelineGeometry(width, model.lanes, laneIds(model)), [width, model]);
  const ratio = globalThis.devicePixelRatio || 1;

  const lanesDue = useRef(false);
  const marksJob = useRef<(() => void) | undefined>(undefined);

  // The lanes, then the changes lane's band in the next frame (timeline-draw.ts says why).
  useEffect(() => {
    lanesDue.current = true;
    frameScheduler.schedule(`${key}-lanes`, () => {
      lanesDue.current = false;
      const element = canvas.current;
      const ctx = element?.getContext('2d');
      if (!element || !ctx) return;
      const w = Math.round(geometry.width * ratio);
      const h = Math.round(geometry.height * ratio);
      if (element.width !== w || element.height !== h) {
        element.width = w;
        element.height = h;
      }
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      drawLanes(ctx, geometry, model, { scheme, onsets });
      if (marksJob.current) frameScheduler.schedule(`${key}-marks`, marksJob.current);
    });
    return () => {
      lanesDue.current = false;
      frameScheduler.cancel(`${key}-lanes`);
    };
  }, [key, geometry, model, scheme, onsets, ratio]);

  // The band alone when only the selection changes.
  useEffect(() => {
    const job = (): void => {
      marksJob.current = undefined;
      const ctx = canvas.current?.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      drawMarks(ctx, geometry, model, { scheme, selectedEvent, onsets });
      globalThis.performance?.mark?.(TIMELINE_DRAWN);
      onDrawn?.();
    };
    marksJob.current = job;
    if (!lanesDue.current) frameScheduler.schedule(`${key}-marks`, job);
    return () => {
      marksJob.current = undefined;
      frameScheduler.cancel(`${key}-marks`);
    };
  }, [key, geometry, model, scheme, selectedEvent, onsets, ratio, onDrawn]);

  const describe = (x: number, y: number): string[] => {
    if (laneAt(geometry, y) === 'changes') {
      const index = markerAt(geometry, model.markers, x);
      if (index === undefined) return [];
      const marker = model.markers[index]!;
      return [`${marker.eventName} on ${marker.resource ?? 'an unnamed resource'}`, `${formatTime(marker.at)} · ${marker.kind}${marker.count > 1 ? ` · ${formatCount(marker.count)} events` : ''}`, 'Click to select it'];
    }
    const b = bucketAt(geometry, model.lanes, x);
    if (b === undefined) return [];
    const lane = laneAt(geometry, y);
    if (model.gateway && lane?.startsWith('gateway')) return gatewayFigures(model, b);
    if (model.overhead && lane === 'overhead') return overheadFigures(model.overhead, b);
    const c = model.lanes.counts;
    const total = c[b * 4]! + c[b * 4 + 1]! + c[b * 4 + 2]! + c[b * 4 + 3]!;
    return [
      formatTime((model.lanes.start + b * model.lanes.step) * 1000),
      `${formatCount(total)} requests: ${formatCount(c[b * 4]!)} ok, ${formatCount(c[b * 4 + 1]!)} 4xx, ${formatCount(c[b * 4 + 2]!)} 429, ${formatCount(c[b * 4 + 3]!)} 5xx`,
      total > 0 ? `p50 ${formatDuration(model.lanes.p50[b])} · p90 ${formatDuration(model.lanes.p90[b])} · p99 ${formatDuration(model.lanes.p99[b])}` : 'no requests',
    ];
  };
  const overlay = usePointerOverlay(`${key}-pointer`, geometry, brush, width, describe);
  const span = laneSpan(geometry);
  const theme = THEME[scheme];

  return (
    <div className="te-timeline-canvas-wrap" style={{ height: geometry.height }}>
      <canvas
        ref={canvas}
        className="te-timeline-canvas"
        style={{ width: geometry.width, height: geometry.height }}
        role="img"
        aria-label={`Timeline lanes: requests, latency${model.overhead ? `, ${model.overhead.stage}'s gateway overhead` : ''} and ${model.markers.length} change markers; drag to choose a time range`}
        onPointerEnter={(event) => overlay.enter(event)}
        onPointerMove={(event) => overlay.move(event)}
        onPointerLeave={() => overlay.leave()}
        onPointerDown={(event) => {
          overlay.enter(event);
          const { x, y } = overlay.point(event);
          if (laneAt(geometry, y) === 'changes') {
            const index = markerAt(geometry, model.markers, x);
            if (index !== undefined) onSelectEvent(model.markers[index]!.eventIds[0]!);
            return;
          }
          event.currentTarget.setPointerCapture?.(event.pointerId);
          overlay.startDrag(timeAt(geometry, x));
        }}
        onPointerUp={() => {
          const range = overlay.endDrag();
          if (!range) return;
          const [a, b] = range;
          const pixels = (Math.abs(b - a) / (geometry.end - geometry.start)) * (geometry.right - geometry.left);
          onBrush(pixels < 3 ? undefined : [Math.min(a, b), Math.max(a, b)]);
        }}
      />
      <div ref={overlay.brushBox} className="te-timeline-brush" hidden style={{ top: span.top, height: span.bottom - span.top, background: theme.brush }} />
      <div ref={overlay.brushBand} className="te-timeline-brush" hidden style={{ top: span.top, height: BAND_HEIGHT, background: theme.hover }} />
      <div ref={overlay.brushStart} className="te-timeline-brush te-timeline-brush-edge" hidden style={{ top: span.top, height: span.bottom - span.top, background: theme.hover }} />
      <div ref={overlay.brushEnd} className="te-timeline-brush te-timeline-brush-edge" hidden style={{ top: span.top, height: span.bottom - span.top, background: theme.hover }} />
      <div ref={overlay.hoverLine} className="te-timeline-hover" hidden style={{ top: span.top, height: span.bottom - span.top, background: theme.hover }} />
      <div ref={overlay.tooltip} className="te-timeline-tooltip" role="status" hidden />
    </div>
  );
}

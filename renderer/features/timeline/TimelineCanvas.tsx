import { useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { TimelineModel } from '../../../shared/analysis/timeline/index.ts';
import { formatCount, formatDuration, formatPercent, formatTime } from '../../../shared/base/format.ts';
import { frameScheduler } from '../../core/raf-scheduler.ts';
import { useColorScheme } from '../../components/use-dom.ts';
import { drawPointer, drawTimeline, type DrawState } from './timeline-draw.ts';
import { bucketAt, laneAt, laneIds, markerAt, timeAt, timelineGeometry, type TimelineGeometry } from './timeline-geometry.ts';

interface Props {
  readonly model: TimelineModel;
  readonly width: number;
  readonly brush: readonly [number, number] | undefined;
  readonly selectedEvent: string | undefined;
  readonly onsets: DrawState['onsets'];
  readonly onBrush: (range: readonly [number, number] | undefined) => void;
  readonly onSelectEvent: (eventId: string) => void;
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

interface Hover {
  readonly x: number;
  readonly y: number;
  readonly text: readonly string[];
}

let canvasCount = 0;

/** Marked after each draw of the lanes, for the browser benchmark (performance marks). */
export const TIMELINE_DRAWN = 'timeline:drawn';

/** The lanes on one canvas, redrawn through the shared frame scheduler; hover for figures, drag to brush, click a marker to select it. */
export function TimelineCanvas({ model, width, brush, selectedEvent, onsets, onBrush, onSelectEvent }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [key] = useState(() => `timeline-${++canvasCount}`);
  const scheme = useColorScheme();
  const [hover, setHover] = useState<Hover | undefined>();
  const [dragging, setDragging] = useState<readonly [number, number] | undefined>();
  const geometry: TimelineGeometry = useMemo(() => timelineGeometry(width, model.lanes, laneIds(model)), [width, model]);

  // The lanes are drawn once into a copy (per model, size, scheme, selection); a pointer move
  // only puts that copy back and draws the brush and the hover line over it.
  const ratio = globalThis.devicePixelRatio || 1;
  const base = useMemo(() => {
    if (typeof document === 'undefined') return undefined;
    const copy = document.createElement('canvas');
    copy.width = Math.round(geometry.width * ratio);
    copy.height = Math.round(geometry.height * ratio);
    const ctx = copy.getContext('2d');
    if (!ctx) return undefined;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawTimeline(ctx, geometry, model, { scheme, selectedEvent, onsets });
    return copy;
  }, [geometry, model, scheme, selectedEvent, onsets, ratio]);

  useEffect(() => {
    frameScheduler.schedule(key, () => {
      const element = canvas.current;
      const ctx = element?.getContext('2d');
      if (!element || !ctx || !base) return;
      if (element.width !== base.width || element.height !== base.height) {
        element.width = base.width;
        element.height = base.height;
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, element.width, element.height);
      ctx.drawImage(base, 0, 0);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      drawPointer(ctx, geometry, { scheme, hoverX: hover?.x, brush: dragging ?? brush });
      globalThis.performance?.mark?.(TIMELINE_DRAWN);
    });
    return () => frameScheduler.cancel(key);
  });

  const point = (event: ReactPointerEvent<HTMLCanvasElement>): { x: number; y: number } => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };

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

  return (
    <div className="te-timeline-canvas-wrap" style={{ height: geometry.height }}>
      <canvas
        ref={canvas}
        className="te-timeline-canvas"
        style={{ width: geometry.width, height: geometry.height }}
        role="img"
        aria-label={`Timeline lanes: requests, latency${model.overhead ? `, ${model.overhead.stage}'s gateway overhead` : ''} and ${model.markers.length} change markers; drag to choose a time range`}
        onPointerMove={(event) => {
          const { x, y } = point(event);
          if (dragging) setDragging([dragging[0], timeAt(geometry, x)]);
          setHover({ x, y, text: describe(x, y) });
        }}
        onPointerLeave={() => setHover(undefined)}
        onPointerDown={(event) => {
          const { x, y } = point(event);
          if (laneAt(geometry, y) === 'changes') {
            const index = markerAt(geometry, model.markers, x);
            if (index !== undefined) onSelectEvent(model.markers[index]!.eventIds[0]!);
            return;
          }
          event.currentTarget.setPointerCapture?.(event.pointerId);
          const t = timeAt(geometry, x);
          setDragging([t, t]);
        }}
        onPointerUp={() => {
          if (!dragging) return;
          const [a, b] = dragging;
          setDragging(undefined);
          const pixels = (Math.abs(b - a) / (geometry.end - geometry.start)) * (geometry.right - geometry.left);
          onBrush(pixels < 3 ? undefined : [Math.min(a, b), Math.max(a, b)]);
        }}
      />
      {hover && hover.text.length > 0 ? (
        <div className="te-timeline-tooltip" role="status" style={{ left: Math.min(hover.x + 12, width - 300), top: hover.y + 12 }}>
          {hover.text.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

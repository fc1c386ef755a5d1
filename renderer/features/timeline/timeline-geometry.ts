import type { TimelineLanes, TimelineModel } from '../../../shared/analysis/timeline/index.ts';

/**
 * Where things are on the timeline's canvas: the lanes stacked top to bottom on one time axis,
 * the time ↔ x scale, and what is under a point (a bucket, a change marker). Pure, so the drawing
 * and the hit tests agree and both are tested without a canvas.
 */
export type LaneId = 'requests' | 'latency' | 'overhead' | 'changes' | 'gatewayCount' | 'gatewayLatency' | 'gatewayErrors';

export const TRACE_LANES: readonly LaneId[] = ['requests', 'latency', 'changes'];
const GATEWAY_LANES: readonly LaneId[] = ['gatewayCount', 'gatewayLatency', 'gatewayErrors'];

/**
 * The lanes drawn, top to bottom: the traces' requests and latency, a stage's gateway overhead
 * from its traces when there are stage segments, the changes, then API Gateway's metrics when
 * the snapshot holds them.
 */
export function laneIds(model: Pick<TimelineModel, 'overhead' | 'gateway'>): LaneId[] {
  return ['requests', 'latency', ...(model.overhead ? (['overhead'] as const) : []), 'changes', ...(model.gateway ? GATEWAY_LANES : [])];
}

export interface LaneBox {
  readonly id: LaneId;
  readonly top: number;
  readonly height: number;
}

export interface TimelineGeometry {
  readonly width: number;
  readonly height: number;
  /** The plotted x range, in CSS pixels. */
  readonly left: number;
  readonly right: number;
  readonly lanes: readonly LaneBox[];
  /** The time axis' labels sit below this. */
  readonly axisTop: number;
  /** Epoch seconds at the left and right edges. */
  readonly start: number;
  readonly end: number;
}

export const LANE_HEIGHTS: Readonly<Record<LaneId, number>> = { requests: 132, latency: 104, overhead: 84, changes: 40, gatewayCount: 84, gatewayLatency: 84, gatewayErrors: 64 };
const LANE_GAP = 10;
const AXIS_HEIGHT = 22;
const SIDE = 12;
/** A marker within this many pixels of the pointer is under it. */
export const MARKER_HIT = 6;

export function timelineGeometry(width: number, lanes: Pick<TimelineLanes, 'start' | 'step' | 'count'>, ids: readonly LaneId[] = TRACE_LANES): TimelineGeometry {
  const boxes: LaneBox[] = [];
  let top = 4;
  for (const id of ids) {
    boxes.push({ id, top, height: LANE_HEIGHTS[id] });
    top += LANE_HEIGHTS[id] + LANE_GAP;
  }
  return { width, height: top + AXIS_HEIGHT, left: SIDE, right: Math.max(SIDE + 1, width - SIDE), lanes: boxes, axisTop: top - LANE_GAP + 4, start: lanes.start, end: lanes.start + Math.max(1, lanes.count) * lanes.step };
}

export function xOf(geometry: TimelineGeometry, time: number): number {
  return geometry.left + ((time - geometry.start) / (geometry.end - geometry.start)) * (geometry.right - geometry.left);
}

export function timeAt(geometry: TimelineGeometry, x: number): number {
  const clamped = Math.min(geometry.right, Math.max(geometry.left, x));
  return geometry.start + ((clamped - geometry.left) / (geometry.right - geometry.left)) * (geometry.end - geometry.start);
}

export function laneAt(geometry: TimelineGeometry, y: number): LaneId | undefined {
  return geometry.lanes.find((lane) => y >= lane.top && y < lane.top + lane.height)?.id;
}

/** The drawn bucket under x, or undefined outside the plot. */
export function bucketAt(geometry: TimelineGeometry, lanes: TimelineLanes, x: number): number | undefined {
  if (x < geometry.left || x > geometry.right || lanes.count === 0) return undefined;
  return Math.min(lanes.count - 1, Math.floor((timeAt(geometry, x) - lanes.start) / lanes.step));
}

/** The marker nearest to x within MARKER_HIT pixels, by index in `model.markers`. */
export function markerAt(geometry: TimelineGeometry, markers: TimelineModel['markers'], x: number): number | undefined {
  let best: number | undefined;
  let bestDistance = MARKER_HIT + 0.5;
  const times = markerTimes(markers);
  for (let i = 0; i < times.length; i++) {
    const distance = Math.abs(xOf(geometry, times[i]!) - x);
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  }
  return best;
}

const timesOf = new WeakMap<TimelineModel['markers'], Float64Array>();

/** The markers' times in epoch seconds, parsed once per model (each draw and each hover read them). */
export function markerTimes(markers: TimelineModel['markers']): Float64Array {
  let times = timesOf.get(markers);
  if (times === undefined) {
    times = new Float64Array(markers.length);
    markers.forEach((marker, i) => (times![i] = Date.parse(marker.at) / 1000));
    timesOf.set(markers, times);
  }
  return times;
}

/** Axis ticks: a round step (1 min … 1 day) giving labels at least `minGap` pixels apart, and their times. */
export function axisTicks(geometry: TimelineGeometry, minGap = 90): { step: number; times: number[] } {
  const span = geometry.end - geometry.start;
  const pixels = geometry.right - geometry.left;
  const steps = [60, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800];
  const step = steps.find((s) => (s / span) * pixels >= minGap) ?? steps[steps.length - 1]!;
  const times: number[] = [];
  for (let t = Math.ceil(geometry.start / step) * step; t <= geometry.end; t += step) times.push(t);
  return { step, times };
}

/** `14:05` (UTC), with the date when the step is a day or more or the tick is midnight. */
export function tickLabel(time: number, step: number): string {
  const iso = new Date(time * 1000).toISOString();
  const clock = iso.slice(11, 16);
  return step >= 86_400 || clock === '00:00' ? `${iso.slice(5, 10)} ${clock}` : clock;
}

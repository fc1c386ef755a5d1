import type { TimelineModel } from '../../../shared/analysis/timeline/index.ts';
import { formatCount, formatDuration } from '../../../shared/base/format.ts';
import { STATUS_ORDER, statusPalette, type ColorScheme } from '../../components/status-colors.ts';
import { axisTicks, markerTimes, tickLabel, xOf, type LaneBox, type TimelineGeometry } from './timeline-geometry.ts';
import { drawLine, laneFrame, stepText, THEME } from './timeline-paint.ts';
import { drawGatewayLane, drawTraceOverheadLane } from './timeline-draw-gateway.ts';

/**
 * Draws the timeline on a 2D canvas: requests per bucket as bars stacked by status, latency
 * p50 / p90 / p99 as lines, the change lane's markers coloured by kind (a count on a burst), the
 * onsets as dashed lines across the lanes, and the time axis (the brushed range, the hover line
 * and the tooltip are elements over it: use-pointer-overlay.ts).
 * Everything drawn comes from the worker's model; this only maps it to pixels.
 */
export interface DrawState {
  readonly scheme: ColorScheme;
  readonly selectedEvent: string | undefined;
  /** The onsets to mark: those of the series drawn (a node's or a call's). */
  readonly onsets: readonly Pick<TimelineModel['onsets'][number], 'at' | 'kind'>[];
}


/** A colour per change family (aws-reference.md §6), the same in both schemes' contrast range. */
export const KIND_COLORS: Readonly<Record<string, Readonly<Record<ColorScheme, string>>>> = {
  lambda: { light: '#d35400', dark: '#ffa040' },
  apigateway: { light: '#6a1b9a', dark: '#ce93d8' },
  iam: { light: '#00695c', dark: '#4db6ac' },
  ec2: { light: '#455a64', dark: '#b0bec5' },
  dynamodb: { light: '#1565c0', dark: '#64b5f6' },
};
const OTHER_KIND = { light: '#6d4c41', dark: '#bcaaa4' };

export function kindColor(kind: string, scheme: ColorScheme): string {
  return (KIND_COLORS[kind] ?? OTHER_KIND)[scheme];
}

function drawRequests(ctx: CanvasRenderingContext2D, g: TimelineGeometry, lane: LaneBox, model: TimelineModel, scheme: ColorScheme): void {
  const { lanes } = model;
  let max = 0;
  for (let b = 0; b < lanes.count; b++) {
    const at = b * 4;
    max = Math.max(max, lanes.counts[at]! + lanes.counts[at + 1]! + lanes.counts[at + 2]! + lanes.counts[at + 3]!);
  }
  laneFrame(ctx, g, lane, `Traced requests per ${stepText(lanes.step)}${model.sampled ? ' (a sample: X-Ray samples)' : ''} · max ${formatCount(max)}`, scheme);
  if (max === 0) return;
  const palette = statusPalette(scheme);
  const plotTop = lane.top + 20;
  const plotHeight = lane.height - 22;
  const barWidth = Math.max(1, ((g.right - g.left) / lanes.count) * 0.85);
  // Status by status, so the fill colour is set four times, not per bar (rectangles stay
  // rectangles: one path of thousands of them rasterised ten times slower). Worst on top:
  // faults are what a person looks for.
  const c = lanes.counts;
  STATUS_ORDER.forEach((status, s) => {
    ctx.fillStyle = palette[status];
    for (let b = 0; b < lanes.count; b++) {
      const count = c[b * 4 + s]!;
      if (count === 0) continue;
      let below = 0;
      for (let under = 0; under < s; under++) below += c[b * 4 + under]!;
      const h = (count / max) * plotHeight;
      ctx.fillRect(xOf(g, lanes.start + b * lanes.step), plotTop + plotHeight - (below / max) * plotHeight - h, barWidth, Math.max(h, 1));
    }
  });
}

function drawLatency(ctx: CanvasRenderingContext2D, g: TimelineGeometry, lane: LaneBox, model: TimelineModel, scheme: ColorScheme): void {
  const { lanes } = model;
  let max = 0;
  for (const value of lanes.p99) if (Number.isFinite(value)) max = Math.max(max, value);
  laneFrame(ctx, g, lane, `Latency p50 · p90 · p99 · max ${formatDuration(max)}`, scheme);
  if (max === 0) return;
  const theme = THEME[scheme];
  drawLine(ctx, g, lane, lanes, lanes.p50, max, theme.p50);
  drawLine(ctx, g, lane, lanes, lanes.p90, max, theme.p90);
  drawLine(ctx, g, lane, lanes, lanes.p99, max, theme.p99);
}

function drawChanges(ctx: CanvasRenderingContext2D, g: TimelineGeometry, lane: LaneBox, model: TimelineModel, state: DrawState): void {
  const { readOnly, failed, notConfig } = model.hidden;
  laneFrame(ctx, g, lane, `Configuration changes · ${formatCount(model.markers.length)} markers · off the lane: ${formatCount(readOnly)} read-only, ${formatCount(failed)} failed, ${formatCount(notConfig)} other`, state.scheme);
  const mid = lane.top + lane.height / 2 + 6;
  // One path per colour, filled once: a month's lane has ~1,800 markers, and a fill per marker
  // was most of the first paint's draw. A diamond the same colour as one already drawn within a
  // quarter pixel of it adds nothing. The selected marker is drawn last, over the others.
  const byColor = new Map<string, { path: Path2D; at: Set<number> }>();
  const labels: { x: number; text: string }[] = [];
  let chosen: { x: number; color: string } | undefined;
  const times = markerTimes(model.markers);
  model.markers.forEach((marker, i) => {
    const x = xOf(g, times[i]!);
    const color = kindColor(marker.kind, state.scheme);
    if (state.selectedEvent !== undefined && chosen === undefined && marker.eventIds.includes(state.selectedEvent)) chosen = { x, color };
    let drawn = byColor.get(color);
    if (drawn === undefined) byColor.set(color, (drawn = { path: new Path2D(), at: new Set() }));
    const cell = Math.round(x * 4);
    if (!drawn.at.has(cell)) {
      drawn.at.add(cell);
      diamond(drawn.path, x, mid, 5);
    }
    if (marker.count > 1) labels.push({ x: x + 7, text: `×${marker.count}` });
  });
  // The bursts' counts beside the markers, only where one fits before the next label: where
  // markers crowd, overlapping counts could not be read (the tooltip has every marker's count).
  if (labels.length > 0) {
    ctx.fillStyle = THEME[state.scheme].text;
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const digit = ctx.measureText('0').width;
    let free = -Infinity;
    for (const label of labels) {
      const end = label.x + label.text.length * digit;
      if (label.x < free || end > g.right) continue;
      ctx.fillText(label.text, label.x, mid);
      free = end + 4;
    }
  }
  for (const [color, { path }] of byColor) {
    ctx.fillStyle = color;
    ctx.fill(path);
  }
  if (chosen) {
    const path = new Path2D();
    diamond(path, chosen.x, mid, 7);
    ctx.fillStyle = chosen.color;
    ctx.fill(path);
    ctx.strokeStyle = THEME[state.scheme].text;
    ctx.lineWidth = 2;
    ctx.stroke(path);
    ctx.lineWidth = 1;
  }
}

/** A marker's diamond of half-width `r` at (x, y), added to `path`. */
function diamond(path: Path2D, x: number, y: number, r: number): void {
  path.moveTo(x, y - r);
  path.lineTo(x + r, y);
  path.lineTo(x, y + r);
  path.lineTo(x - r, y);
  path.closePath();
}

/** From the top of the first lane to the bottom of the last. */
export function laneSpan(g: TimelineGeometry): { top: number; bottom: number } {
  return { top: g.lanes[0]!.top, bottom: g.lanes[g.lanes.length - 1]!.top + g.lanes[g.lanes.length - 1]!.height };
}

/** The onsets as dashed lines across the lanes, from `top` to `bottom` (each pass draws its own bands). */
function drawOnsets(ctx: CanvasRenderingContext2D, g: TimelineGeometry, state: Omit<DrawState, 'selectedEvent'>, top: number, bottom: number): void {
  if (bottom <= top) return;
  const theme = THEME[state.scheme];
  const palette = statusPalette(state.scheme);
  ctx.setLineDash([4, 3]);
  for (const onset of state.onsets) {
    const x = Math.round(xOf(g, Date.parse(onset.at) / 1000)) + 0.5;
    ctx.strokeStyle = onset.kind === 'latency' ? theme.p99 : palette[onset.kind];
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

function drawAxis(ctx: CanvasRenderingContext2D, g: TimelineGeometry, scheme: ColorScheme): void {
  const { step, times } = axisTicks(g);
  ctx.fillStyle = THEME[scheme].muted;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  for (const t of times) {
    // Kept inside the canvas: the first and last labels would be cut at its edges.
    const x = Math.min(g.right - 16, Math.max(g.left + 16, xOf(g, t)));
    ctx.fillText(tickLabel(t, step), x, g.axisTop);
  }
  ctx.textAlign = 'start';
}

/**
 * The timeline is drawn in two passes on one canvas, a frame apart (one frame of both, with the
 * raster of the whole canvas, was a main-thread task over 50 ms): drawLanes paints everything but
 * the changes lane's band; drawMarks paints that band only (the markers, the selected one, the
 * onsets across it), and is all that runs again when the selection changes. Neither pass clears
 * the other's pixels, so a redraw never shows a blank band.
 */
export function drawLanes(ctx: CanvasRenderingContext2D, g: TimelineGeometry, model: TimelineModel, state: Omit<DrawState, 'selectedEvent'>): void {
  const band = marksBand(g);
  ctx.clearRect(0, 0, g.width, band.top);
  ctx.clearRect(0, band.bottom, g.width, g.height - band.bottom);
  for (const lane of g.lanes) {
    if (lane.id === 'requests') drawRequests(ctx, g, lane, model, state.scheme);
    else if (lane.id === 'latency') drawLatency(ctx, g, lane, model, state.scheme);
    else if (lane.id === 'overhead' && model.overhead) drawTraceOverheadLane(ctx, g, lane, model.overhead, state.scheme);
    else if (lane.id !== 'changes' && model.gateway) drawGatewayLane(ctx, g, lane, model.lanes, model.gateway, state.scheme);
  }
  const span = laneSpan(g);
  drawOnsets(ctx, g, state, span.top, Math.min(span.bottom, band.top));
  drawOnsets(ctx, g, state, Math.max(span.top, band.bottom), span.bottom);
  drawAxis(ctx, g, state.scheme);
}

/** The changes lane's band: the markers (the selected one over the others) and the onsets across it. */
export function drawMarks(ctx: CanvasRenderingContext2D, g: TimelineGeometry, model: TimelineModel, state: DrawState): void {
  const lane = g.lanes.find((box) => box.id === 'changes');
  if (!lane) return;
  ctx.clearRect(0, lane.top, g.width, lane.height);
  drawChanges(ctx, g, lane, model, state);
  drawOnsets(ctx, g, state, lane.top, lane.top + lane.height);
}

/** The rows of the canvas drawMarks owns (empty, below everything, without a changes lane). */
function marksBand(g: TimelineGeometry): { top: number; bottom: number } {
  const lane = g.lanes.find((box) => box.id === 'changes');
  return lane ? { top: lane.top, bottom: lane.top + lane.height } : { top: g.height, bottom: g.height };
}

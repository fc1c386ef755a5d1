import type { TimelineModel } from '../../../shared/analysis/timeline/index.ts';
import { formatCount, formatDuration } from '../../../shared/base/format.ts';
import { STATUS_ORDER, statusPalette, type ColorScheme } from '../../components/status-colors.ts';
import { axisTicks, tickLabel, xOf, type LaneBox, type TimelineGeometry } from './timeline-geometry.ts';
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
  for (let b = 0; b < lanes.count; b++) {
    const x = xOf(g, lanes.start + b * lanes.step);
    let y = plotTop + plotHeight;
    // Worst on top: faults are what a person looks for.
    for (const status of STATUS_ORDER) {
      const count = lanes.counts[b * 4 + STATUS_ORDER.indexOf(status)]!;
      if (count === 0) continue;
      const h = (count / max) * plotHeight;
      ctx.fillStyle = palette[status];
      ctx.fillRect(x, y - h, barWidth, Math.max(h, 1));
      y -= h;
    }
  }
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
  // was most of the first paint's draw. The selected marker is drawn last, over the others.
  const byColor = new Map<string, Path2D>();
  const labels: { x: number; text: string }[] = [];
  let chosen: { x: number; color: string } | undefined;
  for (const marker of model.markers) {
    const x = xOf(g, Date.parse(marker.at) / 1000);
    const color = kindColor(marker.kind, state.scheme);
    if (state.selectedEvent !== undefined && chosen === undefined && marker.eventIds.includes(state.selectedEvent)) chosen = { x, color };
    let path = byColor.get(color);
    if (path === undefined) byColor.set(color, (path = new Path2D()));
    diamond(path, x, mid, 5);
    if (marker.count > 1) labels.push({ x: x + 7, text: `×${marker.count}` });
  }
  // The bursts' counts under the markers: where markers crowd, the markers stay readable.
  if (labels.length > 0) {
    ctx.fillStyle = THEME[state.scheme].text;
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (const label of labels) ctx.fillText(label.text, label.x, mid);
  }
  for (const [color, path] of byColor) {
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

function drawOnsets(ctx: CanvasRenderingContext2D, g: TimelineGeometry, state: DrawState): void {
  const theme = THEME[state.scheme];
  const { top, bottom } = laneSpan(g);
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

/** Everything but the pointer's marks: the lanes, the markers, the onsets and the axis (drawn once per model, size and selection). */
export function drawTimeline(ctx: CanvasRenderingContext2D, g: TimelineGeometry, model: TimelineModel, state: DrawState): void {
  ctx.clearRect(0, 0, g.width, g.height);
  for (const lane of g.lanes) {
    if (lane.id === 'requests') drawRequests(ctx, g, lane, model, state.scheme);
    else if (lane.id === 'latency') drawLatency(ctx, g, lane, model, state.scheme);
    else if (lane.id === 'changes') drawChanges(ctx, g, lane, model, state);
    else if (lane.id === 'overhead' && model.overhead) drawTraceOverheadLane(ctx, g, lane, model.overhead, state.scheme);
    else if (model.gateway) drawGatewayLane(ctx, g, lane, model.lanes, model.gateway, state.scheme);
  }
  drawOnsets(ctx, g, state);
  drawAxis(ctx, g, state.scheme);
}

import type { GatewayLanes, TimelineLanes, TimelineModel } from '../../../shared/analysis/timeline/index.ts';
import { formatCount, formatDuration, formatPercent } from '../../../shared/base/format.ts';
import { statusPalette, type ColorScheme } from '../../components/status-colors.ts';
import { xOf, type LaneBox, type TimelineGeometry } from './timeline-geometry.ts';
import { drawLine, laneFrame, maxOf, plotArea, stepText, THEME } from './timeline-paint.ts';

/**
 * API Gateway's metric lanes: Count as bars with the traced requests over them (their ratio is the
 * effective sampling rate), Latency / IntegrationLatency / overhead as lines in milliseconds, and
 * 4XXError / 5XXError as bars. They are the gateway's own figures, not a sample.
 */
function bars(ctx: CanvasRenderingContext2D, g: TimelineGeometry, lane: LaneBox, axis: TimelineLanes, values: ArrayLike<number>, max: number, color: string, offset = 0, share = 0.85): void {
  const { top, height } = plotArea(lane);
  const width = Math.max(1, ((g.right - g.left) / axis.count) * share);
  ctx.fillStyle = color;
  for (let b = 0; b < values.length; b++) {
    const value = values[b]!;
    if (!(value > 0)) continue;
    const h = Math.max(1, (value / max) * height);
    ctx.fillRect(xOf(g, axis.start + b * axis.step) + offset * width, top + height - h, width, h);
  }
}

export function drawGatewayLane(ctx: CanvasRenderingContext2D, g: TimelineGeometry, lane: LaneBox, axis: TimelineLanes, gateway: GatewayLanes, scheme: ColorScheme): void {
  const theme = THEME[scheme];
  const v = gateway.values;
  if (lane.id === 'gatewayCount') {
    const max = maxOf(v.Count, v.traced);
    const rate = gateway.samplingRate === undefined ? '' : ` · traced ${formatPercent(gateway.samplingRate)} of them`;
    laneFrame(ctx, g, lane, `API Gateway ${gateway.label}: Count per ${stepText(axis.step)} (all requests, not a sample) · max ${formatCount(max)}${rate}`, scheme);
    if (max === 0) return;
    if (v.Count) bars(ctx, g, lane, axis, v.Count, max, theme.bar);
    if (v.traced) drawLine(ctx, g, lane, axis, v.traced, max, theme.p50);
    return;
  }
  if (lane.id === 'gatewayLatency') {
    const max = maxOf(v.Latency, v.IntegrationLatency);
    laneFrame(ctx, g, lane, `API Gateway Latency · IntegrationLatency · overhead (ms) · max ${formatCount(Math.round(max))} ms`, scheme);
    if (max === 0) return;
    if (v.Latency) drawLine(ctx, g, lane, axis, v.Latency, max, theme.p99);
    if (v.IntegrationLatency) drawLine(ctx, g, lane, axis, v.IntegrationLatency, max, theme.p90);
    if (v.overhead) drawLine(ctx, g, lane, axis, v.overhead, max, theme.muted);
    return;
  }
  const max = maxOf(v['4XXError'], v['5XXError']);
  laneFrame(ctx, g, lane, `API Gateway 4XXError · 5XXError per ${stepText(axis.step)} · max ${formatCount(max)}`, scheme);
  if (max === 0) return;
  const palette = statusPalette(scheme);
  if (v['4XXError']) bars(ctx, g, lane, axis, v['4XXError'], max, palette.error, 0, 0.42);
  if (v['5XXError']) bars(ctx, g, lane, axis, v['5XXError'], max, palette.fault, 1, 0.42);
}

/** A stage's overhead from its traces (stage segment − integration subsegment, per request): p50, p90, p99 per bucket. */
export function drawTraceOverheadLane(ctx: CanvasRenderingContext2D, g: TimelineGeometry, lane: LaneBox, overhead: NonNullable<TimelineModel['overhead']>, scheme: ColorScheme): void {
  const { lanes } = overhead;
  const max = maxOf(lanes.p99);
  laneFrame(ctx, g, lane, `Gateway overhead of ${overhead.stage} from traces (stage − integration) p50 · p90 · p99 · max ${formatDuration(max)}`, scheme);
  if (max === 0) return;
  const theme = THEME[scheme];
  drawLine(ctx, g, lane, lanes, lanes.p50, max, theme.p50);
  drawLine(ctx, g, lane, lanes, lanes.p90, max, theme.p90);
  drawLine(ctx, g, lane, lanes, lanes.p99, max, theme.p99);
}

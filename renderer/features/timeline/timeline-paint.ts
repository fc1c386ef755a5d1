import type { ColorScheme } from '../../components/status-colors.ts';
import { xOf, type LaneBox, type TimelineGeometry } from './timeline-geometry.ts';

/** What every lane of the timeline's canvas is drawn with: the scheme's colours, a lane's frame and label, a line and bars over the buckets. */
export const THEME = {
  light: { text: '#1c2430', muted: '#5b6675', grid: '#e3e7ec', lane: '#ffffff', p50: '#1f5fbf', p90: '#7a4fc9', p99: '#c2185b', bar: '#c9d1db', brush: 'rgb(31 95 191 / 14%)', hover: '#5b6675' },
  dark: { text: '#e3e8ef', muted: '#9aa6b5', grid: '#2a323d', lane: '#1c222a', p50: '#6ea8ff', p90: '#b39dff', p99: '#f48fb1', bar: '#3d4756', brush: 'rgb(110 168 255 / 18%)', hover: '#9aa6b5' },
} as const;

/** `minute`, `5 min`, `hour`, `3 h`, `day`: a bucket's width in words. */
export function stepText(seconds: number): string {
  if (seconds === 60) return 'minute';
  if (seconds === 3600) return 'hour';
  if (seconds === 86_400) return 'day';
  return seconds < 3600 ? `${seconds / 60} min` : seconds < 86_400 ? `${seconds / 3600} h` : `${seconds / 86_400} days`;
}

export function laneFrame(ctx: CanvasRenderingContext2D, g: TimelineGeometry, lane: LaneBox, label: string, scheme: ColorScheme): void {
  const theme = THEME[scheme];
  ctx.fillStyle = theme.lane;
  ctx.fillRect(g.left, lane.top, g.right - g.left, lane.height);
  ctx.strokeStyle = theme.grid;
  ctx.strokeRect(g.left + 0.5, lane.top + 0.5, g.right - g.left - 1, lane.height - 1);
  ctx.fillStyle = theme.muted;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.fillText(label, g.left + 6, lane.top + 4);
}

/** The plotted area of a lane, below its label. */
export function plotArea(lane: LaneBox): { top: number; height: number } {
  return { top: lane.top + 20, height: lane.height - 24 };
}

/** Values over buckets (NaN breaks the line) scaled to `max` in the lane's plot area. */
export function drawLine(ctx: CanvasRenderingContext2D, g: TimelineGeometry, lane: LaneBox, axis: { start: number; step: number }, values: ArrayLike<number>, max: number, color: string): void {
  const { top, height } = plotArea(lane);
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  let drawing = false;
  for (let b = 0; b < values.length; b++) {
    const value = values[b]!;
    if (!Number.isFinite(value)) {
      drawing = false;
      continue;
    }
    const x = xOf(g, axis.start + b * axis.step + axis.step / 2);
    const y = top + height - (Math.max(0, value) / max) * height;
    if (drawing) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    drawing = true;
  }
  ctx.stroke();
  ctx.lineWidth = 1;
}

/** The largest finite value (0 when none). */
export function maxOf(...arrays: (ArrayLike<number> | undefined)[]): number {
  let max = 0;
  for (const values of arrays) {
    if (values === undefined) continue;
    for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!) && values[i]! > max) max = values[i]!;
  }
  return max;
}

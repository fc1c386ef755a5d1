import { errorRate, type HealthCounts, type LatencySummary } from './latency.ts';

/**
 * The short texts drawn on the service map, made in the worker with the layout (their widths
 * size the layout's boxes): counts with thousands separators, durations in one unit, percentages.
 */

/** 100000 → `100,000`. */
export function countText(count: number): string {
  return String(Math.round(count)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Seconds → `850 µs`, `45 ms`, `4.5 ms`, `1.25 s`, `2.5 min`. */
export function durationText(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '–';
  const abs = Math.abs(seconds);
  if (abs < 0.001) return `${Math.round(seconds * 1e6)} µs`;
  if (abs < 0.01) return `${round(seconds * 1000, 1)} ms`;
  if (abs < 1) return `${Math.round(seconds * 1000)} ms`;
  if (abs < 60) return `${round(seconds, abs < 10 ? 2 : 1)} s`;
  return `${round(seconds / 60, 1)} min`;
}

/** 0.0213 → `2.1%`; tiny non-zero rates are `<0.1%`. */
export function percentText(rate: number | undefined): string {
  if (rate === undefined || !Number.isFinite(rate)) return '–';
  if (rate === 0) return '0%';
  if (rate < 0.001) return '<0.1%';
  const percent = rate * 100;
  return `${round(percent, percent < 10 ? 1 : 0)}%`;
}

function round(value: number, digits: number): string {
  return Number(value.toFixed(digits)).toString();
}

/** The two lines of an edge label: requests (`req`) and error rate; mean and p99 latency. Short, as the map is wide. */
export function edgeLabelLines(health: HealthCounts, latency: LatencySummary): readonly [string, string] {
  if (health.total === 0) return ['no completed requests', ''];
  const requests = `${countText(health.total)} req`;
  const timing = latency.mean !== undefined ? `avg ${durationText(latency.mean)}${latency.p99 !== undefined ? ` · p99 ${durationText(latency.p99)}` : ''}` : '';
  return [`${requests} · ${percentText(errorRate(health))} err`, timing];
}

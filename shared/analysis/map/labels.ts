import { formatCount, formatDuration, formatPercent } from '../../base/format.ts';
import { errorRate, type HealthCounts, type LatencySummary } from './latency.ts';

/**
 * The short texts drawn on the service map, made in the worker with the layout (their widths
 * size the layout's boxes), with the one set of formatters (shared/base/format.ts).
 */

/** The two lines of an edge label: requests (`req`) and error rate; mean and p99 latency. Short, as the map is wide. */
export function edgeLabelLines(health: HealthCounts, latency: LatencySummary): readonly [string, string] {
  if (health.total === 0) return ['no completed requests', ''];
  const requests = `${formatCount(health.total)} req`;
  const timing = latency.mean !== undefined ? `avg ${formatDuration(latency.mean)}${latency.p99 !== undefined ? ` · p99 ${formatDuration(latency.p99)}` : ''}` : '';
  return [`${requests} · ${formatPercent(errorRate(health))} err`, timing];
}

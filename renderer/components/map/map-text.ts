import { formatCount, formatDuration, formatPercent } from '../../../shared/base/format.ts';
import { typeText, type HealthCounts, type MapEdgeView, type MapNodeView } from '../../../shared/analysis/map/index.ts';

/** Sentences about nodes and edges for assistive tech and tooltips (all data shown as text). */

export function healthSentence(health: HealthCounts): string {
  if (health.total === 0) return 'no completed requests';
  const parts = [`${formatCount(health.total)} ${health.total === 1 ? 'request' : 'requests'}`];
  if (health.fault > 0) parts.push(`${formatPercent(health.fault / health.total)} faults (5xx)`);
  if (health.throttle > 0) parts.push(`${formatPercent(health.throttle / health.total)} throttled (429)`);
  if (health.error > 0) parts.push(`${formatPercent(health.error / health.total)} errors (4xx)`);
  if (health.fault + health.throttle + health.error === 0) parts.push('all OK');
  return parts.join(', ');
}

export function nodeDescription(node: MapNodeView): string {
  const parts = [typeText(node.type)];
  if (node.inferred) parts.push('inferred');
  if (!node.client) parts.push(healthSentence(node.health));
  if (!node.client && node.latency.mean !== undefined) parts.push(`average ${formatDuration(node.latency.mean)}`);
  if (node.changeCount > 0) parts.push(`${node.changeCount} configuration ${node.changeCount === 1 ? 'change' : 'changes'} in the window`);
  return parts.join('; ');
}

export function edgeName(edge: MapEdgeView, names: ReadonlyMap<string, string>): string {
  return `${names.get(edge.source) ?? edge.source} → ${names.get(edge.target) ?? edge.target}`;
}

export function edgeDescription(edge: MapEdgeView): string {
  const parts = [healthSentence(edge.health)];
  if (edge.latency.mean !== undefined) parts.push(`average ${formatDuration(edge.latency.mean)}`);
  if (edge.latency.p99 !== undefined) parts.push(`p99 ${formatDuration(edge.latency.p99)}`);
  if (edge.edgeType) parts.push(`${edge.edgeType} edge`);
  return parts.join('; ');
}

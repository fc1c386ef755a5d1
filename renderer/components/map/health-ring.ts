import type { HealthCounts } from '../../../shared/analysis/map/index.ts';
import { STATUS_ORDER, type RequestStatus } from '../status-colors.ts';

/**
 * The arcs of a node's health ring: one per status with requests (ok, 4xx, 429, 5xx, clockwise
 * from twelve o'clock), drawn as dashes of one stroked circle — `length` along the circle and
 * `offset` from the start. Shares that would be thinner than `minimum` are widened to it so a
 * handful of faults stays visible; the others give the room back in proportion to theirs.
 */
export interface RingArc {
  readonly status: RequestStatus;
  readonly share: number;
  readonly length: number;
  readonly offset: number;
}

export function statusCount(health: HealthCounts, status: RequestStatus): number {
  return status === 'ok' ? health.ok : status === 'error' ? health.error : status === 'throttle' ? health.throttle : health.fault;
}

export function ringArcs(health: HealthCounts, radius: number, minimum = 2): readonly RingArc[] {
  const circumference = 2 * Math.PI * radius;
  const counted = STATUS_ORDER.reduce((sum, status) => sum + statusCount(health, status), 0);
  if (counted <= 0) return [];
  const shares = STATUS_ORDER.map((status) => ({ status, share: statusCount(health, status) / counted })).filter((entry) => entry.share > 0);
  const raw = shares.map((entry) => entry.share * circumference);
  const widened = raw.map((length) => Math.max(length, minimum));
  const excess = widened.reduce((sum, length) => sum + length, 0) - circumference;
  // Taken back from the arcs above the minimum, in proportion to their room above it.
  const room = widened.reduce((sum, length) => sum + (length - minimum), 0);
  let offset = 0;
  return shares.map((entry, i) => {
    const base = widened[i]!;
    const length = excess > 0 && room > 0 ? base - (excess * (base - minimum)) / room : base;
    const arc = { status: entry.status, share: entry.share, length, offset };
    offset += length;
    return arc;
  });
}

import type { EdgeStats } from '../../model/service-graph.ts';
import type { Span } from '../../model/trace.ts';
import { statusOf, type RequestStatus } from '../../model/status.ts';
import type { XRayEdgeStatistics, XRayHistogramEntry } from '../../model/xray.ts';

/**
 * Request counts and response times of a node or edge, in X-Ray's terms (aws-reference.md §2
 * GetServiceGraph): ok, error (4xx other than throttles), throttle (429), fault (5xx), and the
 * sum of response times. A span counts once, by its status (model/status.ts `statusOf`).
 */
export class StatsAccumulator {
  total = 0;
  ok = 0;
  error = 0;
  throttle = 0;
  fault = 0;
  totalResponseTime = 0;
  private durations: number[] | undefined;
  private histogram: Map<number, number> | undefined;

  /** Counts one completed span (callers skip in-progress ones): its flags and `end - start`. */
  addSpan(span: Span, end: number): void {
    this.addRequest(statusOf(span), end - span.start);
  }

  /** Counts one completed request of `status` that took `duration` seconds. */
  addRequest(status: RequestStatus, duration: number): void {
    this.total++;
    if (status === 'ok') this.ok++;
    else if (status === 'fault') this.fault++;
    else if (status === 'throttle') this.throttle++;
    else this.error++;
    this.totalResponseTime += duration;
    (this.durations ??= []).push(duration);
  }

  /** Adds X-Ray's SummaryStatistics (numbers that are not finite count as 0). */
  addStatistics(statistics: XRayEdgeStatistics | undefined): void {
    if (typeof statistics !== 'object' || statistics === null) return;
    const errors = typeof statistics.ErrorStatistics === 'object' && statistics.ErrorStatistics !== null ? statistics.ErrorStatistics : {};
    const faults = typeof statistics.FaultStatistics === 'object' && statistics.FaultStatistics !== null ? statistics.FaultStatistics : {};
    const ok = count(statistics.OkCount);
    const throttle = count(errors.ThrottleCount);
    const error = count(errors.OtherCount);
    const fault = count(faults.TotalCount);
    this.ok += ok;
    this.throttle += throttle;
    this.error += error;
    this.fault += fault;
    const total = statistics.TotalCount;
    this.total += typeof total === 'number' && Number.isFinite(total) ? total : ok + throttle + error + fault;
    this.totalResponseTime += count(statistics.TotalResponseTime);
  }

  /** Merges a histogram into this one, summing the counts of equal values. */
  addHistogram(entries: readonly XRayHistogramEntry[] | undefined): void {
    if (!Array.isArray(entries)) return;
    const histogram = (this.histogram ??= new Map());
    for (const entry of entries as readonly unknown[]) {
      if (typeof entry !== 'object' || entry === null) continue;
      const { Value: value, Count: amount } = entry as Partial<XRayHistogramEntry>;
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      histogram.set(value, (histogram.get(value) ?? 0) + count(amount));
    }
  }

  toStats(): EdgeStats {
    const stats: EdgeStats = {
      total: this.total,
      ok: this.ok,
      error: this.error,
      throttle: this.throttle,
      fault: this.fault,
      totalResponseTime: this.totalResponseTime,
    };
    if (this.durations !== undefined) return { ...stats, durations: this.durations };
    if (this.histogram !== undefined) {
      const histogram = [...this.histogram].sort((a, b) => a[0] - b[0]).map(([value, amount]) => ({ value, count: amount }));
      return { ...stats, histogram };
    }
    return stats;
  }
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

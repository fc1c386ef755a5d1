import type { Trace } from '../../model/trace.ts';
import { statusOf } from '../../model/status.ts';
import { gatewayOverheadOf, isApiGatewayStage } from '../trace/index.ts';
import type { Buckets } from './buckets.ts';
import { Collector, type RequestSeries } from './request-series.ts';

/**
 * API Gateway's own time per request, from the traces: for every stage segment, its duration
 * minus its integration subsegment's (gatewayOverheadOf, the waterfall's figure; aws-reference.md
 * §3 "API Gateway stage"), per bucket of the request's start — one series per stage, named as
 * X-Ray names the stage's node (`{api name}/{stage}`). The durations of these series are the
 * overheads; the counts are the requests that had one, by the stage segment's status. A stage
 * with no integration subsegment, or in progress, has no overhead and is not counted.
 */
export interface OverheadSeries extends RequestSeries {
  /** The stage node's name, `orders-api/prod`. */
  readonly stage: string;
}

export class OverheadCollectors {
  private readonly byStage = new Map<string, Collector>();

  constructor(private readonly buckets: Buckets) {}

  add(trace: Trace): void {
    const { spans } = trace;
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i]!;
      if (!isApiGatewayStage(span)) continue;
      const { overhead } = gatewayOverheadOf(trace, i);
      if (overhead === undefined) continue;
      let collector = this.byStage.get(span.name);
      if (collector === undefined) this.byStage.set(span.name, (collector = new Collector(this.buckets, `overhead:${span.name}`, 'overhead', {})));
      // A clock difference can make the integration look longer than its stage: no negative overhead.
      collector.add(statusOf(span), span.start, Math.max(0, overhead));
    }
  }

  finish(): OverheadSeries[] {
    return [...this.byStage].map(([stage, collector]) => ({ ...collector.finish(), stage })).sort((a, b) => b.total - a.total || (a.stage < b.stage ? -1 : 1));
  }
}

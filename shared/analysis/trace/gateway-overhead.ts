import type { WaterfallSpan, WaterfallTrace } from './waterfall-trace.ts';

/**
 * Gateway overhead of an API Gateway stage segment (aws-reference.md §3 "API Gateway stage"):
 * (stage segment duration) − (integration subsegment duration), which approximates CloudWatch's
 * `Latency − IntegrationLatency`. Appendix B: 0.261 s − 0.244 s = 17 ms.
 *
 * The integration is a direct subsegment of the stage segment (of the same document): `Lambda`
 * with `aws.operation: "Invoke"` for Lambda integrations, a subsegment with `http.request.url` for
 * HTTP ones, an AWS call (`namespace: "aws"`) for service integrations. We know of no
 * other subsegment API Gateway records there, so any direct subsegment is a candidate. When there are
 * several — a Lambda authorizer is invoked before the integration — the integration is the one
 * that starts last (on a tie, the longer), and everything else counts as overhead. That choice
 * is a heuristic (the reference says so too), not something AWS documents.
 */
export interface GatewayOverhead {
  /** Index of the stage segment. */
  readonly stage: number;
  /** Index of the integration subsegment; undefined when the stage has none. */
  readonly integration: number | undefined;
  /** Seconds; undefined while the stage is in progress. */
  readonly stageDuration: number | undefined;
  readonly integrationDuration: number | undefined;
  /** stageDuration − integrationDuration in seconds; undefined when either is unknown. */
  readonly overhead: number | undefined;
}

/** Each origin seen, and whether it names a stage: a few distinct strings, asked of every segment of every trace. */
const STAGE_ORIGIN = new Map<string, boolean>();

export function isApiGatewayStage(span: WaterfallSpan): boolean {
  const origin = span.origin;
  if (span.kind === 'subsegment' || origin === undefined) return false;
  let stage = STAGE_ORIGIN.get(origin);
  if (stage === undefined) {
    stage = origin.toLowerCase() === 'aws::apigateway::stage';
    if (STAGE_ORIGIN.size < 256) STAGE_ORIGIN.set(origin, stage);
  }
  return stage;
}

function duration(span: WaterfallSpan): number | undefined {
  return span.end === undefined ? undefined : span.end - span.start;
}

/** The overhead of the stage segment at index `stage` (which must be an API Gateway stage). */
export function gatewayOverheadOf(trace: WaterfallTrace, stage: number): GatewayOverhead {
  const stageSpan = trace.spans[stage]!;
  let integration: number | undefined;
  for (let c = stage + 1; c < stage + trace.size[stage]!; c += trace.size[c]!) {
    const child = trace.spans[c]!;
    if (child.kind !== 'subsegment' || child.segmentId !== stageSpan.id) continue;
    if (integration === undefined) {
      integration = c;
      continue;
    }
    const best = trace.spans[integration]!;
    const later = child.start > best.start || (child.start === best.start && (duration(child) ?? Infinity) > (duration(best) ?? Infinity));
    if (later) integration = c;
  }
  const stageDuration = duration(stageSpan);
  const integrationDuration = integration === undefined ? undefined : duration(trace.spans[integration]!);
  const overhead = stageDuration !== undefined && integrationDuration !== undefined ? stageDuration - integrationDuration : undefined;
  return { stage, integration, stageDuration, integrationDuration, overhead };
}

/** One entry per API Gateway stage segment of the trace, in span order. */
export function findGatewayOverheads(trace: WaterfallTrace): GatewayOverhead[] {
  const out: GatewayOverhead[] = [];
  for (let i = 0; i < trace.spans.length; i++) {
    if (isApiGatewayStage(trace.spans[i]!)) out.push(gatewayOverheadOf(trace, i));
  }
  return out;
}

import type { XRaySegmentDocument, XRaySubsegmentDocument } from '../model/index.ts';
import { inferredRemoteSegment, inferredSdkSegment, remoteSubsegment, sdkSubsegment } from './call-builders.ts';
import type { SdkCall } from './call-builders.ts';
import type { Random } from './random.ts';
import { causeOf, exceptionOf } from './segment-builders.ts';
import { dynamoRequestId, segmentId } from './topology.ts';
import type { Topology } from './topology.ts';

/**
 * The downstream calls the orders function makes, with their latency and failure model. Every
 * call yields the client subsegment (under Invocation) and the segment X-Ray infers for it.
 */

export const THROTTLE_EXCEPTION = 'ProvisionedThroughputExceededException';
export const THROTTLE_MESSAGE =
  'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.';

/** The DynamoDB operations the routes use. */
export type DynamoOperation = 'GetItem' | 'Query' | 'PutItem' | 'UpdateItem';

export interface CallContext {
  readonly random: Random;
  readonly topology: Topology;
  readonly traceId: string;
  /** How much slower the function's CPU is than at the reference memory (1 = same). */
  readonly slowdown: number;
}

export interface CallResult {
  readonly subsegment: XRaySubsegmentDocument;
  readonly inferred: XRaySegmentDocument;
  /** Epoch milliseconds when the call returned. */
  readonly endMs: number;
  /** The call finally failed with a DynamoDB throttle (retries exhausted). */
  readonly throttled: boolean;
  /** HTTP status the callee answered with. */
  readonly status: number;
}

const seconds = (ms: number): number => ms / 1000;

/** Client-side SDK work (signing, serialising) runs on the function's CPU. */
function sdkCpuMs(ctx: CallContext): number {
  return Math.max(1, Math.round(ctx.random.logNormal(1.2, 0.3) * ctx.slowdown));
}

const DYNAMO_RESPONSE_BYTES: Readonly<Record<DynamoOperation, readonly [number, number]>> = {
  GetItem: [180, 640],
  Query: [900, 5200],
  PutItem: [2, 2],
  UpdateItem: [2, 64],
};

/**
 * A DynamoDB call. With probability `throttleProbability` the table throttles it: the SDK
 * retries with backoff and either succeeds (retries 1–2, status 200) or gives up after 2 retries
 * (status 400, error + throttle + cause), as the X-Ray SDK for Node records it.
 */
export function dynamoCall(ctx: CallContext, operation: DynamoOperation, startMs: number, throttleProbability: number, notFound = false): CallResult {
  const { random, topology } = ctx;
  const attemptMs = (): number => Math.max(2, Math.round(random.logNormal(7, 0.35)));
  let durationMs = sdkCpuMs(ctx) + attemptMs();
  let retries = 0;
  let throttled = false;
  if (random.chance(throttleProbability)) {
    throttled = random.chance(0.45);
    retries = throttled ? 2 : random.int(1, 2);
    for (let attempt = 0; attempt < retries; attempt++) durationMs += random.int(5, 50 * 2 ** (attempt + 1)) + attemptMs();
  }
  const [minBytes, maxBytes] = DYNAMO_RESPONSE_BYTES[operation];
  const call: SdkCall = {
    id: segmentId(random),
    service: 'DynamoDB',
    interval: { start: seconds(startMs), end: seconds(startMs + durationMs) },
    operation,
    region: topology.region,
    requestId: dynamoRequestId(random),
    retries,
    status: throttled ? 400 : 200,
    contentLength: throttled ? 211 : notFound ? 2 : random.int(minBytes, maxBytes),
    resource: { table_name: topology.tableName },
    ...(throttled
      ? { flags: { error: true, throttle: true }, cause: causeOf([exceptionOf(random.hex(16), THROTTLE_EXCEPTION, THROTTLE_MESSAGE, true)]) }
      : {}),
  };
  return {
    subsegment: sdkSubsegment(call),
    inferred: inferredSdkSegment(segmentId(random), ctx.traceId, call),
    endMs: startMs + durationMs,
    throttled,
    status: call.status,
  };
}

/** A call that always succeeds (SQS, SNS): CPU time plus a log-normal wait around `medianMs`. */
function plainSdkCall(ctx: CallContext, startMs: number, shape: { service: 'SQS' | 'SNS'; operation: string; medianMs: number; minMs: number; contentLength: number; resource: SdkCall['resource'] }): CallResult {
  const { random, topology } = ctx;
  const durationMs = sdkCpuMs(ctx) + Math.max(shape.minMs, Math.round(random.logNormal(shape.medianMs, 0.3)));
  const call: SdkCall = {
    id: segmentId(random),
    service: shape.service,
    interval: { start: seconds(startMs), end: seconds(startMs + durationMs) },
    operation: shape.operation,
    region: topology.region,
    requestId: random.uuid(),
    retries: 0,
    status: 200,
    contentLength: shape.contentLength,
    resource: shape.resource,
  };
  return { subsegment: sdkSubsegment(call), inferred: inferredSdkSegment(segmentId(random), ctx.traceId, call), endMs: startMs + durationMs, throttled: false, status: 200 };
}

/** SQS SendMessage to the order-events queue. */
export function queueCall(ctx: CallContext, startMs: number): CallResult {
  return plainSdkCall(ctx, startMs, { service: 'SQS', operation: 'SendMessage', medianMs: 11, minMs: 3, contentLength: 378, resource: { queue_url: ctx.topology.queueUrl } });
}

/** SNS Publish to the order-notifications topic. */
export function topicCall(ctx: CallContext, startMs: number): CallResult {
  return plainSdkCall(ctx, startMs, { service: 'SNS', operation: 'Publish', medianMs: 17, minMs: 4, contentLength: 294, resource: { topic_arn: ctx.topology.topicArn } });
}

/** POST to the external payments API; about 2 % of charges are declined with 402. */
export function paymentCall(ctx: CallContext, startMs: number): CallResult {
  const { random, topology } = ctx;
  const declined = random.chance(0.02);
  const durationMs = sdkCpuMs(ctx) + Math.max(40, Math.round(random.logNormal(160, 0.3)));
  const remote = {
    id: segmentId(random),
    interval: { start: seconds(startMs), end: seconds(startMs + durationMs) },
    url: `https://${topology.externalHost}/v1/charges`,
    method: 'POST',
    status: declined ? 402 : 200,
    contentLength: declined ? random.int(120, 180) : random.int(520, 940),
    traced: false,
    ...(declined ? { flags: { error: true } } : {}),
  };
  return {
    subsegment: remoteSubsegment(remote),
    inferred: inferredRemoteSegment(segmentId(random), ctx.traceId, remote),
    endMs: startMs + durationMs,
    throttled: false,
    status: remote.status,
  };
}

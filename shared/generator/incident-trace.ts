import type { XRaySegmentDocument, XRaySubsegmentDocument } from '../model/index.ts';
import { dynamoCall, paymentCall, queueCall, THROTTLE_EXCEPTION, THROTTLE_MESSAGE, topicCall } from './incident-calls.ts';
import type { CallContext, CallResult } from './incident-calls.ts';
import type { Random } from './random.ts';
import { causeOf, exceptionOf, functionSegment, lambdaIntegrationSubsegment, lambdaServiceSegment, stageSegment } from './segment-builders.ts';
import { stageRuleName } from './sampling-rules.ts';
import { extendedRequestId, segmentId, traceIdAt } from './topology.ts';
import type { Topology } from './topology.ts';
import type { BatchGetTracesTrace } from './types.ts';

/**
 * One request through the orders system, as the trace X-Ray compiles for it: the stage segment
 * with its `Lambda` integration subsegment, the AWS::Lambda segment, the AWS::Lambda::Function
 * segment (Initialization on cold starts, Invocation with the SDK and HTTP calls, Overhead) and one
 * inferred segment per downstream call. All times are whole milliseconds.
 */

export interface RequestConditions {
  /** Memory of the execution environment that serves the request. */
  readonly memoryMb: number;
  /** Memory the latency model is calibrated at (the function's usual setting). */
  readonly referenceMemoryMb: number;
  readonly coldStart: boolean;
  /** Chance that one DynamoDB call is throttled. */
  readonly throttleProbability: number;
}

export interface TraceOutcome {
  readonly status: number;
  readonly route: string;
  readonly coldStart: boolean;
  readonly throttled: boolean;
  readonly spans: number;
  readonly stageDurationMs: number;
  readonly integrationDurationMs: number;
}

interface Route {
  readonly name: string;
  readonly method: string;
  readonly path: (orderId: string) => string;
  readonly weight: number;
}

const ROUTES: readonly Route[] = [
  { name: 'getOrder', method: 'GET', path: (id) => `/orders/${id}`, weight: 45 },
  { name: 'listOrders', method: 'GET', path: () => '/orders', weight: 20 },
  { name: 'createOrder', method: 'POST', path: () => '/orders', weight: 25 },
  { name: 'payOrder', method: 'POST', path: (id) => `/orders/${id}/payment`, weight: 10 },
];
const ROUTE_WEIGHTS = ROUTES.map((route) => route.weight);

const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'okhttp/4.12.0',
  'orders-mobile/3.8.1 (iPhone; iOS 17.4.1)',
  'python-requests/2.31.0',
];
const TENANTS = ['acme', 'globex', 'initech', 'umbrella', 'hooli'];

/** Lambda gives CPU in proportion to memory, up to one vCPU at 1,769 MB. */
export function cpuSlowdown(memoryMb: number, referenceMemoryMb: number): number {
  return Math.min(referenceMemoryMb, 1769) / Math.min(Math.max(memoryMb, 128), 1769);
}

function clientIp(random: Random): string {
  return `${random.pick(['198.51.100', '203.0.113', '192.0.2'])}.${random.int(1, 254)}`;
}

type Failure = 'none' | 'handled' | 'unhandled';

export function buildIncidentTrace(random: Random, topology: Topology, startMs: number, conditions: RequestConditions): { trace: BatchGetTracesTrace; outcome: TraceOutcome } {
  const traceId = traceIdAt(random, startMs / 1000);
  const slowdown = cpuSlowdown(conditions.memoryMb, conditions.referenceMemoryMb);
  const ctx: CallContext = { random, topology, traceId, slowdown };
  const route = random.weighted(ROUTES, ROUTE_WEIGHTS);
  const orderId = `ord_${random.hex(12)}`;
  const tenant = random.pick(TENANTS);
  const cpuMs = (median: number): number => Math.max(1, Math.round(random.logNormal(median, 0.35) * slowdown));

  const stageId = segmentId(random);
  const integrationId = segmentId(random);
  const lambdaId = segmentId(random);
  const functionId = segmentId(random);
  const integrationStart = startMs + Math.max(2, Math.round(random.logNormal(5, 0.3)));
  const lambdaStart = integrationStart + random.int(1, 3);
  let cursor = lambdaStart + 1;
  let initialization: { id: string; interval: { start: number; end: number } } | undefined;
  if (conditions.coldStart) {
    const initMs = Math.round(random.logNormal(300, 0.2) * (1 + 0.25 * (slowdown - 1)));
    initialization = { id: segmentId(random), interval: { start: cursor / 1000, end: (cursor + initMs) / 1000 } };
    cursor += initMs + random.int(1, 2);
  } else {
    cursor += random.int(0, 2);
  }
  const invocationStart = cursor;
  const invocationId = segmentId(random);
  cursor += cpuMs(3);

  const calls: CallResult[] = [];
  let status = 200;
  let failure = 'none' as Failure;
  const call = (result: CallResult): CallResult => {
    calls.push(result);
    cursor = result.endMs + cpuMs(2);
    if (result.throttled) failure = random.chance(0.3) ? 'handled' : 'unhandled';
    return result;
  };
  let bodyBytes = random.int(240, 900);
  if (route.name === 'getOrder') {
    const notFound = random.chance(0.04);
    call(dynamoCall(ctx, 'GetItem', cursor, conditions.throttleProbability, notFound));
    if (notFound) status = 404;
  } else if (route.name === 'listOrders') {
    call(dynamoCall(ctx, 'Query', cursor, conditions.throttleProbability));
    bodyBytes = random.int(1200, 5600);
  } else if (route.name === 'createOrder') {
    if (random.chance(0.02)) status = 400;
    else {
      const steps = [
        () => dynamoCall(ctx, 'PutItem', cursor, conditions.throttleProbability),
        () => queueCall(ctx, cursor),
        () => topicCall(ctx, cursor),
      ];
      for (const step of steps) if (failure === 'none') call(step());
      status = 201;
    }
  } else {
    call(dynamoCall(ctx, 'GetItem', cursor, conditions.throttleProbability));
    if (failure === 'none' && call(paymentCall(ctx, cursor)).status === 402) status = 402;
    else if (failure === 'none') call(dynamoCall(ctx, 'UpdateItem', cursor, conditions.throttleProbability));
  }
  if (failure === 'handled') status = 503;
  else if (failure === 'unhandled') status = 502;
  if (status >= 400) bodyBytes = random.int(30, 120);
  cursor += cpuMs(2);
  const invocationEnd = cursor;
  const overheadEnd = invocationEnd + Math.max(1, Math.round(random.logNormal(1.2, 0.4) * Math.min(slowdown, 3)));
  const lambdaEnd = overheadEnd + 1;
  const integrationEnd = lambdaEnd + random.int(1, 2);
  const stageEnd = integrationEnd + Math.max(1, Math.round(random.logNormal(2, 0.3)));

  const unhandled = failure === 'unhandled';
  const annotations: Record<string, string | number | boolean> = { tenant, cold_start: conditions.coldStart };
  if (route.name === 'createOrder' && status === 201) annotations.items = random.int(1, 6);
  const functionDoc = functionSegment({
    id: functionId,
    traceId,
    parentId: lambdaId,
    functionName: topology.functionName,
    functionArn: topology.functionArn,
    accountId: topology.accountId,
    interval: { start: invocationStart / 1000, end: overheadEnd / 1000 },
    ...(initialization ? { initialization } : {}),
    invocation: { id: invocationId, interval: { start: invocationStart / 1000, end: invocationEnd / 1000 }, annotations, subsegments: calls.map((c) => c.subsegment) },
    overhead: { id: segmentId(random), interval: { start: invocationEnd / 1000, end: overheadEnd / 1000 } },
    ...(unhandled
      ? {
          flags: { fault: true },
          cause: causeOf([
            exceptionOf(random.hex(16), THROTTLE_EXCEPTION, THROTTLE_MESSAGE, false, [
              { path: '/var/task/node_modules/@smithy/smithy-client/dist-cjs/index.js', line: 867, label: 'throwDefaultError' },
              { path: '/var/task/src/orders/repository.js', line: random.pick([42, 57, 88]), label: route.name === 'createOrder' ? 'putOrder' : 'loadOrder' },
              { path: '/var/task/src/handler.js', line: 31, label: 'handler' },
            ]),
          ]),
        }
      : {}),
  });
  const lambdaDoc = lambdaServiceSegment({
    id: lambdaId,
    traceId,
    parentId: integrationId,
    interval: { start: lambdaStart / 1000, end: lambdaEnd / 1000 },
    functionName: topology.functionName,
    functionArn: topology.functionArn,
    requestId: random.uuid(),
    status: 200,
    ...(unhandled ? { flags: { fault: true } } : {}),
  });
  const integration: XRaySubsegmentDocument = lambdaIntegrationSubsegment({
    id: integrationId,
    interval: { start: integrationStart / 1000, end: integrationEnd / 1000 },
    functionName: topology.functionName,
    functionArn: topology.functionArn,
    region: topology.region,
    status: 200,
    contentLength: unhandled ? random.int(90, 160) : bodyBytes + random.int(60, 110),
  });
  const requestId = random.uuid();
  const stageDoc = stageSegment(topology, {
    id: stageId,
    traceId,
    interval: { start: startMs / 1000, end: stageEnd / 1000 },
    url: `${topology.invokeOrigin}/${topology.stage}${route.path(orderId)}`,
    method: route.method,
    // API Gateway records the rule that sampled the request (aws-reference.md §3): the demo's rules split writes from reads.
    samplingRule: stageRuleName(route.method),
    clientIp: clientIp(random),
    userAgent: random.pick(USER_AGENTS),
    status,
    contentLength: unhandled ? 36 : bodyBytes,
    requestId,
    extendedRequestId: extendedRequestId(random),
    flags: { error: status >= 400 && status < 500, throttle: status === 429, fault: status >= 500 },
    subsegments: [integration],
  });

  const documents: XRaySegmentDocument[] = [stageDoc, lambdaDoc, functionDoc, ...calls.map((c) => c.inferred)];
  const trace: BatchGetTracesTrace = {
    Id: traceId,
    Duration: (stageEnd - startMs) / 1000,
    LimitExceeded: false,
    Segments: documents.map((doc) => ({ Id: doc.id, Document: JSON.stringify(doc) })),
  };
  const spans = 6 + (initialization ? 1 : 0) + calls.length * 2;
  return {
    trace,
    outcome: {
      status,
      route: route.name,
      coldStart: conditions.coldStart,
      throttled: calls.some((c) => c.throttled),
      spans,
      stageDurationMs: stageEnd - startMs,
      integrationDurationMs: integrationEnd - integrationStart,
    },
  };
}

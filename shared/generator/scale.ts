import type { XRaySegmentDocument, XRaySubsegmentDocument } from '../model/index.ts';
import { inferredRemoteSegment, inferredSdkSegment, remoteSubsegment, sdkSubsegment } from './call-builders.ts';
import type { RemoteCall, SdkCall, SdkService } from './call-builders.ts';
import { DEFAULT_INCIDENT_START } from './incident.ts';
import { createRandom } from './random.ts';
import type { Random } from './random.ts';
import { buildCodeTree, callInterval, compose, pruneEmpty, toSeconds } from './scale-tree.ts';
import type { AttachPoint, TreeSpan } from './scale-tree.ts';
import { causeOf, exceptionOf, flagFields, functionSegment, lambdaIntegrationSubsegment, lambdaServiceSegment, stageSegment, timing } from './segment-builders.ts';
import type { StageInfo } from './segment-builders.ts';
import { dynamoRequestId, extendedRequestId, restApiIdFrom, segmentId, traceIdAt } from './topology.ts';

/**
 * Benchmark input at any scale: `traces` traces of exactly `spansPerTrace` spans each (a span is a
 * segment or a subsegment), streamed one segment document at a time so a million spans never sit
 * in memory together. Each trace enters through an API Gateway stage and a Lambda function (the
 * same builders as the demo incident); below it, services call services (Lambda functions and
 * ECS containers, each a segment holding at most a couple of hundred subsegments), with SDK and
 * remote calls whose inferred segments X-Ray would add. About 5 % of traces fault (a chain of
 * faulting services down to one exception), 3 % have in-progress segments (traces of 10,000
 * spans or more always have both), some DynamoDB calls
 * are throttled. Times are microseconds inside, epoch seconds in the documents.
 */

export interface ScaleOptions {
  readonly seed: number;
  readonly traces: number;
  readonly spansPerTrace: number;
  /** Epoch seconds of the first trace. Default: the demo incident's start. */
  readonly start?: number;
  /** Seconds from one trace's start to the next (plus up to 80 % of it at random). Default 0.25. */
  readonly every?: number;
}

const REGION = 'us-east-1';
const HUGE_TRACE_SPANS = 10_000;
const ACCOUNT = '123456789012';
const SERVICES = ['inventory-service', 'pricing-service', 'catalog-service', 'auth-service', 'recommendation-service', 'shipping-service', 'tax-service', 'search-service'];
const FUNCTIONS = ['scale-entry', 'image-resizer', 'fraud-check', 'ledger-writer', 'notifier'];
const TABLES = ['Orders', 'Inventory', 'Sessions', 'Prices'];
const HOSTS = ['api.partner.example.com', 'maps.example.net', 'auth.example.org'];

interface Work {
  readonly kind: 'lambda' | 'service';
  readonly name: string;
  readonly parentId: string;
  readonly startUs: number;
  readonly endUs: number;
  /** Spans this call's subtree must hold, its own segment(s) included. */
  readonly budget: number;
  readonly fault: boolean;
  readonly inProgress: boolean;
}

interface TraceContext {
  readonly random: Random;
  readonly traceId: string;
  readonly partial: boolean;
}

interface Body {
  readonly subsegments: XRaySubsegmentDocument[];
  readonly inferred: XRaySegmentDocument[];
  readonly downstream: Work[];
}

function untracedCall(ctx: TraceContext, point: AttachPoint, fault: boolean): { subsegment: XRaySubsegmentDocument; inferred: XRaySegmentDocument } {
  const { random } = ctx;
  const [s, e] = callInterval(random, point.startUs, point.endUs);
  const interval = { start: toSeconds(s), end: toSeconds(e) };
  const kind = random.weighted<SdkService | 'remote'>(['DynamoDB', 'SQS', 'SNS', 'remote'], [50, 15, 10, 25]);
  if (kind === 'remote') {
    const call: RemoteCall = {
      id: segmentId(random), interval, url: `https://${random.pick(HOSTS)}/v2/${random.pick(['quote', 'lookup', 'token'])}`, method: random.pick(['GET', 'POST']),
      status: fault ? 500 : 200, contentLength: random.int(80, 4000), traced: false,
      ...(fault ? { flags: { fault: true }, cause: causeOf([exceptionOf(random.hex(16), 'HTTPError', 'Internal Server Error', true)]) } : {}),
    };
    return { subsegment: remoteSubsegment(call), inferred: inferredRemoteSegment(segmentId(random), ctx.traceId, call) };
  }
  const throttled = kind === 'DynamoDB' && !fault && random.chance(0.03);
  const resource: SdkCall['resource'] =
    kind === 'DynamoDB' ? { table_name: random.pick(TABLES) } : kind === 'SQS' ? { queue_url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/work-${random.int(1, 4)}` } : { topic_arn: `arn:aws:sns:${REGION}:${ACCOUNT}:events-${random.int(1, 3)}` };
  const call: SdkCall = {
    id: segmentId(random), service: kind, interval, operation: kind === 'DynamoDB' ? random.pick(['GetItem', 'PutItem', 'Query']) : kind === 'SQS' ? 'SendMessage' : 'Publish',
    region: REGION, requestId: kind === 'DynamoDB' ? dynamoRequestId(random) : random.uuid(), retries: throttled ? 2 : 0,
    status: fault ? 500 : throttled ? 400 : 200, contentLength: random.int(2, 900), resource,
    ...(fault ? { flags: { fault: true }, cause: causeOf([exceptionOf(random.hex(16), 'InternalServerError', 'Internal server error', true)]) } : {}),
    ...(throttled ? { flags: { error: true, throttle: true }, cause: causeOf([exceptionOf(random.hex(16), 'ProvisionedThroughputExceededException', 'Rate of requests exceeds the allowed throughput.', true)]) } : {}),
  };
  return { subsegment: sdkSubsegment(call), inferred: inferredSdkSegment(segmentId(random), ctx.traceId, call) };
}

/**
 * The subsegments below one segment (or its Invocation) holding exactly `budget` spans together
 * with the inferred segments of its calls and the budgets handed to downstream services.
 */
function body(ctx: TraceContext, budget: number, startUs: number, endUs: number, fault: boolean): Body {
  const { random } = ctx;
  const cap = random.int(60, 200);
  const rest = budget > cap ? budget - random.int(Math.floor(cap / 2), cap) : 0;
  const remaining = budget - rest;
  // One downstream call per span left over at most: `rest` spans cannot feed more than `rest` calls.
  const traced = rest > 0 ? Math.min(remaining, random.chance(0.5) || rest < 2 ? 1 : random.int(2, Math.min(3, rest))) : 0;
  const untraced = remaining - traced >= 4 ? Math.min(random.int(1, 6), Math.floor((remaining - traced - 1) / 2)) : 0;
  const tree = buildCodeTree(random, remaining - traced - 2 * untraced, startUs, endUs);
  const inferred: XRaySegmentDocument[] = [];
  const downstream: Work[] = [];
  const faultDownstream = fault && traced > 0 && random.chance(0.6) ? random.int(0, traced - 1) : -1;
  const faultLocal = fault && faultDownstream === -1 ? (untraced > 0 ? random.int(0, untraced - 1) : -1) : -1;
  const markAncestors = (point: AttachPoint): void => {
    for (const span of point.ancestors) span.fault = true;
  };
  for (let i = 0; i < untraced; i++) {
    const point = random.pick(tree.attachPoints);
    const call = untracedCall(ctx, point, i === faultLocal);
    if (i === faultLocal) markAncestors(point);
    point.children.push(call.subsegment);
    inferred.push(call.inferred);
  }
  const parts = traced > 0 ? compose(random, rest, traced) : [];
  parts.forEach((part, index) => {
    const point = random.pick(tree.attachPoints);
    const [s, e] = callInterval(random, point.startUs, Math.max(point.endUs, point.startUs + 1000));
    const interval = { start: toSeconds(s), end: toSeconds(e) };
    const faulty = index === faultDownstream;
    if (faulty) markAncestors(point);
    const inner = { startUs: s + Math.floor((e - s) * 0.02), endUs: e - Math.floor((e - s) * 0.02) };
    const inProgress = ctx.partial && random.chance(0.3);
    if (part >= 4 && random.chance(0.4)) {
      const name = random.pick(FUNCTIONS);
      const id = segmentId(random);
      const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
      point.children.push(lambdaIntegrationSubsegment({ id, interval, functionName: name, functionArn: arn, region: REGION, status: 200, contentLength: random.int(20, 400) }));
      downstream.push({ kind: 'lambda', name, parentId: id, ...inner, budget: part, fault: faulty, inProgress: false });
    } else {
      const name = random.pick(SERVICES);
      const call: RemoteCall = { id: segmentId(random), interval, url: `http://${name}.internal:8080/v1/${random.pick(['items', 'quote', 'check'])}`, method: 'POST', status: faulty ? 500 : 200, traced: true, ...(faulty ? { flags: { fault: true } } : {}) };
      point.children.push(remoteSubsegment(call));
      downstream.push({ kind: 'service', name, parentId: call.id, ...inner, budget: part, fault: faulty, inProgress });
    }
  });
  pruneEmpty(tree.subsegments);
  return { subsegments: tree.subsegments, inferred, downstream };
}

function serviceWork(ctx: TraceContext, work: Work): { documents: XRaySegmentDocument[]; downstream: Work[] } {
  const { random } = ctx;
  const id = segmentId(random);
  const inner = body(ctx, work.budget - 1, work.startUs, work.endUs, work.fault);
  if (work.inProgress && inner.subsegments.length > 0) {
    const last = inner.subsegments[inner.subsegments.length - 1] as TreeSpan;
    delete last.end_time;
    last.in_progress = true;
  }
  const faultHere = work.fault && !inner.downstream.some((w) => w.fault) && !inner.subsegments.some((sub) => sub.fault === true);
  const segment: XRaySegmentDocument = {
    id,
    name: work.name,
    ...timing({ start: toSeconds(work.startUs), end: work.inProgress ? undefined : toSeconds(work.endUs) }),
    parent_id: work.parentId,
    ...flagFields({ fault: work.fault }),
    ...(faultHere ? { cause: causeOf([exceptionOf(random.hex(16), 'java.lang.IllegalStateException', `${work.name}: no stock record`, false, [{ path: 'Handler.java', line: 88, label: 'handle' }], )], '/app') } : {}),
    http: { request: { url: `http://${work.name}.internal:8080/v1/items`, method: 'POST' }, ...(work.inProgress ? {} : { response: { status: work.fault ? 500 : 200 } }) },
    aws: { ecs: { container: `${work.name}-${random.hex(8)}` }, xray: { sdk: 'X-Ray for Java', sdk_version: '2.15.1' } },
    trace_id: ctx.traceId,
    origin: 'AWS::ECS::Container',
    ...(inner.subsegments.length > 0 ? { subsegments: inner.subsegments } : {}),
  };
  return { documents: [segment, ...inner.inferred], downstream: inner.downstream };
}

function lambdaWork(ctx: TraceContext, work: Work): { documents: XRaySegmentDocument[]; downstream: Work[] } {
  const { random } = ctx;
  const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${work.name}`;
  const cold = work.budget >= 5 && random.chance(0.05);
  const length = work.endUs - work.startUs;
  const lambdaStart = work.startUs + Math.floor(length * 0.01);
  const lambdaEnd = work.endUs - Math.floor(length * 0.01);
  const initEnd = cold ? lambdaStart + Math.floor(length * 0.3) : lambdaStart;
  const fnStart = initEnd + Math.floor(length * 0.01) + 1;
  const fnEnd = Math.max(fnStart + 3, lambdaEnd - Math.floor(length * 0.01));
  const overheadStart = fnEnd - Math.max(1, Math.floor((fnEnd - fnStart) * 0.02));
  const inner = body(ctx, work.budget - 4 - (cold ? 1 : 0), fnStart, overheadStart, work.fault);
  const faultHere = work.fault && !inner.downstream.some((w) => w.fault) && !inner.subsegments.some((s) => s.fault === true);
  const lambdaId = segmentId(random);
  const lambda = lambdaServiceSegment({
    id: lambdaId, traceId: ctx.traceId, parentId: work.parentId, interval: { start: toSeconds(lambdaStart), end: toSeconds(lambdaEnd) },
    functionName: work.name, functionArn: arn, requestId: random.uuid(), status: 200, ...(work.fault ? { flags: { fault: true } } : {}),
  });
  const fn = functionSegment({
    id: segmentId(random), traceId: ctx.traceId, parentId: lambdaId, functionName: work.name, functionArn: arn, accountId: ACCOUNT,
    interval: { start: toSeconds(fnStart), end: toSeconds(fnEnd) },
    ...(cold ? { initialization: { id: segmentId(random), interval: { start: toSeconds(lambdaStart + 1), end: toSeconds(initEnd) } } } : {}),
    invocation: { id: segmentId(random), interval: { start: toSeconds(fnStart), end: toSeconds(overheadStart) }, subsegments: inner.subsegments },
    overhead: { id: segmentId(random), interval: { start: toSeconds(overheadStart), end: toSeconds(fnEnd) } },
    ...(work.fault ? { flags: { fault: true } } : {}),
    ...(faultHere ? { cause: causeOf([exceptionOf(random.hex(16), 'Error', `${work.name} failed: invariant violated`, false, [{ path: '/var/task/index.js', line: 12, label: 'handler' }])]) } : {}),
  });
  return { documents: [lambda, fn, ...inner.inferred], downstream: inner.downstream };
}

function* scaleTrace(random: Random, stage: StageInfo, startUs: number, budget: number): Generator<XRaySegmentDocument> {
  const traceId = traceIdAt(random, startUs / 1e6);
  // Huge traces always carry both: some segments still in progress, a chain of faults.
  const huge = budget >= HUGE_TRACE_SPANS;
  const ctx: TraceContext = { random, traceId, partial: huge || random.chance(0.03) };
  const fault = budget >= 6 && (huge || random.chance(0.05));
  const endUs = startUs + 40_000 + budget * 200;
  const integrationStart = startUs + 3000;
  const integrationEnd = endUs - 2000;
  const entry = FUNCTIONS[0] as string;
  const entryArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${entry}`;
  const subsegments: XRaySubsegmentDocument[] = [];
  if (budget >= 2) {
    subsegments.push(lambdaIntegrationSubsegment({ id: segmentId(random), interval: { start: toSeconds(integrationStart), end: toSeconds(integrationEnd) }, functionName: entry, functionArn: entryArn, region: REGION, status: 200, contentLength: random.int(40, 900) }));
  }
  // Budgets too small for a Lambda hop get plain subsegments on the stage instead.
  const extra = budget >= 6 ? 0 : Math.max(0, budget - 2);
  if (extra > 0) subsegments.push(...buildCodeTree(random, extra, integrationStart, integrationEnd).subsegments);
  pruneEmpty(subsegments);
  const requestId = random.uuid();
  yield stageSegment(stage, {
    id: segmentId(random), traceId, interval: { start: toSeconds(startUs), end: toSeconds(endUs) },
    url: `https://${stage.restApiId}.execute-api.${REGION}.amazonaws.com/${stage.stage}/items/${random.hex(8)}`, method: 'POST', clientIp: `198.51.100.${random.int(1, 254)}`,
    status: fault ? 502 : 200, contentLength: random.int(40, 900), requestId, extendedRequestId: extendedRequestId(random), flags: { fault }, subsegments,
  });
  if (budget < 6) return;
  const first = subsegments[0] as XRaySubsegmentDocument;
  const stack: Work[] = [{ kind: 'lambda', name: entry, parentId: first.id, startUs: integrationStart + 500, endUs: integrationEnd - 500, budget: budget - 2, fault, inProgress: false }];
  while (stack.length > 0) {
    const work = stack.pop() as Work;
    const done = work.kind === 'lambda' ? lambdaWork(ctx, work) : serviceWork(ctx, work);
    yield* done.documents;
    for (let i = done.downstream.length - 1; i >= 0; i--) stack.push(done.downstream[i] as Work);
  }
}

export function* generateScaleSegments(options: ScaleOptions): Generator<XRaySegmentDocument, void, undefined> {
  const { seed, traces, spansPerTrace } = options;
  if (!Number.isInteger(traces) || traces < 0) throw new RangeError(`traces must be a whole number ≥ 0, got ${traces}`);
  if (!Number.isInteger(spansPerTrace) || spansPerTrace < 1) throw new RangeError(`spansPerTrace must be a whole number ≥ 1, got ${spansPerTrace}`);
  const random = createRandom(seed);
  const stage: StageInfo = { apiName: 'scale-api', stage: 'bench', restApiId: restApiIdFrom(random), region: REGION, accountId: ACCOUNT };
  const firstUs = (options.start ?? DEFAULT_INCIDENT_START) * 1e6;
  const everyUs = Math.round((options.every ?? 0.25) * 1e6);
  if (!(everyUs > 0)) throw new RangeError(`every must be a positive number of seconds, got ${options.every}`);
  for (let index = 0; index < traces; index++) {
    yield* scaleTrace(random, stage, firstUs + index * everyUs + random.int(0, Math.round(everyUs * 0.8)), spansPerTrace);
  }
}

import { inferredRemoteSegment, inferredSdkSegment, remoteSubsegment, sdkSubsegment, type RemoteCall, type SdkCall } from '../../../shared/generator/call-builders.ts';
import { createRandom, type Random } from '../../../shared/generator/random.ts';
import { flagFields, stageSegment, type StageInfo } from '../../../shared/generator/segment-builders.ts';
import { extendedRequestId, restApiIdFrom, segmentId, traceIdAt } from '../../../shared/generator/topology.ts';
import type { XRaySegmentDocument, XRaySubsegmentDocument } from '../../../shared/model/index.ts';

/**
 * Segment documents of a layered system big enough for a map of about a hundred nodes, built with
 * the generator's builders (documents shaped as BatchGetTraces returns them, inferred segments
 * included): an API Gateway stage calls one of `tier1` ECS services; each service calls a few
 * services of the next tier over HTTP (traced), down to `tier3`, whose services call DynamoDB
 * tables, SQS queues, SNS and external hosts (inferred nodes). Every service and resource is
 * someone's callee, so with enough traces each one is on the map; a few calls fault.
 */
export interface TopologyOptions {
  readonly seed: number;
  readonly traces: number;
  readonly tier1: number;
  readonly tier2: number;
  readonly tier3: number;
  readonly tables: number;
  readonly queues: number;
  readonly hosts: number;
}

/** About a hundred nodes: client, stage, 6 + 18 + 35 services, 20 tables, 10 queues, SNS, 8 hosts. */
export const HUNDRED_NODES: TopologyOptions = { seed: 21, traces: 3000, tier1: 6, tier2: 18, tier3: 35, tables: 20, queues: 10, hosts: 8 };

/** The nodes the map shows when every service and resource was reached. */
export function topologyNodes(options: TopologyOptions): number {
  return 2 + options.tier1 + options.tier2 + options.tier3 + options.tables + options.queues + 1 + options.hosts;
}

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const START = 1716555600;
const WORDS = ['orders', 'billing', 'catalog', 'search', 'pricing', 'stock', 'ledger', 'profile', 'session', 'shipping', 'returns', 'reviews', 'media', 'notify', 'audit', 'quota'];

type Target = { readonly kind: 'service'; readonly name: string; readonly calls: Target[] } | { readonly kind: 'table' | 'queue' | 'topic' | 'host'; readonly name: string };

function serviceName(tier: number, index: number): string {
  return `${WORDS[index % WORDS.length]}-t${tier}-${String(index).padStart(2, '0')}`;
}

/** Callees of each tier: every one assigned to some caller, plus one more at random per caller. */
function wire(random: Random, callers: readonly { calls: Target[] }[], callees: readonly Target[]): void {
  callees.forEach((callee, i) => callers[i % callers.length]!.calls.push(callee));
  for (const caller of callers) {
    const extra = random.pick(callees);
    if (!caller.calls.includes(extra)) caller.calls.push(extra);
  }
}

function system(random: Random, options: TopologyOptions): Extract<Target, { kind: 'service' }>[] {
  const tier = (n: number, level: number) => Array.from({ length: n }, (_, i) => ({ kind: 'service' as const, name: serviceName(level, i), calls: [] as Target[] }));
  const tier1 = tier(options.tier1, 1);
  const tier2 = tier(options.tier2, 2);
  const tier3 = tier(options.tier3, 3);
  const resources: Target[] = [
    ...Array.from({ length: options.tables }, (_, i) => ({ kind: 'table' as const, name: `${WORDS[i % WORDS.length]}-table-${i}` })),
    ...Array.from({ length: options.queues }, (_, i) => ({ kind: 'queue' as const, name: `${WORDS[(i + 5) % WORDS.length]}-queue-${i}` })),
    { kind: 'topic' as const, name: 'events' },
    ...Array.from({ length: options.hosts }, (_, i) => ({ kind: 'host' as const, name: `api${i}.partner${i % 3}.example.com` })),
  ];
  wire(random, tier1, tier2);
  wire(random, tier2, tier3);
  wire(random, tier3, resources);
  return tier1;
}

interface Slot {
  readonly startUs: number;
  readonly endUs: number;
}

const seconds = (us: number): number => Math.round(us) / 1e6;

/** Consecutive slots inside [startUs, endUs] for `count` calls, with gaps. */
function slots(random: Random, startUs: number, endUs: number, count: number): Slot[] {
  const width = (endUs - startUs) / Math.max(1, count);
  return Array.from({ length: count }, (_, i) => {
    const from = startUs + i * width + width * random.float(0.02, 0.1);
    return { startUs: from, endUs: from + width * random.float(0.5, 0.85) };
  });
}

interface Visit {
  readonly service: Extract<Target, { kind: 'service' }>;
  readonly parentId: string;
  readonly slot: Slot;
  readonly fault: boolean;
}

function resourceCall(random: Random, traceId: string, target: Exclude<Target, { kind: 'service' }>, slot: Slot, fault: boolean): { call: XRaySubsegmentDocument; inferred: XRaySegmentDocument } {
  const interval = { start: seconds(slot.startUs), end: seconds(slot.endUs) };
  const flags = fault ? { fault: true } : undefined;
  if (target.kind === 'host') {
    const call: RemoteCall = { id: segmentId(random), interval, url: `https://${target.name}/v1/quote`, method: 'GET', status: fault ? 500 : 200, traced: false, ...(flags ? { flags } : {}) };
    return { call: remoteSubsegment(call), inferred: inferredRemoteSegment(segmentId(random), traceId, call) };
  }
  const service = target.kind === 'table' ? 'DynamoDB' : target.kind === 'queue' ? 'SQS' : 'SNS';
  const resource: SdkCall['resource'] =
    target.kind === 'table' ? { table_name: target.name } : target.kind === 'queue' ? { queue_url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${target.name}` } : { topic_arn: `arn:aws:sns:${REGION}:${ACCOUNT}:${target.name}` };
  const call: SdkCall = {
    id: segmentId(random), service, interval, operation: service === 'DynamoDB' ? 'GetItem' : service === 'SQS' ? 'SendMessage' : 'Publish', region: REGION,
    requestId: random.uuid(), retries: 0, status: fault ? 500 : 200, resource, ...(flags ? { flags } : {}),
  };
  return { call: sdkSubsegment(call), inferred: inferredSdkSegment(segmentId(random), traceId, call) };
}

function* trace(random: Random, stage: StageInfo, entry: readonly Extract<Target, { kind: 'service' }>[], index: number): Generator<XRaySegmentDocument> {
  const startUs = (START + index * 0.5) * 1e6;
  const endUs = startUs + random.int(80_000, 600_000);
  const traceId = traceIdAt(random, startUs / 1e6);
  const first = random.pick(entry);
  const inner: Slot = { startUs: startUs + 2000, endUs: endUs - 1500 };
  const fault = random.chance(0.03);
  const url = `http://${first.name}.internal:8080/v1/work`;
  const callId = segmentId(random);
  yield stageSegment(stage, {
    id: segmentId(random), traceId, interval: { start: seconds(startUs), end: seconds(endUs) }, url: `https://${stage.restApiId}.execute-api.${REGION}.amazonaws.com/${stage.stage}/work`,
    method: 'POST', clientIp: `198.51.100.${random.int(1, 254)}`, status: fault ? 502 : 200, contentLength: random.int(40, 900), requestId: random.uuid(),
    extendedRequestId: extendedRequestId(random), flags: { fault },
    subsegments: [remoteSubsegment({ id: callId, interval: { start: seconds(inner.startUs), end: seconds(inner.endUs) }, url, method: 'POST', status: fault ? 500 : 200, traced: true, ...(fault ? { flags: { fault: true } } : {}) })],
  });
  const stack: Visit[] = [{ service: first, parentId: callId, slot: { startUs: inner.startUs + 500, endUs: inner.endUs - 500 }, fault }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { service, slot } = visit;
    const callees = service.calls.filter((callee) => random.chance(callee.kind === 'service' ? 0.72 : 0.9));
    const places = slots(random, slot.startUs + 300, slot.endUs - 300, callees.length);
    const faultAt = visit.fault && callees.length > 0 ? random.int(-1, callees.length - 1) : -1;
    const subsegments: XRaySubsegmentDocument[] = [];
    const inferred: XRaySegmentDocument[] = [];
    callees.forEach((callee, i) => {
      const place = places[i]!;
      const failing = i === faultAt || (!visit.fault && random.chance(0.01));
      if (callee.kind === 'service') {
        const id = segmentId(random);
        const callUrl = `http://${callee.name}.internal:8080/v1/work`;
        subsegments.push(remoteSubsegment({ id, interval: { start: seconds(place.startUs), end: seconds(place.endUs) }, url: callUrl, method: 'POST', status: failing ? 500 : 200, traced: true, ...(failing ? { flags: { fault: true } } : {}) }));
        stack.push({ service: callee, parentId: id, slot: { startUs: place.startUs + 200, endUs: place.endUs - 200 }, fault: failing });
      } else {
        const made = resourceCall(random, traceId, callee, place, failing);
        subsegments.push(made.call);
        inferred.push(made.inferred);
      }
    });
    const segment: Record<string, unknown> = {
      id: segmentId(random), name: service.name, start_time: seconds(slot.startUs), end_time: seconds(slot.endUs), parent_id: visit.parentId, trace_id: traceId,
      origin: 'AWS::ECS::Container', ...flagFields(visit.fault ? { fault: true } : undefined),
      http: { request: { url: `http://${service.name}.internal:8080/v1/work`, method: 'POST' }, response: { status: visit.fault ? 500 : 200 } },
      aws: { ecs: { container: `${service.name}-${random.hex(6)}` }, xray: { sdk: 'X-Ray for Java', sdk_version: '2.15.1' } },
    };
    if (subsegments.length > 0) segment['subsegments'] = subsegments;
    yield segment as unknown as XRaySegmentDocument;
    yield* inferred;
  }
}

export function* topologySegments(options: TopologyOptions): Generator<XRaySegmentDocument> {
  const random = createRandom(options.seed);
  const stage: StageInfo = { apiName: 'edge-api', stage: 'prod', restApiId: restApiIdFrom(random), region: REGION, accountId: ACCOUNT };
  const entry = system(random, options);
  for (let i = 0; i < options.traces; i++) yield* trace(random, stage, entry, i);
}

import type { RawRecord, SnapshotContent, XRaySegmentDocument, XRaySubsegmentDocument } from '../model/index.ts';
import { awsSources, snapshotHeader } from '../snapshot/index.ts';
import { inferredRemoteSegment, inferredSdkSegment, remoteSubsegment, sdkSubsegment, type RemoteCall, type SdkCall } from './call-builders.ts';
import { DEFAULT_INCIDENT_START } from './incident.ts';
import { createRandom, type Random } from './random.ts';
import { causeOf, exceptionOf, functionSegment, lambdaIntegrationSubsegment, lambdaServiceSegment, stageSegment, type StageInfo } from './segment-builders.ts';
import { dynamoRequestId, extendedRequestId, segmentId, traceIdAt } from './topology.ts';
import type { LookupEventItem } from './types.ts';

/**
 * Incidents for the compare analysis where the answer is known: a stage → Lambda → function that
 * calls a DynamoDB table, an SQS queue and an external HTTP API, with steady traffic, in which at
 * `shiftMinute` exactly one thing changes (`shift`), and a CloudTrail deployment event is made at
 * that moment. Everything else keeps its distribution: the function's run time is drawn on its
 * own and its calls fit inside it, so a slower call does not make the function, the Lambda node,
 * the integration or the stage slower; a failing call is handled (the function answers 200).
 *
 * - `latency`: the external API's calls take `factor` times as long (the function → API edge,
 *   and the API's inferred node, which is that call seen from the callee's side);
 * - `fault`: the table answers 5xx to `rate` of the calls, with an InternalServerError recorded
 *   (the function → table edge and the table's node), where it never did before;
 * - `none`: nothing changes.
 */
export type CompareShift = { readonly kind: 'latency'; readonly factor: number } | { readonly kind: 'fault'; readonly rate: number } | { readonly kind: 'none' };

export interface CompareIncidentOptions {
  readonly seed?: number;
  readonly minutes?: number;
  readonly tracesPerMinute?: number;
  readonly shiftMinute?: number;
  readonly shift: CompareShift;
}

export interface CompareIncident {
  readonly content: SnapshotContent;
  readonly facts: {
    /** Epoch seconds of the shift and of the deployment event made then. */
    readonly shiftTime: number;
    readonly eventId: string;
    /** First and last trace start, epoch seconds. */
    readonly firstStart: number;
    readonly lastStart: number;
    readonly traces: number;
    /** Traces that start before the shift, and at or after it. */
    readonly tracesBefore: number;
    readonly tracesAfter: number;
    /** Calls to the table answered with a 5xx (all after the shift). */
    readonly tableFaults: number;
    readonly functionName: string;
    readonly tableName: string;
    readonly apiHost: string;
  };
}

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const FUNCTION = 'checkout-handler';
const TABLE = 'Carts';
const QUEUE_URL = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/receipts`;
const API_HOST = 'api.tax.example.com';
const STAGE: StageInfo = { apiName: 'checkout-api', stage: 'prod', restApiId: 'k3x9q2w7p1', region: REGION, accountId: ACCOUNT };
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION}`;

const toSeconds = (ms: number): number => Math.round(ms * 1000) / 1e6;

/** One request's segment documents; `shifted` says whether it starts at or after the shift. */
function requestDocuments(random: Random, startMs: number, shift: CompareShift, shifted: boolean): { documents: XRaySegmentDocument[]; tableFault: boolean } {
  const traceId = traceIdAt(random, startMs / 1000);
  // The function's own run time: at least 200 ms, so its three calls (≤ ~140 ms even slowed) fit.
  const runMs = 200 + random.logNormal(100, 0.3);
  const apiFactor = shifted && shift.kind === 'latency' ? shift.factor : 1;
  const calls = { table: random.logNormal(8, 0.25), queue: random.logNormal(6, 0.25), api: random.logNormal(20, 0.25) * apiFactor };
  const tableFault = shifted && shift.kind === 'fault' && random.chance(shift.rate);
  const stageStart = startMs;
  const integrationStart = stageStart + random.logNormal(3, 0.2);
  const lambdaStart = integrationStart + random.logNormal(2, 0.2);
  const fnStart = lambdaStart + random.logNormal(1, 0.2);
  const fnEnd = fnStart + runMs;
  const lambdaEnd = fnEnd + random.logNormal(1, 0.2);
  const integrationEnd = lambdaEnd + random.logNormal(2, 0.2);
  const stageEnd = integrationEnd + random.logNormal(2, 0.2);
  let at = fnStart + 5;
  const next = (ms: number): { start: number; end: number } => {
    const interval = { start: toSeconds(at), end: toSeconds(at + ms) };
    at += ms + 3;
    return interval;
  };
  const table: SdkCall = {
    id: segmentId(random), service: 'DynamoDB', interval: next(calls.table), operation: 'GetItem', region: REGION, requestId: dynamoRequestId(random), retries: 0,
    status: tableFault ? 500 : 200, resource: { table_name: TABLE },
    ...(tableFault ? { flags: { fault: true }, cause: causeOf([exceptionOf(random.hex(16), 'InternalServerError', 'Internal server error', true)]) } : {}),
  };
  const queue: SdkCall = { id: segmentId(random), service: 'SQS', interval: next(calls.queue), operation: 'SendMessage', region: REGION, requestId: random.uuid(), retries: 0, status: 200, resource: { queue_url: QUEUE_URL } };
  const api: RemoteCall = { id: segmentId(random), interval: next(calls.api), url: `https://${API_HOST}/v1/rates`, method: 'GET', status: 200, traced: false };
  const subsegments: XRaySubsegmentDocument[] = [sdkSubsegment(table), sdkSubsegment(queue), remoteSubsegment(api)];
  const integrationId = segmentId(random);
  const lambdaId = segmentId(random);
  const documents = [
    stageSegment(STAGE, {
      id: segmentId(random), traceId, interval: { start: toSeconds(stageStart), end: toSeconds(stageEnd) }, url: `https://${STAGE.restApiId}.execute-api.${REGION}.amazonaws.com/prod/checkout`,
      method: 'POST', clientIp: `203.0.113.${random.int(1, 254)}`, status: 200, contentLength: random.int(40, 400), requestId: random.uuid(), extendedRequestId: extendedRequestId(random),
      subsegments: [lambdaIntegrationSubsegment({ id: integrationId, interval: { start: toSeconds(integrationStart), end: toSeconds(integrationEnd) }, functionName: FUNCTION, functionArn: FUNCTION_ARN, region: REGION, status: 200 })],
    }),
    lambdaServiceSegment({ id: lambdaId, traceId, parentId: integrationId, interval: { start: toSeconds(lambdaStart), end: toSeconds(lambdaEnd) }, functionName: FUNCTION, functionArn: FUNCTION_ARN, requestId: random.uuid(), status: 200 }),
    functionSegment({
      id: segmentId(random), traceId, parentId: lambdaId, functionName: FUNCTION, functionArn: FUNCTION_ARN, accountId: ACCOUNT, interval: { start: toSeconds(fnStart), end: toSeconds(fnEnd) },
      invocation: { id: segmentId(random), interval: { start: toSeconds(fnStart + 1), end: toSeconds(fnEnd - 1) }, subsegments },
    }),
    inferredSdkSegment(segmentId(random), traceId, table),
    inferredSdkSegment(segmentId(random), traceId, queue),
    inferredRemoteSegment(segmentId(random), traceId, api),
  ];
  return { documents, tableFault };
}

/** The deployment made at the shift, as LookupEvents returns it (aws-reference.md Appendix D). */
function deploymentEvent(random: Random, time: number): LookupEventItem {
  const eventId = random.uuid();
  const record = {
    eventVersion: '1.08', userIdentity: { type: 'IAMUser', accountId: ACCOUNT, userName: 'deployer' }, eventTime: new Date(time * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: 'lambda.amazonaws.com', eventName: 'UpdateFunctionCode20150331v2', awsRegion: REGION, sourceIPAddress: '198.51.100.7', userAgent: 'aws-cli/2.15.0',
    requestParameters: { functionName: FUNCTION, publish: true }, responseElements: { functionName: FUNCTION, functionArn: FUNCTION_ARN, version: '42' },
    requestID: random.uuid(), eventID: eventId, readOnly: false, eventType: 'AwsApiCall', managementEvent: true, recipientAccountId: ACCOUNT,
  };
  return {
    EventId: eventId, EventName: record.eventName, ReadOnly: 'false', EventTime: time, EventSource: record.eventSource, Username: 'deployer',
    Resources: [{ ResourceType: 'AWS::Lambda::Function', ResourceName: FUNCTION }], CloudTrailEvent: JSON.stringify(record),
  };
}

export function generateCompareIncident(options: CompareIncidentOptions): CompareIncident {
  const { seed = 1, minutes = 60, tracesPerMinute = 20, shift } = options;
  const shiftMinute = options.shiftMinute ?? Math.floor(minutes / 2);
  const random = createRandom(seed);
  const start = DEFAULT_INCIDENT_START;
  const shiftTime = start + shiftMinute * 60 + 17;
  const documents: XRaySegmentDocument[] = [];
  const starts: number[] = [];
  let tableFaults = 0;
  for (let minute = 0; minute < minutes; minute++) {
    const offsets = Array.from({ length: tracesPerMinute }, () => random.int(0, 59_999)).sort((a, b) => a - b);
    for (const offset of offsets) {
      const startMs = (start + minute * 60) * 1000 + offset;
      starts.push(startMs / 1000);
      const request = requestDocuments(random, startMs, shift, startMs / 1000 >= shiftTime);
      documents.push(...request.documents);
      if (request.tableFault) tableFaults++;
    }
  }
  const event = deploymentEvent(random, shiftTime);
  const createdAt = new Date((start + minutes * 60) * 1000).toISOString();
  const { sources, indexOf } = awsSources(createdAt, []);
  const records: RawRecord[] = documents.map((doc) => ({ kind: 'xray.segment', source: indexOf('xray.BatchGetTraces'), doc }));
  records.push({ kind: 'cloudtrail.lookupEvent', source: indexOf('cloudtrail.LookupEvents'), doc: event });
  const header = snapshotHeader({
    sources, accountIds: [ACCOUNT], regions: [REGION], window: { start: new Date(start * 1000).toISOString(), end: createdAt }, queries: [],
    sampling: 'Generated for compare tests: every request traced.', appVersion: 'generator', createdAt,
  });
  return {
    content: { header, records },
    facts: { shiftTime, eventId: event.EventId, firstStart: starts[0] ?? start, lastStart: starts[starts.length - 1] ?? start, traces: starts.length, tracesBefore: starts.filter((s) => s < shiftTime).length, tracesAfter: starts.filter((s) => s >= shiftTime).length, tableFaults, functionName: FUNCTION, tableName: TABLE, apiHost: API_HOST },
  };
}

import type { XRayCause, XRaySegmentDocument, XRaySubsegmentDocument } from '../model/index.ts';
import { flagFields, timing } from './segment-builders.ts';
import type { Doc, Flags, Interval } from './segment-builders.ts';

/**
 * Builders for the calls a function makes (AWS SDK calls, remote HTTP calls, local code) and for
 * the segments X-Ray infers from them when it compiles a trace (aws-reference.md §3, Appendix B).
 */

/** The host of an absolute URL (`https://host:port/path` → `host:port`). */
export function hostOf(url: string): string {
  const afterScheme = url.includes('://') ? url.slice(url.indexOf('://') + 3) : url;
  const end = afterScheme.search(/[/?#]/);
  return end === -1 ? afterScheme : afterScheme.slice(0, end);
}

/** What an AWS SDK call looks like in X-Ray: the subsegment name is the service name. */
export type SdkService = 'DynamoDB' | 'SQS' | 'SNS';

export interface SdkCall {
  readonly id: string;
  readonly service: SdkService;
  readonly interval: Interval;
  readonly operation: string;
  readonly region: string;
  readonly requestId: string;
  readonly retries: number;
  readonly status: number;
  readonly contentLength?: number;
  /** Service-specific `aws` fields: `table_name`, `queue_url`, `topic_arn`. */
  readonly resource: { readonly table_name: string } | { readonly queue_url: string } | { readonly topic_arn: string };
  readonly flags?: Flags;
  readonly cause?: XRayCause;
}

function sdkAwsFields(call: SdkCall): Record<string, unknown> {
  const aws: Record<string, unknown> = { operation: call.operation, region: call.region, request_id: call.requestId, retries: call.retries, ...call.resource };
  if ('table_name' in call.resource) aws.resource_names = [call.resource.table_name];
  return aws;
}

function sdkHttp(call: SdkCall): { response: { status: number; content_length?: number } } {
  return { response: call.contentLength === undefined ? { status: call.status } : { status: call.status, content_length: call.contentLength } };
}

/** An AWS SDK client subsegment (namespace `aws`), as the X-Ray SDK records it. */
export function sdkSubsegment(call: SdkCall): XRaySubsegmentDocument {
  const doc: Doc = { id: call.id, name: call.service, ...timing(call.interval), namespace: 'aws', ...flagFields(call.flags), http: sdkHttp(call), aws: sdkAwsFields(call) };
  if (call.cause !== undefined) doc.cause = call.cause;
  return doc;
}

const INFERRED_ORIGIN: Readonly<Record<SdkService, string>> = { DynamoDB: 'AWS::DynamoDB::Table', SQS: 'AWS::SQS::Queue', SNS: 'AWS::SNS' };

/**
 * The segment X-Ray infers for an SDK call when it compiles the trace: same name, times, http and
 * aws fields as the client subsegment, `inferred: true`, `parent_id` = the subsegment's id.
 */
export function inferredSdkSegment(id: string, traceId: string, call: SdkCall): XRaySegmentDocument {
  return {
    id,
    name: call.service,
    ...timing(call.interval),
    parent_id: call.id,
    inferred: true,
    ...flagFields(call.flags),
    http: sdkHttp(call),
    aws: sdkAwsFields(call),
    trace_id: traceId,
    origin: INFERRED_ORIGIN[call.service],
  };
}

export interface RemoteCall {
  readonly id: string;
  readonly interval: Interval;
  readonly url: string;
  readonly method: string;
  readonly status: number;
  readonly contentLength?: number;
  /** True when the callee is itself traced (it sends its own segment). */
  readonly traced?: boolean;
  readonly flags?: Flags;
  readonly cause?: XRayCause;
}

function remoteHttp(call: RemoteCall, traced: boolean): Record<string, unknown> {
  const request: Record<string, unknown> = { url: call.url, method: call.method };
  if (traced) request.traced = call.traced === true;
  const response: Record<string, unknown> = { status: call.status };
  if (call.contentLength !== undefined) response.content_length = call.contentLength;
  return { request, response };
}

/** An outgoing HTTP call (namespace `remote`); its name is the host, as the X-Ray SDKs name it. */
export function remoteSubsegment(call: RemoteCall): XRaySubsegmentDocument {
  const doc: Doc = { id: call.id, name: hostOf(call.url), ...timing(call.interval), namespace: 'remote', ...flagFields(call.flags), http: remoteHttp(call, true) };
  if (call.cause !== undefined) doc.cause = call.cause;
  return doc;
}

/**
 * The segment X-Ray infers for an untraced remote HTTP call: named after the host, `inferred: true`,
 * the client's http fields, no `origin` (the map shows it as type `remote`).
 */
export function inferredRemoteSegment(id: string, traceId: string, call: RemoteCall): XRaySegmentDocument {
  return {
    id,
    name: hostOf(call.url),
    ...timing(call.interval),
    parent_id: call.id,
    inferred: true,
    ...flagFields(call.flags),
    http: remoteHttp(call, false),
    trace_id: traceId,
  };
}

/** A plain local subsegment (application code), with optional children. */
export function localSubsegment(
  id: string,
  name: string,
  interval: Interval,
  subsegments: readonly XRaySubsegmentDocument[] = [],
  extra: { readonly flags?: Flags; readonly cause?: XRayCause; readonly metadata?: Readonly<Record<string, unknown>> } = {},
): XRaySubsegmentDocument {
  const doc: Doc = { id, name, ...timing(interval), ...flagFields(extra.flags) };
  if (extra.cause !== undefined) doc.cause = extra.cause;
  if (extra.metadata !== undefined) doc.metadata = extra.metadata;
  if (subsegments.length > 0) doc.subsegments = subsegments;
  return doc;
}

import type { XRayCause, XRayException, XRaySegmentDocument, XRayStackFrame, XRaySubsegmentDocument } from '../model/index.ts';

/**
 * Builders for segment documents shaped the way X-Ray returns them from BatchGetTraces
 * (aws-reference.md §3 and Appendix B): same fields, same nesting, same key order. They take every
 * value explicitly (no randomness inside), so the incident generator and the scale generator
 * produce the same shapes. Times are epoch seconds; `end` undefined means `in_progress: true`.
 */

export interface Interval {
  readonly start: number;
  /** undefined: still in progress. */
  readonly end: number | undefined;
}

export interface Flags {
  readonly error?: boolean;
  readonly throttle?: boolean;
  readonly fault?: boolean;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type Doc = Mutable<XRaySubsegmentDocument>;

export function timing(interval: Interval): { start_time: number; end_time?: number; in_progress?: true } {
  return interval.end === undefined ? { start_time: interval.start, in_progress: true } : { start_time: interval.start, end_time: interval.end };
}

/** Only the flags that are set, in X-Ray's order (error, throttle, fault). */
export function flagFields(flags: Flags | undefined): Flags {
  const out: Mutable<Flags> = {};
  if (flags?.error) out.error = true;
  if (flags?.throttle) out.throttle = true;
  if (flags?.fault) out.fault = true;
  return out;
}

export function exceptionOf(id: string, type: string, message: string, remote: boolean, stack?: readonly XRayStackFrame[]): XRayException {
  const exception: Mutable<XRayException> = { id, message, type };
  if (remote) exception.remote = true;
  if (stack && stack.length > 0) exception.stack = stack;
  return exception;
}

export function causeOf(exceptions: readonly XRayException[], workingDirectory = '/var/task'): XRayCause {
  return { working_directory: workingDirectory, paths: [], exceptions };
}

export interface StageInfo {
  readonly apiName: string;
  readonly stage: string;
  readonly restApiId: string;
  readonly region: string;
  readonly accountId: string;
}

export interface StageRequest {
  readonly id: string;
  readonly traceId: string;
  readonly interval: Interval;
  readonly url: string;
  readonly method: string;
  readonly clientIp: string;
  readonly userAgent?: string;
  readonly status: number;
  readonly contentLength: number;
  readonly requestId: string;
  readonly extendedRequestId: string;
  readonly samplingRule?: string;
  readonly flags?: Flags;
  readonly subsegments: readonly XRaySubsegmentDocument[];
}

/** The API Gateway stage segment: `name` is `{api-name}/{stage}`, origin `AWS::ApiGateway::Stage`. */
export function stageSegment(stage: StageInfo, request: StageRequest): XRaySegmentDocument {
  const httpRequest: Record<string, unknown> = { url: request.url, method: request.method };
  if (request.userAgent !== undefined) httpRequest.user_agent = request.userAgent;
  httpRequest.client_ip = request.clientIp;
  httpRequest.x_forwarded_for = true;
  const doc: Doc = {
    id: request.id,
    name: `${stage.apiName}/${stage.stage}`,
    ...timing(request.interval),
    trace_id: request.traceId,
    origin: 'AWS::ApiGateway::Stage',
    resource_arn: `arn:aws:apigateway:${stage.region}::/restapis/${stage.restApiId}/stages/${stage.stage}`,
    ...flagFields(request.flags),
    http: { request: httpRequest, response: { status: request.status, content_length: request.contentLength } },
    aws: {
      xray: { sampling_rule_name: request.samplingRule ?? 'Default' },
      api_gateway: { account_id: stage.accountId, rest_api_id: stage.restApiId, stage: stage.stage, request_id: request.requestId },
    },
    annotations: { 'aws:api_id': stage.restApiId, 'aws:api_stage': stage.stage },
    metadata: { default: { extended_request_id: request.extendedRequestId, request_id: request.requestId } },
  };
  if (request.subsegments.length > 0) doc.subsegments = request.subsegments;
  return doc as XRaySegmentDocument;
}

export interface LambdaIntegration {
  readonly id: string;
  readonly interval: Interval;
  readonly functionName: string;
  readonly functionArn: string;
  readonly region: string;
  readonly status: number;
  readonly contentLength?: number;
  readonly flags?: Flags;
  readonly cause?: XRayCause;
}

/** The stage's `Lambda` integration subsegment (namespace aws, operation Invoke). */
export function lambdaIntegrationSubsegment(call: LambdaIntegration): XRaySubsegmentDocument {
  const response: Record<string, unknown> = { status: call.status };
  if (call.contentLength !== undefined) response.content_length = call.contentLength;
  const doc: Doc = {
    id: call.id,
    name: 'Lambda',
    ...timing(call.interval),
    namespace: 'aws',
    ...flagFields(call.flags),
    http: {
      request: { url: `https://lambda.${call.region}.amazonaws.com/2015-03-31/functions/${call.functionArn}/invocations`, method: 'POST' },
      response,
    },
    aws: { function_name: call.functionName, region: call.region, operation: 'Invoke', resource_names: [call.functionName] },
  };
  if (call.cause !== undefined) doc.cause = call.cause;
  return doc;
}

export interface LambdaServiceCall {
  readonly id: string;
  readonly traceId: string;
  readonly parentId: string;
  readonly interval: Interval;
  readonly functionName: string;
  readonly functionArn: string;
  readonly requestId: string;
  readonly status: number;
  readonly flags?: Flags;
}

/** The `AWS::Lambda` service segment; its parent is the caller's subsegment. */
export function lambdaServiceSegment(call: LambdaServiceCall): XRaySegmentDocument {
  return {
    id: call.id,
    name: call.functionName,
    ...timing(call.interval),
    parent_id: call.parentId,
    ...flagFields(call.flags),
    http: { response: { status: call.status } },
    aws: { request_id: call.requestId },
    trace_id: call.traceId,
    origin: 'AWS::Lambda',
    resource_arn: call.functionArn,
  };
}

export interface FunctionRun {
  readonly id: string;
  readonly traceId: string;
  /** The `AWS::Lambda` segment's id. */
  readonly parentId: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly accountId: string;
  readonly interval: Interval;
  /** Cold starts only. */
  readonly initialization?: { readonly id: string; readonly interval: Interval };
  readonly invocation: {
    readonly id: string;
    readonly interval: Interval;
    readonly annotations?: Readonly<Record<string, string | number | boolean>>;
    readonly flags?: Flags;
    readonly cause?: XRayCause;
    readonly subsegments: readonly XRaySubsegmentDocument[];
  };
  readonly overhead?: { readonly id: string; readonly interval: Interval };
  readonly flags?: Flags;
  readonly cause?: XRayCause;
}

/** The `AWS::Lambda::Function` segment with Initialization (cold starts), Invocation and Overhead. */
export function functionSegment(run: FunctionRun): XRaySegmentDocument {
  const arn = { function_arn: run.functionArn };
  const subsegments: XRaySubsegmentDocument[] = [];
  if (run.initialization) subsegments.push({ id: run.initialization.id, name: 'Initialization', ...timing(run.initialization.interval), aws: arn });
  const invocation: Doc = { id: run.invocation.id, name: 'Invocation', ...timing(run.invocation.interval), ...flagFields(run.invocation.flags), aws: arn };
  if (run.invocation.cause !== undefined) invocation.cause = run.invocation.cause;
  if (run.invocation.annotations && Object.keys(run.invocation.annotations).length > 0) invocation.annotations = run.invocation.annotations;
  if (run.invocation.subsegments.length > 0) invocation.subsegments = run.invocation.subsegments;
  subsegments.push(invocation);
  if (run.overhead) subsegments.push({ id: run.overhead.id, name: 'Overhead', ...timing(run.overhead.interval), aws: arn });
  const doc: Doc = {
    id: run.id,
    name: run.functionName,
    ...timing(run.interval),
    parent_id: run.parentId,
    ...flagFields(run.flags),
  };
  if (run.cause !== undefined) doc.cause = run.cause;
  doc.aws = { function_arn: run.functionArn, resource_names: [run.functionName], account_id: run.accountId };
  doc.trace_id = run.traceId;
  doc.origin = 'AWS::Lambda::Function';
  doc.subsegments = subsegments;
  return doc as XRaySegmentDocument;
}

import { jsonObject, jsonString } from '../../base/json.ts';
import type { Trace } from '../../model/trace.ts';
import { entryIndex } from './root-cause.ts';
import { serviceIdentity } from '../../dataset/index.ts';
import { NO_STRINGS, type AnnotationValue, type ListField } from './trace-facts.ts';

/**
 * What the filter reads from an assembled trace when no summary says it: the root's values,
 * the values over every segment, and the annotations. (Nodes and edges: node-index.ts.)
 */

/** Distinct values of a field over every segment of the trace. */
export function traceList(trace: Trace, field: ListField): readonly string[] {
  const values = new Set<string>();
  for (const span of trace.spans) {
    if (span.kind === 'subsegment') continue;
    const doc = span.doc;
    let value: string | undefined;
    if (field === 'users') value = jsonString(doc['user']);
    else if (field === 'resourceArns') value = jsonString(doc['resource_arn']);
    else {
      const ec2 = jsonObject(jsonObject(doc.aws)?.['ec2']);
      value = jsonString(ec2?.[field === 'instanceIds' ? 'instance_id' : 'availability_zone']);
    }
    if (value !== undefined) values.add(value);
  }
  return values.size ? [...values] : NO_STRINGS;
}

export function addAnnotation(map: Map<string, AnnotationValue[]>, key: string, value: unknown): void {
  if (typeof value !== 'string' && typeof value !== 'boolean' && !(typeof value === 'number' && Number.isFinite(value))) return;
  const values = map.get(key);
  if (!values) map.set(key, [value]);
  else if (!values.includes(value)) values.push(value);
}

/** Every annotation of every span (segments and subsegments), distinct values per key. */
export function traceAnnotations(trace: Trace): Map<string, AnnotationValue[]> {
  return addTraceAnnotations(new Map(), trace, 0, trace.spans.length);
}

/** The annotations of spans [from, to) added to `map` (a large trace is read in several calls). */
export function addTraceAnnotations(map: Map<string, AnnotationValue[]>, trace: Trace, from: number, to: number): Map<string, AnnotationValue[]> {
  const spans = trace.spans;
  for (let i = from; i < to; i++) {
    const own = jsonObject(spans[i]!.doc.annotations);
    if (own) for (const [key, value] of Object.entries(own)) addAnnotation(map, key, value);
  }
  return map;
}

/** Root-level values of the assembled trace: its entry segment's HTTP and status, and its times. */
export interface TraceScalars {
  readonly duration: number;
  readonly responseTime: number;
  readonly fault: boolean;
  readonly error: boolean;
  readonly throttle: boolean;
  readonly partial: boolean;
  readonly httpStatus: number;
  readonly url: string | undefined;
  readonly method: string | undefined;
  readonly userAgent: string | undefined;
  readonly clientIp: string | undefined;
  readonly entryName: string | undefined;
  readonly entryType: string | undefined;
}

export function traceScalars(trace: Trace): TraceScalars {
  const entry = entryIndex(trace);
  const root = entry >= 0 ? trace.spans[entry] : undefined;
  const http = root?.doc.http;
  const request = jsonObject(http?.request);
  const status = jsonObject(http?.response)?.['status'];
  const identity = root && root.kind !== 'subsegment' ? serviceIdentity(root) : undefined;
  return {
    duration: Math.max(0, trace.end - trace.start),
    responseTime: root?.end !== undefined ? Math.max(0, root.end - root.start) : Number.NaN,
    fault: root?.fault ?? false,
    error: root?.error ?? false,
    throttle: trace.hasThrottle,
    partial: trace.inProgressCount > 0,
    httpStatus: typeof status === 'number' ? status : Number.NaN,
    url: jsonString(request?.['url']),
    method: jsonString(request?.['method']),
    userAgent: jsonString(request?.['user_agent']),
    clientIp: jsonString(request?.['client_ip']),
    entryName: identity?.name ?? root?.name,
    entryType: identity?.type,
  };
}

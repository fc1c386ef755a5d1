import type { XRaySegmentDocument, XRayServiceId, XRaySpanDocument, XRayTraceSummary } from '../model/index.ts';
import { compileTrace, durationOf, exceptionsOf, forEachSpan, roundSeconds, serviceIdOf, serviceKeyOf, serviceNameOf } from './xray-compile.ts';
import type { CompiledTrace } from './xray-compile.ts';

/**
 * The GetTraceSummaries item X-Ray computes for one trace (aws-reference.md §2, Appendix A):
 * Duration spans every segment, ResponseTime is the root segment's, HasFault/HasError look at the
 * root segment, HasThrottle at every span, root causes follow the flagged segments down to the
 * deepest one. Where AWS documents no rule (Revision, the response-time root cause) the choice is
 * written beside the code.
 */

type AnnotationValue = { NumberValue: number } | { BooleanValue: boolean } | { StringValue: string };

function annotationValueOf(value: unknown): AnnotationValue | undefined {
  if (typeof value === 'number') return { NumberValue: value };
  if (typeof value === 'boolean') return { BooleanValue: value };
  if (typeof value === 'string') return { StringValue: value };
  return undefined;
}

type Kind = 'fault' | 'error';

function flagged(span: XRaySpanDocument, kind: Kind): boolean {
  return kind === 'fault' ? span.fault === true : span.error === true || span.throttle === true;
}

function hasExceptions(span: XRaySpanDocument): boolean {
  return exceptionsOf(span.cause).length > 0;
}

interface EntityStep {
  Name: string;
  Exceptions?: { Name: string; Message: string }[];
  Coverage?: number;
  Remote?: boolean;
}

/** Path from a segment down its flagged subsegments to the one that carries the exception. */
function flaggedEntityPath(trace: CompiledTrace, segment: XRaySegmentDocument, kind: Kind): EntityStep[] {
  if (segment.inferred === true) {
    // An inferred segment holds no cause: the client subsegment that called it does.
    const client = typeof segment.parent_id === 'string' ? trace.spanById.get(segment.parent_id) : undefined;
    return [{ Name: serviceNameOf(segment), Exceptions: exceptionsOf(client?.cause ?? segment.cause), Remote: true }];
  }
  const path: EntityStep[] = [{ Name: segment.name, Exceptions: exceptionsOf(segment.cause) }];
  let current: XRaySpanDocument = segment;
  while (!hasExceptions(current)) {
    const next: XRaySpanDocument | undefined = (current.subsegments ?? []).find((sub) => flagged(sub, kind) || hasExceptions(sub));
    if (next === undefined) break;
    const step: EntityStep = { Name: next.name, Exceptions: exceptionsOf(next.cause) };
    if (next.namespace === 'aws' || next.namespace === 'remote') step.Remote = true;
    path.push(step);
    current = next;
  }
  return path;
}

function rootCauses(trace: CompiledTrace, kind: Kind, accountId: string, clientImpacting: boolean): unknown[] {
  const seen = new Set<string>();
  const causes: unknown[] = [];
  for (const doc of trace.documents) {
    if (!flagged(doc, kind)) continue;
    const children = trace.childSegments.get(doc) ?? [];
    if (children.some((child) => flagged(child, kind))) continue;
    const key = serviceKeyOf(doc);
    if (seen.has(key)) continue;
    seen.add(key);
    const id = serviceIdOf(doc, accountId);
    causes.push({ Services: [{ ...id, EntityPath: flaggedEntityPath(trace, doc, kind), Inferred: doc.inferred === true }], ClientImpacting: clientImpacting });
  }
  return causes;
}

/**
 * The response-time root cause: the segment with the most time of its own (its duration minus
 * its child segments'), then the longest subsegment at each level below it, with Coverage = share
 * of the trace's response time. AWS does not document its algorithm; this is our approximation.
 */
function responseTimeRootCauses(trace: CompiledTrace, accountId: string, responseTime: number): unknown[] {
  if (!(responseTime > 0)) return [];
  let best: XRaySegmentDocument | undefined;
  let bestSelf = -1;
  for (const doc of trace.documents) {
    const duration = durationOf(doc);
    if (duration === undefined) continue;
    let self = duration;
    for (const child of trace.childSegments.get(doc) ?? []) self -= durationOf(child) ?? 0;
    if (self > bestSelf) {
      bestSelf = self;
      best = doc;
    }
  }
  if (best === undefined) return [];
  const coverage = (span: XRaySpanDocument): number => Math.round(Math.min(1, (durationOf(span) ?? 0) / responseTime) * 1000) / 1000;
  const path: EntityStep[] = [{ Name: serviceNameOf(best), Coverage: coverage(best) }];
  if (best.inferred === true) path[0] = { ...path[0], Remote: true } as EntityStep;
  let current: XRaySpanDocument = best;
  for (;;) {
    let longest: XRaySpanDocument | undefined;
    for (const sub of current.subsegments ?? []) if (longest === undefined || (durationOf(sub) ?? 0) > (durationOf(longest) ?? 0)) longest = sub;
    if (longest === undefined) break;
    const step: EntityStep = { Name: longest.name, Coverage: coverage(longest) };
    if (longest.namespace === 'aws' || longest.namespace === 'remote') step.Remote = true;
    path.push(step);
    current = longest;
  }
  return [{ Services: [{ ...serviceIdOf(best, accountId), EntityPath: path, Inferred: best.inferred === true }], ClientImpacting: true }];
}

function httpOf(root: XRaySegmentDocument | undefined): XRayTraceSummary['Http'] {
  const http: { HttpURL?: string; HttpStatus?: number; HttpMethod?: string; UserAgent?: string; ClientIp?: string } = {};
  const request = root?.http?.request;
  const status = root?.http?.response?.status;
  if (typeof request?.url === 'string') http.HttpURL = request.url;
  if (typeof status === 'number') http.HttpStatus = status;
  if (typeof request?.method === 'string') http.HttpMethod = request.method;
  if (typeof request?.user_agent === 'string') http.UserAgent = request.user_agent;
  if (typeof request?.client_ip === 'string') http.ClientIp = request.client_ip;
  return http;
}

/** The summary of one trace from its compiled segment documents. `accountId` fills ServiceIds. */
export function summarizeTrace(traceId: string, documents: readonly XRaySegmentDocument[], accountId: string): XRayTraceSummary {
  const trace = compileTrace(documents);
  const root = trace.root;
  let start = Infinity;
  let end = -Infinity;
  let hasThrottle = false;
  let isPartial = false;
  const annotations = new Map<string, { AnnotationValue: AnnotationValue; ServiceIds: XRayServiceId[] }[]>();
  const serviceIds = new Map<string, XRayServiceId>();
  const arns: string[] = [];
  const users: { UserName: string; ServiceIds: XRayServiceId[] }[] = [];
  for (const doc of documents) {
    const serviceId = serviceIdOf(doc, accountId);
    if (!serviceIds.has(serviceKeyOf(doc))) serviceIds.set(serviceKeyOf(doc), serviceId);
    if (typeof doc.resource_arn === 'string' && !arns.includes(doc.resource_arn)) arns.push(doc.resource_arn);
    if (typeof doc.user === 'string') users.push({ UserName: doc.user, ServiceIds: [serviceId] });
    forEachSpan(doc, (span) => {
      if (typeof span.start_time === 'number') start = Math.min(start, span.start_time);
      if (typeof span.end_time === 'number') end = Math.max(end, span.end_time);
      if (span.throttle === true) hasThrottle = true;
      if (span.in_progress === true) isPartial = true;
      const spanAnnotations = typeof span.annotations === 'object' && span.annotations !== null ? span.annotations : {};
      for (const [key, raw] of Object.entries(spanAnnotations)) {
        const value = annotationValueOf(raw);
        if (value === undefined) continue;
        const list = annotations.get(key) ?? [];
        const same = list.find((entry) => JSON.stringify(entry.AnnotationValue) === JSON.stringify(value));
        if (same) {
          if (!same.ServiceIds.some((id) => id.Name === serviceId.Name && id.Type === serviceId.Type)) same.ServiceIds.push(serviceId);
        } else {
          list.push({ AnnotationValue: value, ServiceIds: [serviceId] });
        }
        annotations.set(key, list);
      }
    });
  }
  const rootDuration = root ? durationOf(root) : undefined;
  const responseTime = rootDuration === undefined ? 0 : roundSeconds(rootDuration);
  const startTime = Number.isFinite(start) ? start : 0;
  return {
    Id: traceId,
    StartTime: startTime,
    Duration: Number.isFinite(end) && end >= startTime ? roundSeconds(end - startTime) : 0,
    ResponseTime: responseTime,
    HasFault: root?.fault === true,
    HasError: root?.error === true,
    HasThrottle: hasThrottle,
    IsPartial: isPartial,
    Http: httpOf(root),
    Annotations: Object.fromEntries(annotations),
    Users: users,
    ServiceIds: [...serviceIds.values()],
    ResourceARNs: arns.map((arn) => ({ ARN: arn })),
    InstanceIds: [],
    AvailabilityZones: [],
    ...(root ? { EntryPoint: serviceIdOf(root, accountId) } : {}),
    FaultRootCauses: rootCauses(trace, 'fault', accountId, root?.fault === true),
    ErrorRootCauses: rootCauses(trace, 'error', accountId, root?.error === true || root?.throttle === true),
    ResponseTimeRootCauses: responseTimeRootCauses(trace, accountId, responseTime),
    // X-Ray bumps Revision as segments of the trace arrive; we count the emitted (non-inferred) ones.
    Revision: documents.filter((doc) => doc.inferred !== true).length,
    MatchedEventTime: startTime,
  };
}

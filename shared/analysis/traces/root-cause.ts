import { jsonObject, jsonString } from '../../base/json.ts';
import type { Span, Trace } from '../../model/trace.ts';
import type { XRayCause } from '../../model/xray.ts';
import { serviceIdentity } from '../../dataset/index.ts';

/**
 * Root causes of a trace, the way GetTraceSummaries reports them (aws-reference.md §2:
 * `FaultRootCauses`, `ErrorRootCauses`, `ResponseTimeRootCauses`), in one normalised, readonly
 * shape. Read from a summary when the snapshot has one (`rootCausesFromSummary`, which treats the
 * summary as untrusted input), else computed from the assembled trace (`computeRootCauses`).
 */
export type RootCauseKind = 'fault' | 'error' | 'responsetime';

export interface RootCauseException {
  readonly name: string;
  readonly message: string;
}

export interface RootCauseEntity {
  readonly name: string;
  readonly exceptions: readonly RootCauseException[];
  readonly remote: boolean;
  /** Share of the response time (ResponseTimeRootCauses only). */
  readonly coverage: number | undefined;
}

export interface RootCauseService {
  readonly name: string;
  readonly names: readonly string[];
  readonly type: string;
  readonly accountId: string | undefined;
  readonly inferred: boolean;
  /** From the service's segment down to the entity that carries the exception. */
  readonly entityPath: readonly RootCauseEntity[];
}

export interface RootCause {
  readonly services: readonly RootCauseService[];
  readonly clientImpacting: boolean;
}

const NO_CAUSES: readonly RootCause[] = [];

function text(value: unknown): string {
  return jsonString(value) ?? '';
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `FaultRootCauses` (or Error…, ResponseTime…) of a summary as AWS sent it; malformed items are skipped. */
export function rootCausesFromSummary(raw: unknown): readonly RootCause[] {
  if (!Array.isArray(raw) || raw.length === 0) return NO_CAUSES;
  const causes: RootCause[] = [];
  for (const item of raw) {
    const cause = jsonObject(item);
    if (!cause) continue;
    const services: RootCauseService[] = [];
    for (const rawService of list(cause['Services'])) {
      const service = jsonObject(rawService);
      if (!service) continue;
      const name = text(service['Name']);
      const names = list(service['Names']).filter((n): n is string => typeof n === 'string');
      const entityPath: RootCauseEntity[] = [];
      for (const rawEntity of list(service['EntityPath'])) {
        const entity = jsonObject(rawEntity);
        if (!entity) continue;
        const exceptions: RootCauseException[] = [];
        for (const rawException of list(entity['Exceptions'])) {
          const exception = jsonObject(rawException);
          if (exception) exceptions.push({ name: text(exception['Name']), message: text(exception['Message']) });
        }
        const coverage = entity['Coverage'];
        entityPath.push({ name: text(entity['Name']), exceptions, remote: entity['Remote'] === true, coverage: typeof coverage === 'number' ? coverage : undefined });
      }
      const accountId = service['AccountId'];
      services.push({
        name,
        names: names.length ? names : name ? [name] : [],
        type: text(service['Type']),
        accountId: typeof accountId === 'string' ? accountId : undefined,
        inferred: service['Inferred'] === true,
        entityPath,
      });
    }
    causes.push({ services, clientImpacting: cause['ClientImpacting'] === true });
  }
  return causes;
}

/** The exceptions of a `cause` object; a bare exception id (a reference elsewhere) gives none. */
export function exceptionsOfCause(cause: XRayCause | undefined): RootCauseException[] {
  const exceptions = typeof cause === 'object' && cause !== null ? cause.exceptions : undefined;
  if (!Array.isArray(exceptions)) return [];
  const out: RootCauseException[] = [];
  for (const exception of exceptions) {
    const item = jsonObject(exception);
    if (item) out.push({ name: text(item['type']), message: text(item['message']) });
  }
  return out;
}

const isNode = (span: Span): boolean => span.kind !== 'subsegment';
const isRemoteCall = (span: Span): boolean => span.namespace === 'aws' || span.namespace === 'remote';
const flaggedAs = (span: Span, kind: 'fault' | 'error'): boolean => (kind === 'fault' ? span.fault : span.error || span.throttle);

/** Index of the first root that is a segment (the entry point), or -1. */
export function entryIndex(trace: Trace): number {
  for (let i = 0; i < trace.spans.length; i += trace.size[i] ?? 1) {
    if (trace.spans[i]?.kind === 'segment' && (trace.parent[i] ?? -1) < 0) return i;
  }
  return trace.spans.length > 0 ? 0 : -1;
}

/** The segment (or inferred node) each span belongs to: itself for nodes, else its nearest node ancestor; -1 for none. */
export function nodeOwners(trace: Trace): Int32Array {
  const owner = new Int32Array(trace.spans.length);
  for (let i = 0; i < trace.spans.length; i++) {
    const p = trace.parent[i] ?? -1;
    owner[i] = isNode(trace.spans[i]!) ? i : p >= 0 ? owner[p]! : -1;
  }
  return owner;
}

function duration(span: Span): number {
  return span.end === undefined ? 0 : Math.max(0, span.end - span.start);
}

function serviceOf(span: Span, entityPath: RootCauseEntity[], accountId: string | undefined): RootCauseService {
  const { name, type } = serviceIdentity(span);
  return { name, names: [name], type, accountId, inferred: span.inferred, entityPath };
}

function accountOf(span: Span): string | undefined {
  const aws = span.doc.aws;
  const id = aws && typeof aws === 'object' ? (aws as Record<string, unknown>)['account_id'] : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Root causes computed from the spans, following what X-Ray documents and the summaries it
 * returns: a fault (5xx) or error (4xx/429) root cause is a flagged node none of whose child nodes
 * is flagged alike; its entity path goes from the node's segment down its flagged subsegments to
 * the first one that carries an exception. An inferred node carries no cause: the exceptions are
 * those of the client subsegment that called it, and it is `remote`. The response-time root cause
 * is the node with the most time of its own, then the longest subsegment at each level below it
 * (AWS does not document that algorithm; the generator's summaries use the same one).
 */
export function computeRootCauses(trace: Trace, kind: RootCauseKind): readonly RootCause[] {
  if (trace.spans.length === 0) return NO_CAUSES;
  const entry = entryIndex(trace);
  const rootSpan = entry >= 0 ? trace.spans[entry] : undefined;
  if (kind === 'responsetime') return responseTimeRootCauses(trace, rootSpan ? duration(rootSpan) : 0);
  const owner = nodeOwners(trace);
  const n = trace.spans.length;
  const flaggedChild = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const span = trace.spans[i]!;
    const p = trace.parent[i] ?? -1;
    if (isNode(span) && p >= 0 && flaggedAs(span, kind) && owner[p]! >= 0) flaggedChild[owner[p]!] = 1;
  }
  const clientImpacting = rootSpan !== undefined && flaggedAs(rootSpan, kind);
  const seen = new Set<string>();
  const causes: RootCause[] = [];
  for (let i = 0; i < n; i++) {
    const span = trace.spans[i]!;
    if (!isNode(span) || !flaggedAs(span, kind) || flaggedChild[i] === 1) continue;
    const { name, type } = serviceIdentity(span);
    const key = `${type}|${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const p = trace.parent[i] ?? -1;
    const account = accountOf(span) ?? (p >= 0 && owner[p]! >= 0 ? accountOf(trace.spans[owner[p]!]!) : undefined);
    causes.push({ services: [serviceOf(span, flaggedPath(trace, i, kind), account)], clientImpacting });
  }
  return causes;
}

function flaggedPath(trace: Trace, index: number, kind: 'fault' | 'error'): RootCauseEntity[] {
  const span = trace.spans[index]!;
  if (span.inferred) {
    const p = trace.parent[index] ?? -1;
    const client = p >= 0 ? trace.spans[p] : undefined;
    const cause = client?.doc.cause ?? span.doc.cause;
    return [{ name: serviceIdentity(span).name, exceptions: exceptionsOfCause(cause), remote: true, coverage: undefined }];
  }
  const path: RootCauseEntity[] = [{ name: span.name, exceptions: exceptionsOfCause(span.doc.cause), remote: false, coverage: undefined }];
  let current = index;
  while (path[path.length - 1]!.exceptions.length === 0) {
    let next = -1;
    const end = current + (trace.size[current] ?? 1);
    for (let child = current + 1; child < end; child += trace.size[child] ?? 1) {
      const candidate = trace.spans[child]!;
      if (candidate.kind !== 'subsegment') continue;
      if (flaggedAs(candidate, kind) || exceptionsOfCause(candidate.doc.cause).length > 0) {
        next = child;
        break;
      }
    }
    if (next < 0) break;
    const sub = trace.spans[next]!;
    path.push({ name: sub.name, exceptions: exceptionsOfCause(sub.doc.cause), remote: isRemoteCall(sub), coverage: undefined });
    current = next;
  }
  return path;
}

function responseTimeRootCauses(trace: Trace, responseTime: number): readonly RootCause[] {
  if (!(responseTime > 0)) return NO_CAUSES;
  const n = trace.spans.length;
  const owner = nodeOwners(trace);
  const self = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const span = trace.spans[i]!;
    if (!isNode(span) || span.end === undefined) continue;
    self[i] = self[i]! + duration(span);
    const p = trace.parent[i] ?? -1;
    const caller = p >= 0 ? owner[p]! : -1;
    if (caller >= 0) self[caller] = self[caller]! - duration(span);
  }
  let best = -1;
  for (let i = 0; i < n; i++) {
    const span = trace.spans[i]!;
    if (isNode(span) && span.end !== undefined && (best < 0 || self[i]! > self[best]!)) best = i;
  }
  if (best < 0) return NO_CAUSES;
  const coverage = (span: Span): number => Math.round(Math.min(1, duration(span) / responseTime) * 1000) / 1000;
  const bestSpan = trace.spans[best]!;
  const path: RootCauseEntity[] = [{ name: serviceIdentity(bestSpan).name, exceptions: [], remote: bestSpan.inferred, coverage: coverage(bestSpan) }];
  let current = best;
  for (;;) {
    let longest = -1;
    const end = current + (trace.size[current] ?? 1);
    for (let child = current + 1; child < end; child += trace.size[child] ?? 1) {
      if (trace.spans[child]!.kind !== 'subsegment') continue;
      if (longest < 0 || duration(trace.spans[child]!) > duration(trace.spans[longest]!)) longest = child;
    }
    if (longest < 0) break;
    const sub = trace.spans[longest]!;
    path.push({ name: sub.name, exceptions: [], remote: isRemoteCall(sub), coverage: coverage(sub) });
    current = longest;
  }
  return [{ services: [serviceOf(bestSpan, path, accountOf(bestSpan))], clientImpacting: true }];
}

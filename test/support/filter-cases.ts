import { compileFilter, matchingIndices } from '../../shared/analysis/traces/filter.ts';
import type { TraceTable } from '../../shared/analysis/traces/trace-table.ts';
import type { GeneratedIncident } from '../../shared/generator/index.ts';
import type { XRaySegmentDocument, XRaySpanDocument, XRayTraceSummary } from '../../shared/model/xray.ts';

/**
 * Filter expressions (the X-Ray documentation's examples, with the incident's names) and how
 * many traces of a generated incident each must match, counted here from the raw generated data
 * (the GetTraceSummaries items and the segment documents) without the code under test. The demo
 * test (filter-demo.test.ts) and the small-incident test (filter-small.test.ts, the one the
 * mutation run uses) check the same cases on different incidents.
 */

/** The ids of the traces of `table` that `text` matches, in table order; an expression that does not compile throws, naming it. */
export function matchingIds(table: TraceTable, text: string): string[] {
  const result = compileFilter(text);
  if (!result.ok) throw new Error(`${text}: ${result.problem.message}`);
  return [...matchingIndices(result.filter, table)].map((i) => table.ids[i]!);
}

/** An expression and the number of traces it must match. */
export type FilterCase = readonly [text: string, expected: number];

export interface FilterCases {
  /** Trace-level keywords, counted from the summaries (X-Ray evaluates them there). */
  readonly booleans: readonly FilterCase[];
  readonly numbers: readonly FilterCase[];
  readonly strings: readonly FilterCase[];
  /** Counted from the segments: the same with or without summaries. */
  readonly annotations: readonly FilterCase[];
  readonly nodes: readonly FilterCase[];
  /** Counted from the summaries' root causes: the same when computed from the segments. */
  readonly rootCauses: readonly FilterCase[];
  /** Trace-level expressions whose answer must be the same from the segments as from the summaries. */
  readonly sameBothWays: readonly string[];
  /** Expressions of the cases above that must match at least one trace (so their cases can fail). */
  readonly nonEmpty: readonly string[];
}

/** Every span of a segment document, iteratively. */
function spansOf(segment: XRaySegmentDocument): XRaySpanDocument[] {
  const out: XRaySpanDocument[] = [];
  const stack: XRaySpanDocument[] = [segment];
  while (stack.length) {
    const span = stack.pop()!;
    out.push(span);
    stack.push(...(span.subsegments ?? []));
  }
  return out;
}

const quantile = (values: number[], q: number): number => [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!;

/** Annotation values of a trace from its documents (every span). */
function annotations(docs: XRaySegmentDocument[], key: string): unknown[] {
  const values: unknown[] = [];
  for (const doc of docs) for (const span of spansOf(doc)) if (span.annotations && Object.hasOwn(span.annotations, key)) values.push(span.annotations[key]);
  return values;
}

/** A segment matching `callee` called from a span of a segment matching `caller`, satisfying `test`. */
function callFrom(docs: XRaySegmentDocument[], caller: (doc: XRaySegmentDocument) => boolean, callee: (doc: XRaySegmentDocument) => boolean, test: (segment: XRaySegmentDocument) => boolean): boolean {
  const callerSpans = new Set(docs.filter(caller).flatMap((doc) => spansOf(doc).map((span) => span.id)));
  return docs.some((d) => d.parent_id !== undefined && callerSpans.has(d.parent_id) && callee(d) && test(d));
}

type CauseField = 'FaultRootCauses' | 'ErrorRootCauses' | 'ResponseTimeRootCauses';
type SummaryCause = { Services: { Name: string; Type: string; EntityPath: { Name: string; Coverage?: number; Remote?: boolean; Exceptions?: { Name: string; Message: string }[] }[] }[] };

function rootCauses(summary: XRayTraceSummary, field: CauseField): SummaryCause[] {
  return (summary[field] ?? []) as never;
}

export function filterCases(incident: GeneratedIncident): FilterCases {
  const summaries = incident.summaries;
  const documents = incident.traces.map((trace) => trace.Segments.map((segment) => JSON.parse(segment.Document) as XRaySegmentDocument));
  const tracesWhere = (test: (docs: XRaySegmentDocument[]) => boolean): number => documents.filter(test).length;
  const summariesWhere = (test: (summary: XRayTraceSummary) => boolean): number => summaries.filter(test).length;
  const bySummaries = (cases: [string, (s: XRayTraceSummary) => boolean][]): FilterCase[] => cases.map(([text, test]) => [text, summariesWhere(test)]);
  const byTraces = (cases: [string, (docs: XRaySegmentDocument[]) => boolean][]): FilterCase[] => cases.map(([text, test]) => [text, tracesWhere(test)]);
  const facts = incident.facts;
  const { functionName: fn, tableName, stageNodeName: stage, externalHost } = facts;

  const booleans = bySummaries([
    ['fault', (s) => s.HasFault === true],
    ['error', (s) => s.HasError === true],
    ['throttle', (s) => s.HasThrottle === true],
    ['partial', (s) => s.IsPartial === true],
    ['ok', (s) => !s.HasFault && !s.HasError],
    ['!ok', (s) => s.HasFault === true || s.HasError === true],
    ['NOT fault', (s) => !s.HasFault],
    ['fault = false', (s) => !s.HasFault],
    ['error != true', (s) => !s.HasError],
    ['!(fault OR error)', (s) => !s.HasFault && !s.HasError],
    ['throttle AND !fault', (s) => s.HasThrottle === true && !s.HasFault],
  ]);

  const responseTimes = summaries.map((s) => s.ResponseTime ?? 0);
  const durations = summaries.map((s) => s.Duration ?? 0);
  const p90 = quantile(responseTimes, 0.9);
  const [low, high] = [quantile(durations, 0.25), quantile(durations, 0.75)];
  const statuses = [...new Set(summaries.map((s) => s.Http?.HttpStatus))];
  const numbers = bySummaries([
    [`responsetime > ${p90}`, (s) => s.ResponseTime! > p90],
    [`duration >= ${low} AND duration <= ${high}`, (s) => s.Duration! >= low && s.Duration! <= high],
    [`ok !partial duration < ${high}`, (s) => !s.HasFault && !s.HasError && !s.IsPartial && s.Duration! < high],
    ['fault AND responsetime > 1', (s) => s.HasFault === true && s.ResponseTime! > 1],
    ['FAULT and ResponseTime > 1', (s) => s.HasFault === true && s.ResponseTime! > 1],
    ...statuses.flatMap((status): [string, (s: XRayTraceSummary) => boolean][] => [
      [`http.status = ${status}`, (s) => s.Http?.HttpStatus === status],
      [`http.status != ${status}`, (s) => s.Http?.HttpStatus !== status],
    ]),
    ['http.status >= 500', (s) => (s.Http?.HttpStatus ?? 0) >= 500],
  ]);

  const ip = summaries[0]!.Http!.ClientIp!;
  const agentPrefix = summaries[0]!.Http!.UserAgent!.slice(0, 6);
  const strings = bySummaries([
    ['http.method = "GET"', (s) => s.Http?.HttpMethod === 'GET'],
    ['http.method != "GET"', (s) => s.Http?.HttpMethod !== 'GET'],
    ['http.method = "get"', (s) => s.Http?.HttpMethod === 'get'],
    ['http.url CONTAINS "/orders/"', (s) => s.Http?.HttpURL?.includes('/orders/') === true],
    ['http.url BEGINSWITH "https://"', (s) => s.Http?.HttpURL?.startsWith('https://') === true],
    ['http.url ENDSWITH "/orders"', (s) => s.Http?.HttpURL?.endsWith('/orders') === true],
    [`http.clientip = "${ip}"`, (s) => s.Http?.ClientIp === ip],
    [`http.useragent BEGINSWITH "${agentPrefix}"`, (s) => s.Http?.UserAgent?.startsWith(agentPrefix) === true],
    ['user CONTAINS ""', (s) => ((s['Users'] as unknown[]) ?? []).length > 0],
    [`name = "${stage}"`, (s) => s.EntryPoint?.Name === stage],
    ['type = "AWS::ApiGateway::Stage"', (s) => s.EntryPoint?.Type === 'AWS::ApiGateway::Stage'],
    [`resource.arn = "${facts.functionArn}"`, (s) => ((s['ResourceARNs'] as { ARN: string }[]) ?? []).some((r) => r.ARN === facts.functionArn)],
  ]);

  const tenants = [...new Set(documents.flatMap((docs) => annotations(docs, 'tenant')))] as string[];
  const annotationCases = byTraces([
    ...tenants.flatMap((tenant): [string, (docs: XRaySegmentDocument[]) => boolean][] => [
      [`annotation.tenant = "${tenant}"`, (docs) => annotations(docs, 'tenant').includes(tenant)],
      [`annotation.tenant != "${tenant}"`, (docs) => !annotations(docs, 'tenant').includes(tenant)],
    ]),
    ['annotation.items', (docs) => annotations(docs, 'items').length > 0],
    ['!annotation.items', (docs) => annotations(docs, 'items').length === 0],
    ['annotation.items > 3', (docs) => annotations(docs, 'items').some((v) => typeof v === 'number' && v > 3)],
    ['annotation.items = 2', (docs) => annotations(docs, 'items').includes(2)],
    ['annotation.cold_start = true', (docs) => annotations(docs, 'cold_start').includes(true)],
    ['annotation.cold_start = false', (docs) => annotations(docs, 'cold_start').includes(false)],
    ['annotation.tenant BEGINSWITH "a"', (docs) => annotations(docs, 'tenant').some((v) => typeof v === 'string' && v.startsWith('a'))],
    [`annotation[aws:api_id] = "${facts.restApiId}"`, (docs) => annotations(docs, 'aws:api_id').includes(facts.restApiId)],
    [`annotation.aws:api_stage = "${facts.stage}"`, (docs) => annotations(docs, 'aws:api_stage').includes(facts.stage)],
    ['annotation.missing_key', () => false],
    ['annotation.items = "2"', (docs) => annotations(docs, 'items').includes('2')],
    // Every operator on a number, a boolean and a string value; `!=` holds when no value is equal (or the key is unset).
    ['annotation.items != 2', (docs) => !annotations(docs, 'items').includes(2)],
    ['annotation.items < 2', (docs) => annotations(docs, 'items').some((v) => typeof v === 'number' && v < 2)],
    ['annotation.items <= 2', (docs) => annotations(docs, 'items').some((v) => typeof v === 'number' && v <= 2)],
    ['annotation.items >= 3', (docs) => annotations(docs, 'items').some((v) => typeof v === 'number' && v >= 3)],
    ['annotation.cold_start != true', (docs) => !annotations(docs, 'cold_start').includes(true)],
    ['annotation.cold_start = "true"', (docs) => annotations(docs, 'cold_start').includes('true')],
    ['annotation.tenant CONTAINS "e"', (docs) => annotations(docs, 'tenant').some((v) => typeof v === 'string' && v.includes('e'))],
    ['annotation.tenant ENDSWITH "e"', (docs) => annotations(docs, 'tenant').some((v) => typeof v === 'string' && v.endsWith('e'))],
    ['annotation.tenant = 1', (docs) => annotations(docs, 'tenant').includes(1)],
  ]);

  const isTable = (d: XRaySegmentDocument) => d.inferred === true && (d.aws as { table_name?: string } | undefined)?.table_name === tableName;
  const isFunction = (d: XRaySegmentDocument) => d.name === fn && d.inferred !== true;
  const rt = quantile(responseTimes, 0.75);
  const duration = (d: XRaySpanDocument) => (d.end_time ?? NaN) - d.start_time;
  const tenant = annotations(documents[0]!, 'tenant')[0] as string;
  const nodes = byTraces([
    [`service("${tableName}")`, (docs) => docs.some(isTable)],
    [`service("${tableName}") { throttle }`, (docs) => docs.some((d) => isTable(d) && d.throttle === true)],
    [`service("${fn}") { fault }`, (docs) => docs.some((d) => isFunction(d) && d.fault === true)],
    [`service(id(name: "${fn}", type: "AWS::Lambda::Function")) { responsetime > ${rt} }`, (docs) => docs.some((d) => isFunction(d) && d.origin === 'AWS::Lambda::Function' && duration(d) > rt)],
    [`service(id(type: "AWS::SQS::Queue"))`, (docs) => docs.some((d) => d.origin === 'AWS::SQS::Queue')],
    ['service() { fault }', (docs) => docs.some((d) => d.fault === true)],
    ['service() { error }', (docs) => docs.some((d) => d.error === true)],
    ['service() { throttle }', (docs) => docs.some((d) => d.throttle === true)],
    ['service() { inferred AND error }', (docs) => docs.some((d) => d.inferred === true && d.error === true)],
    ['service() { ok AND !root }', (docs) => docs.some((d) => d.parent_id !== undefined && d.fault !== true && d.error !== true && d.throttle !== true)],
    [`service("${stage}") { http.status >= 500 }`, (docs) => docs.some((d) => d.name === stage && (d.http?.response?.status ?? 0) >= 500)],
    [`service("${tableName}") { http.status = 400 AND throttle }`, (docs) => docs.some((d) => isTable(d) && d.http?.response?.status === 400 && d.throttle === true)],
    [`service(id(type: "AWS::Lambda")) { partial OR inferred }`, (docs) => docs.some((d) => d.origin === 'AWS::Lambda' && (d.in_progress === true || d.inferred === true))],
    [`!service("${externalHost}")`, (docs) => !docs.some((d) => d.inferred === true && d.name === externalHost)],
    [`service("${externalHost}") { error OR fault }`, (docs) => docs.some((d) => d.inferred === true && d.name === externalHost && (d.error === true || d.fault === true))],
    [`edge("${stage}", "${fn}") { fault = true }`, (docs) => callFrom(docs, (d) => d.name === stage, isFunction, (segment) => segment.fault === true)],
    [`edge("${fn}", "${tableName}") { error }`, (docs) => callFrom(docs, isFunction, isTable, (segment) => segment.error === true)],
    [`edge("${fn}", "${tableName}") { responsetime > 0.1 }`, (docs) => callFrom(docs, isFunction, isTable, (segment) => duration(segment) > 0.1)],
    [
      `service("${fn}") { fault = true OR responsetime > ${rt} } AND annotation.tenant = "${tenant}"`,
      (docs) => docs.some((d) => isFunction(d) && (d.fault === true || duration(d) > rt)) && annotations(docs, 'tenant').includes(tenant),
    ],
    [
      `http.url BEGINSWITH "https://" AND http.url CONTAINS "/orders" AND !service("${externalHost}")`,
      (docs) => {
        const url = docs.find((d) => d.parent_id === undefined)?.http?.request?.url ?? '';
        return url.startsWith('https://') && url.includes('/orders') && !docs.some((d) => d.name === externalHost);
      },
    ],
  ]);

  const faulted = summaries.find((s) => rootCauses(s, 'FaultRootCauses').length > 0);
  const exceptionName = faulted === undefined ? 'none' : rootCauses(faulted, 'FaultRootCauses')[0]!.Services[0]!.EntityPath.at(-1)!.Exceptions![0]!.Name;
  const services = (s: XRayTraceSummary, field: CauseField) => rootCauses(s, field).flatMap((cause) => cause.Services);
  const rootCauseCases = bySummaries([
    [`rootcause.fault.exception { name = "${exceptionName}" }`, (s) => services(s, 'FaultRootCauses').some((v) => v.EntityPath.some((e) => e.Exceptions?.some((x) => x.Name === exceptionName)))],
    ['rootcause.fault.exception { message CONTAINS "throughput" }', (s) => services(s, 'FaultRootCauses').some((v) => v.EntityPath.some((e) => e.Exceptions?.some((x) => x.Message.includes('throughput'))))],
    [`rootcause.fault.service { name = "${fn}" }`, (s) => services(s, 'FaultRootCauses').some((v) => v.Name === fn)],
    ['rootcause.fault.service { first AND last }', (s) => rootCauses(s, 'FaultRootCauses').some((c) => c.Services.length === 1)],
    ['rootcause.error.service { type = "AWS::DynamoDB::Table" }', (s) => services(s, 'ErrorRootCauses').some((v) => v.Type === 'AWS::DynamoDB::Table')],
    ['rootcause.error.entity { remote }', (s) => services(s, 'ErrorRootCauses').some((v) => v.EntityPath.some((e) => e.Remote === true))],
    [`rootcause.responsetime.service { name = "${tableName}" }`, (s) => services(s, 'ResponseTimeRootCauses').some((v) => v.Name === tableName)],
    [`rootcause.responsetime.entity { name = "${tableName}" AND coverage > 0.5 }`, (s) => services(s, 'ResponseTimeRootCauses').some((v) => v.EntityPath.some((e) => e.Name === tableName && (e.Coverage ?? 0) > 0.5))],
    // Positions in a cause: services and entity paths (the function's paths have three entities).
    ...(['FaultRootCauses', 'ErrorRootCauses', 'ResponseTimeRootCauses'] as const).flatMap((field): [string, (s: XRayTraceSummary) => boolean][] => {
      const kind = field === 'FaultRootCauses' ? 'fault' : field === 'ErrorRootCauses' ? 'error' : 'responsetime';
      const paths = (s: XRayTraceSummary) => services(s, field).map((v) => v.EntityPath);
      const exceptions = (s: XRayTraceSummary) => services(s, field).flatMap((v) => v.EntityPath.map((e) => ({ remote: e.Remote === true, list: e.Exceptions ?? [] })));
      return [
        [`rootcause.${kind}.service { first }`, (s) => rootCauses(s, field).some((c) => c.Services.length > 0)],
        [`rootcause.${kind}.service { last AND index = 0 }`, (s) => rootCauses(s, field).some((c) => c.Services.length === 1)],
        [`rootcause.${kind}.service { inferred }`, (s) => services(s, field).some((v) => (v as { Inferred?: boolean }).Inferred === true)],
        [`rootcause.${kind}.service { remote }`, (s) => services(s, field).some((v) => v.EntityPath[0]?.Remote === true)],
        [`rootcause.${kind}.service { type = "remote" }`, (s) => services(s, field).some((v) => v.Type === 'remote')],
        [`rootcause.${kind}.entity { first AND name = "${fn}" }`, (s) => paths(s).some((path) => path[0]?.Name === fn)],
        [`rootcause.${kind}.entity { last AND remote }`, (s) => paths(s).some((path) => path.at(-1)?.Remote === true)],
        [`rootcause.${kind}.entity { last AND !remote }`, (s) => paths(s).some((path) => path.length > 0 && path.at(-1)!.Remote !== true)],
        [`rootcause.${kind}.entity { index = 1 AND name = "Invocation" }`, (s) => paths(s).some((path) => path[1]?.Name === 'Invocation')],
        [`rootcause.${kind}.entity { !first AND !last }`, (s) => paths(s).some((path) => path.length > 2)],
        [`rootcause.${kind}.entity { index >= 2 }`, (s) => paths(s).some((path) => path.length > 2)],
        [`rootcause.${kind}.entity { remote }`, (s) => paths(s).some((path) => path.some((e) => e.Remote === true))],
        [`rootcause.${kind}.entity { message CONTAINS "" }`, (s) => paths(s).some((path) => path.some((e) => (e.Exceptions ?? []).length > 0))],
        ...(kind === 'responsetime'
          ? ([
              [`rootcause.responsetime.service { coverage > 0.8 }`, (s) => services(s, field).some((v) => (v.EntityPath[0]?.Coverage ?? 0) > 0.8)],
              [`rootcause.responsetime.entity { coverage < 0.2 }`, (s) => paths(s).some((path) => path.some((e) => e.Coverage !== undefined && e.Coverage < 0.2))],
            ] as [string, (s: XRayTraceSummary) => boolean][])
          : ([
              [`rootcause.${kind}.exception { first AND last AND index = 0 }`, (s) => exceptions(s).some((e) => e.list.length === 1)],
              [`rootcause.${kind}.exception { remote }`, (s) => exceptions(s).some((e) => e.remote && e.list.length > 0)],
              [`rootcause.${kind}.exception { !remote }`, (s) => exceptions(s).some((e) => !e.remote && e.list.length > 0)],
              [`rootcause.${kind}.exception { index > 0 OR !last }`, (s) => exceptions(s).some((e) => e.list.length > 1)],
            ] as [string, (s: XRayTraceSummary) => boolean][])),
      ];
    }),
  ]);

  // Thresholds between two recorded values: summaries round to the millisecond.
  const threshold = quantile(responseTimes, 0.8) + 0.0005;
  const sameBothWays = ['fault', 'error', 'throttle', 'ok', 'partial', `responsetime > ${threshold}`, `duration > ${threshold}`, 'http.status = 502', 'http.method = "POST"', 'http.url CONTAINS "/orders/"', `name = "${stage}"`, 'type = "AWS::ApiGateway::Stage"'];

  const nonEmpty = [...tenants.slice(0, 2).map((value) => `annotation.tenant = "${value}"`), 'fault', `responsetime > ${p90}`, 'http.url CONTAINS "/orders/"', `service("${tableName}") { throttle }`, `edge("${stage}", "${fn}") { fault = true }`, `rootcause.fault.exception { name = "${exceptionName}" }`, 'rootcause.responsetime.entity { !first AND !last }', 'rootcause.responsetime.service { coverage > 0.8 }', 'annotation.items < 2', 'annotation.cold_start != true', 'annotation.tenant ENDSWITH "e"'];
  return { booleans, numbers, strings, annotations: annotationCases, nodes, rootCauses: rootCauseCases, sameBothWays, nonEmpty };
}

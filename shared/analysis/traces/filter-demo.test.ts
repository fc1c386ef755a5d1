import { beforeAll, describe, expect, it } from 'vitest';
import { toSnapshotContent, type GeneratedIncident } from '../../generator/index.ts';
import type { XRaySegmentDocument, XRaySpanDocument, XRayTraceSummary } from '../../model/xray.ts';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { compileFilter, matchingIndices } from './filter.ts';
import { TraceTable } from './trace-table.ts';
import { demoIncident } from '../../../test/support/demo-incident.ts';

/**
 * Filter expressions (the X-Ray documentation's examples, with the demo's names) evaluated on
 * the generated demo incident. Every expected count is computed here from the raw generated
 * data — the GetTraceSummaries items and the segment documents — without the code under test.
 */

let incident: GeneratedIncident;
let table: TraceTable;
/** The same incident without its summaries: everything computed from the segments. */
let tracesOnly: TraceTable;
let summaries: readonly XRayTraceSummary[];
let documents: Map<string, XRaySegmentDocument[]>;

function count(table: TraceTable, text: string): number {
  const result = compileFilter(text);
  if (!result.ok) throw new Error(`${text}: ${result.problem.message}`);
  return matchingIndices(result.filter, table).length;
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

const tracesWhere = (test: (docs: XRaySegmentDocument[]) => boolean): number => [...documents.values()].filter(test).length;
const summariesWhere = (test: (summary: XRayTraceSummary) => boolean): number => summaries.filter(test).length;
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

function rootCauses(summary: XRayTraceSummary, field: 'FaultRootCauses' | 'ErrorRootCauses' | 'ResponseTimeRootCauses'): { Services: { Name: string; Type: string; EntityPath: { Name: string; Coverage?: number; Remote?: boolean; Exceptions?: { Name: string; Message: string }[] }[] }[] }[] {
  return (summary[field] ?? []) as never;
}

beforeAll(() => {
  incident = demoIncident();
  const content = toSnapshotContent(incident);
  table = TraceTable.fromDataset(buildDataset(content));
  tracesOnly = TraceTable.fromDataset(buildDataset({ ...content, records: content.records.filter((record) => record.kind !== 'xray.summary') }));
  summaries = incident.summaries;
  documents = new Map(incident.traces.map((trace) => [trace.Id, trace.Segments.map((segment) => JSON.parse(segment.Document) as XRaySegmentDocument)]));
});

describe('filter expressions on the demo incident', () => {
  it('has every trace, with summaries and segments', () => {
    expect(table.size).toBe(incident.facts.counts.traces);
    expect(tracesOnly.size).toBe(incident.facts.counts.traces);
    expect(table.summaries.every((summary) => summary !== undefined)).toBe(true);
    expect(tracesOnly.summaries.every((summary) => summary === undefined)).toBe(true);
  });

  it('boolean keywords look at the root (fault, error, ok) or every segment (throttle)', () => {
    const cases: [string, (s: XRayTraceSummary) => boolean][] = [
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
    ];
    for (const [text, expected] of cases) expect(count(table, text), text).toBe(summariesWhere(expected));
    expect(count(table, 'fault')).toBe(incident.facts.counts.faultsBeforeChange + incident.facts.counts.faultsAfterChange);
    expect(count(table, 'fault')).toBeGreaterThan(0);
  });

  it('number keywords: responsetime, duration, http.status (the documentation examples with the data’s quantiles)', () => {
    const responseTimes = summaries.map((s) => s.ResponseTime ?? 0);
    const durations = summaries.map((s) => s.Duration ?? 0);
    const p90 = quantile(responseTimes, 0.9);
    const [low, high] = [quantile(durations, 0.25), quantile(durations, 0.75)];
    expect(count(table, `responsetime > ${p90}`)).toBe(summariesWhere((s) => s.ResponseTime! > p90));
    expect(count(table, `responsetime > ${p90}`)).toBeGreaterThan(0);
    expect(count(table, `duration >= ${low} AND duration <= ${high}`)).toBe(summariesWhere((s) => s.Duration! >= low && s.Duration! <= high));
    expect(count(table, `ok !partial duration < ${high}`)).toBe(summariesWhere((s) => !s.HasFault && !s.HasError && !s.IsPartial && s.Duration! < high));
    expect(count(table, 'fault AND responsetime > 1')).toBe(summariesWhere((s) => s.HasFault === true && s.ResponseTime! > 1));
    expect(count(table, 'FAULT and ResponseTime > 1')).toBe(count(table, 'fault AND responsetime > 1'));
    for (const status of new Set(summaries.map((s) => s.Http?.HttpStatus))) {
      expect(count(table, `http.status = ${status}`)).toBe(summariesWhere((s) => s.Http?.HttpStatus === status));
      expect(count(table, `http.status != ${status}`)).toBe(summariesWhere((s) => s.Http?.HttpStatus !== status));
    }
    expect(count(table, 'http.status >= 500')).toBe(summariesWhere((s) => (s.Http?.HttpStatus ?? 0) >= 500));
  });

  it('string keywords: =, !=, CONTAINS, BEGINSWITH, ENDSWITH; CONTAINS "" tests that the field exists', () => {
    const ip = summaries[0]!.Http!.ClientIp!;
    const agent = summaries[0]!.Http!.UserAgent!;
    const agentPrefix = agent.slice(0, 6);
    const cases: [string, (s: XRayTraceSummary) => boolean][] = [
      ['http.method = "GET"', (s) => s.Http?.HttpMethod === 'GET'],
      ['http.method != "GET"', (s) => s.Http?.HttpMethod !== 'GET'],
      ['http.method = "get"', (s) => s.Http?.HttpMethod === 'get'],
      ['http.url CONTAINS "/orders/"', (s) => s.Http?.HttpURL?.includes('/orders/') === true],
      ['http.url BEGINSWITH "https://"', (s) => s.Http?.HttpURL?.startsWith('https://') === true],
      ['http.url ENDSWITH "/orders"', (s) => s.Http?.HttpURL?.endsWith('/orders') === true],
      [`http.clientip = "${ip}"`, (s) => s.Http?.ClientIp === ip],
      [`http.useragent BEGINSWITH "${agentPrefix}"`, (s) => s.Http?.UserAgent?.startsWith(agentPrefix) === true],
      ['user CONTAINS ""', (s) => ((s['Users'] as unknown[]) ?? []).length > 0],
      [`name = "${incident.facts.stageNodeName}"`, (s) => s.EntryPoint?.Name === incident.facts.stageNodeName],
      ['type = "AWS::ApiGateway::Stage"', (s) => s.EntryPoint?.Type === 'AWS::ApiGateway::Stage'],
      [`resource.arn = "${incident.facts.functionArn}"`, (s) => ((s['ResourceARNs'] as { ARN: string }[]) ?? []).some((r) => r.ARN === incident.facts.functionArn)],
    ];
    for (const [text, expected] of cases) expect(count(table, text), text).toBe(summariesWhere(expected));
    expect(count(table, 'http.url CONTAINS "/orders/"')).toBeGreaterThan(0);
  });

  it('annotation.KEY: set, unset, and compared by the value type', () => {
    const tenants = [...new Set([...documents.values()].flatMap((docs) => annotations(docs, 'tenant')))] as string[];
    expect(tenants.length).toBeGreaterThan(1);
    for (const tenant of tenants) {
      expect(count(table, `annotation.tenant = "${tenant}"`)).toBe(tracesWhere((docs) => annotations(docs, 'tenant').includes(tenant)));
      expect(count(table, `annotation.tenant != "${tenant}"`)).toBe(tracesWhere((docs) => !annotations(docs, 'tenant').includes(tenant)));
    }
    const cases: [string, (docs: XRaySegmentDocument[]) => boolean][] = [
      ['annotation.items', (docs) => annotations(docs, 'items').length > 0],
      ['!annotation.items', (docs) => annotations(docs, 'items').length === 0],
      ['annotation.items > 3', (docs) => annotations(docs, 'items').some((v) => typeof v === 'number' && v > 3)],
      ['annotation.items = 2', (docs) => annotations(docs, 'items').includes(2)],
      ['annotation.cold_start = true', (docs) => annotations(docs, 'cold_start').includes(true)],
      ['annotation.cold_start = false', (docs) => annotations(docs, 'cold_start').includes(false)],
      ['annotation.tenant BEGINSWITH "a"', (docs) => annotations(docs, 'tenant').some((v) => typeof v === 'string' && v.startsWith('a'))],
      [`annotation[aws:api_id] = "${incident.facts.restApiId}"`, (docs) => annotations(docs, 'aws:api_id').includes(incident.facts.restApiId)],
      [`annotation.aws:api_stage = "${incident.facts.stage}"`, (docs) => annotations(docs, 'aws:api_stage').includes(incident.facts.stage)],
      ['annotation.missing_key', () => false],
      ['annotation.items = "2"', (docs) => annotations(docs, 'items').includes('2')],
    ];
    for (const [text, expected] of cases) {
      expect(count(table, text), text).toBe(tracesWhere(expected));
      expect(count(tracesOnly, text), `${text} (segments only)`).toBe(tracesWhere(expected));
    }
    expect(count(table, 'annotation.cold_start = true')).toBe(incident.facts.counts.coldStarts);
  });

  it('service() and edge() look at every node and call, with id() for the type', () => {
    const { functionName: fn, tableName, stageNodeName: stage, externalHost } = incident.facts;
    const isTable = (d: XRaySegmentDocument) => d.inferred === true && (d.aws as { table_name?: string } | undefined)?.table_name === tableName;
    const isFunction = (d: XRaySegmentDocument) => d.name === fn && d.inferred !== true;
    const rt = quantile(summaries.map((s) => s.ResponseTime ?? 0), 0.75);
    const duration = (d: XRaySpanDocument) => (d.end_time ?? NaN) - d.start_time;
    const tenant = annotations([...documents.values()][0]!, 'tenant')[0] as string;
    const cases: [string, (docs: XRaySegmentDocument[]) => boolean][] = [
      [`service("${tableName}")`, (docs) => docs.some(isTable)],
      [`service("${tableName}") { throttle }`, (docs) => docs.some((d) => isTable(d) && d.throttle === true)],
      [`service("${fn}") { fault }`, (docs) => docs.some((d) => isFunction(d) && d.fault === true)],
      [`service(id(name: "${fn}", type: "AWS::Lambda::Function")) { responsetime > ${rt} }`, (docs) => docs.some((d) => isFunction(d) && d.origin === 'AWS::Lambda::Function' && duration(d) > rt)],
      [`service(id(type: "AWS::SQS::Queue"))`, (docs) => docs.some((d) => d.origin === 'AWS::SQS::Queue')],
      ['service() { fault }', (docs) => docs.some((d) => d.fault === true)],
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
    ];
    for (const [text, expected] of cases) {
      const want = tracesWhere(expected);
      expect(count(table, text), text).toBe(want);
      expect(count(tracesOnly, text), `${text} (segments only)`).toBe(want);
    }
    expect(count(table, `service("${tableName}") { throttle }`)).toBeGreaterThan(0);
    expect(count(table, `edge("${stage}", "${fn}") { fault = true }`)).toBeGreaterThan(0);
  });

  it('rootcause blocks read the summaries’ root causes, and the same from the segments', () => {
    const { functionName: fn, tableName } = incident.facts;
    const exceptionName = rootCauses(summaries.find((s) => rootCauses(s, 'FaultRootCauses').length > 0)!, 'FaultRootCauses')[0]!.Services[0]!.EntityPath.at(-1)!.Exceptions![0]!.Name;
    const services = (s: XRayTraceSummary, field: 'FaultRootCauses' | 'ErrorRootCauses' | 'ResponseTimeRootCauses') => rootCauses(s, field).flatMap((cause) => cause.Services);
    const cases: [string, (s: XRayTraceSummary) => boolean][] = [
      [`rootcause.fault.exception { name = "${exceptionName}" }`, (s) => services(s, 'FaultRootCauses').some((v) => v.EntityPath.some((e) => e.Exceptions?.some((x) => x.Name === exceptionName)))],
      ['rootcause.fault.exception { message CONTAINS "throughput" }', (s) => services(s, 'FaultRootCauses').some((v) => v.EntityPath.some((e) => e.Exceptions?.some((x) => x.Message.includes('throughput'))))],
      [`rootcause.fault.service { name = "${fn}" }`, (s) => services(s, 'FaultRootCauses').some((v) => v.Name === fn)],
      ['rootcause.fault.service { first AND last }', (s) => rootCauses(s, 'FaultRootCauses').some((c) => c.Services.length === 1)],
      ['rootcause.error.service { type = "AWS::DynamoDB::Table" }', (s) => services(s, 'ErrorRootCauses').some((v) => v.Type === 'AWS::DynamoDB::Table')],
      ['rootcause.error.entity { remote }', (s) => services(s, 'ErrorRootCauses').some((v) => v.EntityPath.some((e) => e.Remote === true))],
      [`rootcause.responsetime.service { name = "${tableName}" }`, (s) => services(s, 'ResponseTimeRootCauses').some((v) => v.Name === tableName)],
      [`rootcause.responsetime.entity { name = "${tableName}" AND coverage > 0.5 }`, (s) => services(s, 'ResponseTimeRootCauses').some((v) => v.EntityPath.some((e) => e.Name === tableName && (e.Coverage ?? 0) > 0.5))],
    ];
    for (const [text, expected] of cases) {
      const want = summariesWhere(expected);
      expect(count(table, text), text).toBe(want);
      expect(count(tracesOnly, text), `${text} (computed from the segments)`).toBe(want);
    }
    expect(count(table, `rootcause.fault.exception { name = "${exceptionName}" }`)).toBeGreaterThan(0);
  });

  it('gives the same trace-level answers from the segments as from the summaries', () => {
    const responseTimes = summaries.map((s) => s.ResponseTime ?? 0);
    // Thresholds between two recorded values: summaries round to the millisecond.
    const threshold = quantile(responseTimes, 0.8) + 0.0005;
    for (const text of ['fault', 'error', 'throttle', 'ok', 'partial', `responsetime > ${threshold}`, `duration > ${threshold}`, 'http.status = 502', 'http.method = "POST"', 'http.url CONTAINS "/orders/"', 'name = "orders-api/prod"', 'type = "AWS::ApiGateway::Stage"']) {
      expect(count(tracesOnly, text), text).toBe(count(table, text));
    }
  });
});

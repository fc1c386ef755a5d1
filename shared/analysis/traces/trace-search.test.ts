import { beforeAll, describe, expect, it } from 'vitest';
import { toSnapshotContent, type GeneratedIncident } from '../../generator/index.ts';
import type { XRaySegmentDocument, XRayTraceSummary } from '../../model/xray.ts';
import { buildDataset } from '../../dataset/build-dataset.ts';
import type { TraceListRow } from './trace-list-row.ts';
import { durationHistogram, TraceSearch, type TraceListRequest } from './trace-search.ts';
import { checkTraceQuery } from './trace-query-check.ts';
import { TraceTable } from './trace-table.ts';
import { demoIncident } from '../../../test/support/demo-incident.ts';

let incident: GeneratedIncident;
let search: TraceSearch;
let summaries: readonly XRayTraceSummary[];
let documents: Map<string, XRaySegmentDocument[]>;

beforeAll(() => {
  incident = demoIncident();
  search = new TraceSearch(TraceTable.fromDataset(buildDataset(toSnapshotContent(incident))));
  summaries = incident.summaries;
  documents = new Map(incident.traces.map((trace) => [trace.Id, trace.Segments.map((segment) => JSON.parse(segment.Document) as XRaySegmentDocument)]));
});

/** Every row of a query, fetched in pages of `size`. */
function allRows(request: Omit<TraceListRequest, 'offset' | 'limit'>, size = 700): TraceListRow[] {
  const rows: TraceListRow[] = [];
  for (let offset = 0; ; offset += size) {
    const page = search.list({ ...request, offset, limit: size });
    rows.push(...page.rows);
    if (offset + size >= page.total) return rows;
  }
}

describe('TraceSearch on the demo incident', () => {
  it('pages through every trace in start order, rows carrying their position and the summary values', () => {
    const rows = allRows({});
    expect(rows).toHaveLength(summaries.length);
    expect(rows.map((row) => row.position)).toEqual(rows.map((_, i) => i));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.start).toBeGreaterThanOrEqual(rows[i - 1]!.start);
    const byId = new Map(summaries.map((summary) => [summary.Id, summary]));
    for (const row of rows) {
      const summary = byId.get(row.id)!;
      expect([row.duration, row.responseTime, row.httpStatus, row.method, row.url, row.entry]).toEqual([
        summary.Duration,
        summary.ResponseTime,
        summary.Http?.HttpStatus,
        summary.Http?.HttpMethod,
        summary.Http?.HttpURL,
        summary.EntryPoint?.Name,
      ]);
      expect(row.status).toBe(summary.HasFault ? 'fault' : summary.HasError ? (summary.Http?.HttpStatus === 429 ? 'throttle' : 'error') : 'ok');
      expect(row.annotationCount).toBe(Object.keys(summary.Annotations ?? {}).length);
      expect(row.spans).toBeGreaterThan(0);
    }
  });

  it('sorts by each key, both ways, with a total order', () => {
    const descending = allRows({ sort: 'duration', descending: true });
    expect(descending.map((row) => row.duration)).toEqual(summaries.map((s) => s.Duration).sort((a, b) => b! - a!));
    const byStatus = allRows({ sort: 'status' }).map((row) => row.status);
    const rank = { ok: 0, error: 1, throttle: 2, fault: 3 };
    for (let i = 1; i < byStatus.length; i++) expect(rank[byStatus[i]!]).toBeGreaterThanOrEqual(rank[byStatus[i - 1]!]);
    const urls = allRows({ sort: 'url', descending: true }).map((row) => row.url!);
    expect(urls).toEqual([...urls].sort().reverse());
    expect(new Set(allRows({ sort: 'entry' }).map((row) => row.id)).size).toBe(summaries.length);
  });

  it("keeps the traces that started in a window (the timeline's range), both ends included", () => {
    const { changeTime } = incident.facts;
    const window: [number, number] = [changeTime - 300, changeTime + 1200];
    const inWindow = summaries.filter((s) => s.StartTime! >= window[0] && s.StartTime! <= window[1]);
    const rows = allRows({ startWindow: window });
    expect(rows.map((row) => row.id).sort()).toEqual(inWindow.map((s) => s.Id).sort());
    const first = Math.min(...inWindow.map((s) => s.StartTime!));
    expect(search.list({ startWindow: [first, first], offset: 0, limit: 0 }).total).toBe(inWindow.filter((s) => s.StartTime === first).length);
    expect(search.list({ filter: 'fault', startWindow: window, offset: 0, limit: 0 }).total).toBe(inWindow.filter((s) => s.HasFault).length);
    expect(() => checkTraceQuery({ startWindow: [1] as unknown as [number, number] })).toThrow(/start window/);
  });

  it('combines the filter, a duration range, a map node and an edge', () => {
    const [low, high] = [0.1, 0.5];
    const page = search.list({ filter: 'fault OR error', durationRange: [low, high], offset: 0, limit: 10 });
    expect(page.total).toBe(summaries.filter((s) => (s.HasFault || s.HasError) && s.Duration! >= low && s.Duration! <= high).length);
    expect(page.all).toBe(summaries.length);
    expect(page.rows).toHaveLength(Math.min(10, page.total));

    const { tableName, functionName } = incident.facts;
    const reachesTable = [...documents.values()].filter((docs) => docs.some((d) => d.inferred === true && (d.aws as { table_name?: string }).table_name === tableName)).length;
    expect(search.list({ node: `AWS::DynamoDB::Table|${tableName}`, offset: 0, limit: 0 }).total).toBe(reachesTable);
    expect(search.list({ edge: `AWS::Lambda::Function|${functionName}→AWS::DynamoDB::Table|${tableName}`, offset: 0, limit: 0 }).total).toBe(reachesTable);
    expect(search.list({ node: `client|${incident.facts.stageNodeName}`, offset: 0, limit: 0 }).total).toBe(summaries.length);
    expect(search.list({ node: 'AWS::Lambda|nowhere', offset: 0, limit: 0 }).total).toBe(0);
    expect(search.list({ filter: 'throttle', node: `AWS::DynamoDB::Table|${tableName}`, offset: 0, limit: 0 }).total).toBe(summaries.filter((s) => s.HasThrottle).length);
  });

  it('returns the filter problem, and no rows, for a wrong expression', () => {
    const page = search.list({ filter: 'responsetime >', offset: 0, limit: 50 });
    expect(page).toMatchObject({ total: 0, rows: [], problem: { start: 14, end: 14 } });
    expect(search.stats({ filter: 'fault AND (' }).problem?.message).toContain('at the end');
  });

  it('gives the duration histogram of the matches without the range, and root-cause groups without the group', () => {
    const stats = search.stats({ filter: 'fault', durationRange: [0, 0.001], groupKind: 'fault', bins: 30 });
    const faults = summaries.filter((s) => s.HasFault);
    expect(stats.histogram.counts.reduce((a, b) => a + b, 0)).toBe(faults.length);
    const { edges, counts } = stats.histogram;
    expect(edges).toHaveLength(counts.length + 1);
    for (const s of faults) {
      const bin = edges.findIndex((edge, i) => i < counts.length && s.Duration! >= edge && s.Duration! < edges[i + 1]!);
      expect(bin).toBeGreaterThanOrEqual(0);
    }
    expect(stats.groups).toEqual([]);
    const top = search.stats({ filter: 'fault', groupKind: 'fault' }).groups[0]!;
    expect(top.exception).toBe('ProvisionedThroughputExceededException');
    const inGroup = search.list({ filter: 'fault', rootCause: { kind: 'fault', key: top.key }, offset: 0, limit: 0 });
    expect(inGroup.total).toBe(search.stats({ filter: 'fault', groupKind: 'fault' }).groups[0]!.count);
    expect(search.stats({ filter: 'fault', rootCause: { kind: 'fault', key: top.key }, groupKind: 'fault' }).groups).toEqual(search.stats({ filter: 'fault', groupKind: 'fault' }).groups);
  });

  it('bins durations from 0 with nice edges, the largest value inside the last bin', () => {
    const durations = Float64Array.from([0, 0.05, 0.1, 0.99, 1]);
    const { edges, counts } = durationHistogram(durations, Int32Array.from([0, 1, 2, 3, 4]), 10);
    expect(edges[0]).toBe(0);
    expect(edges[edges.length - 1]!).toBeGreaterThan(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(durationHistogram(durations, Int32Array.from([0]), 10)).toEqual({ edges: [0, 0.001], counts: [1] });
  });

  it('refuses malformed requests', () => {
    expect(() => checkTraceQuery({ offset: -1, limit: 10 })).toThrow(/offset/);
    expect(() => checkTraceQuery({ offset: 0, limit: 100_000 })).toThrow(/page/);
    expect(() => checkTraceQuery({ sort: 'size' })).toThrow(/sort/);
    expect(() => checkTraceQuery({ durationRange: [1, Number.NaN] as unknown as [number, number] })).toThrow(/range/);
    expect(() => checkTraceQuery({ rootCause: { kind: 'slow', key: 'x' } as never })).toThrow(/root-cause/);
    expect(() => checkTraceQuery({ filter: 'ok', offset: 0, limit: 100, sort: 'duration', durationRange: [0, 1] })).not.toThrow();
  });
});

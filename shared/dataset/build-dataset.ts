import { toChangeEvent } from './changes/change-event.ts';
import { ChangeEventSet } from './changes/event-set.ts';
import { toMetricSeries } from './metric-series.ts';
import { assembleTraces } from './assembly/assemble.ts';
import type { Dataset, MetricSeries, Problem, SnapshotContent, XRayServiceGraph, XRayTraceSummary } from '../model/index.ts';

/**
 * Derives everything the views use from a snapshot's raw records. Pure and single-pass per kind;
 * runs in the analysis Web Worker (renderer) or in Node (CLI). Bad records become problems.
 */
export function buildDataset(content: SnapshotContent): Dataset {
  const sources = content.header.provenance.sources;
  const fileOf = (source: number) => sources[source]?.name ?? `source ${source}`;
  const problems: Problem[] = [];
  const segments: unknown[] = [];
  const summaryById = new Map<string, XRayTraceSummary>();
  const capturedGraphs: XRayServiceGraph[] = [];
  const events = new ChangeEventSet();
  const metrics: MetricSeries[] = [];

  content.records.forEach((record, index) => {
    const at = `records[${index}]`;
    switch (record.kind) {
      case 'xray.segment':
        segments.push(record.doc);
        break;
      case 'xray.summary': {
        const summary = record.doc as XRayTraceSummary;
        if (typeof summary?.Id !== 'string') {
          problems.push({ file: fileOf(record.source), at, message: 'trace summary without `Id`' });
          break;
        }
        const previous = summaryById.get(summary.Id);
        if (!previous || Number(summary.Revision ?? 0) > Number(previous.Revision ?? 0)) summaryById.set(summary.Id, summary);
        break;
      }
      case 'xray.serviceGraph': {
        const graph = record.doc as XRayServiceGraph;
        if (!Array.isArray(graph?.Services)) problems.push({ file: fileOf(record.source), at, message: 'service graph without `Services`' });
        else capturedGraphs.push(graph);
        break;
      }
      case 'cloudtrail.record':
      case 'cloudtrail.lookupEvent':
      case 'cloudtrail.eventBridge': {
        const event = toChangeEvent(record.kind, record.doc);
        if (typeof event === 'string') {
          problems.push({ file: fileOf(record.source), at, message: event });
          break;
        }
        const conflict = events.add(event, fileOf(record.source), at);
        if (conflict !== undefined) problems.push(conflict);
        break;
      }
      case 'metrics.result': {
        const series = toMetricSeries(record.doc);
        if (typeof series === 'string') problems.push({ file: fileOf(record.source), at, message: series });
        else metrics.push(series);
        break;
      }
    }
  });

  const assembled = assembleTraces(segments);
  problems.push(...nameProblemFiles(assembled.problems, content, fileOf));
  const traces = [...assembled.traces].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    header: content.header,
    traces,
    traceById: new Map(traces.map((trace) => [trace.id, trace])),
    summaries: [...summaryById.values()],
    capturedGraphs,
    events: events.sorted(),
    duplicateEvents: events.duplicates,
    metrics,
    problems,
  };
}

/**
 * The assembler sees documents, not files: its problems name a document id (or `[index]` among the
 * segment records). Put the file of that document back on them.
 */
function nameProblemFiles(found: readonly Problem[], content: SnapshotContent, fileOf: (source: number) => string): Problem[] {
  if (found.every((problem) => problem.file !== '')) return [...found];
  const sourceById = new Map<string, number>();
  const segmentSources: number[] = [];
  for (const record of content.records) {
    if (record.kind !== 'xray.segment') continue;
    segmentSources.push(record.source);
    const id = (record.doc as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && !sourceById.has(id)) sourceById.set(id, record.source);
  }
  return found.map((problem) => {
    if (problem.file !== '' || problem.at === undefined) return problem;
    const index = /^\[(\d+)\]/.exec(problem.at);
    const source = index ? segmentSources[Number(index[1])] : sourceById.get(problem.at.split('.')[0]!.replace(/:inferred$/, ''));
    return source === undefined ? problem : { ...problem, file: fileOf(source) };
  });
}

import { capturedServiceGraph, computeServiceGraph } from './service-graph.ts';
import { SpanFlag, type Dataset, type Problem, type ServiceGraph } from '../model/index.ts';

/** The figures `trace-explorer inspect --json` prints (issue 2 names each field). */
export interface IncidentSummary {
  readonly traces: number;
  readonly segments: number;
  readonly subsegments: number;
  readonly inProgress: number;
  /** Inferred nodes added where X-Ray would infer them (not in `segments`). */
  readonly inferredAdded: number;
  readonly services: readonly { readonly name: string; readonly type: string }[];
  readonly edges: number;
  /** Which graph `services` and `edges` come from. */
  readonly serviceGraph: ServiceGraph['origin'] | 'none';
  readonly faultTraces: number;
  readonly errorTraces: number;
  readonly throttleTraces: number;
  readonly summaries: number;
  readonly events: number;
  readonly writeEvents: number;
  readonly errorEvents: number;
  readonly changes: number;
  readonly metricSeries: number;
  readonly start: string | null;
  readonly end: string | null;
  readonly problems: readonly Problem[];
}

/**
 * Counts over a dataset. `traces` counts distinct trace ids of segment documents and trace
 * summaries; services and edges come from the map computed from the traces, or from a captured
 * GetServiceGraph when the input holds no segments. `start`/`end` span segments, summaries,
 * CloudTrail events and metric datapoints (not the windows of service-graph queries).
 */
export function summarizeIncident(dataset: Dataset, problems: readonly Problem[]): IncidentSummary {
  let inferredAdded = 0;
  const traceIds = new Set<string>();
  let segments = 0;
  let subsegments = 0;
  let inProgress = 0;
  let faultTraces = 0;
  let errorTraces = 0;
  let throttleTraces = 0;
  let start = Infinity;
  let end = -Infinity;
  for (const trace of dataset.traces) {
    traceIds.add(trace.id);
    segments += trace.segmentCount;
    subsegments += trace.subsegmentCount;
    inProgress += trace.inProgressCount;
    for (let i = 0; i < trace.flags.length; i++) if ((trace.flags[i] ?? 0) & SpanFlag.addedInferred) inferredAdded++;
    if (trace.hasFault) faultTraces++;
    if (trace.hasError) errorTraces++;
    if (trace.hasThrottle) throttleTraces++;
    start = Math.min(start, trace.start * 1000);
    end = Math.max(end, trace.end * 1000);
  }
  for (const summary of dataset.summaries) {
    traceIds.add(summary.Id);
    if (typeof summary.StartTime === 'number') {
      start = Math.min(start, summary.StartTime * 1000);
      end = Math.max(end, (summary.StartTime + (summary.Duration ?? 0)) * 1000);
    }
  }
  let writeEvents = 0;
  let errorEvents = 0;
  let changes = 0;
  for (const event of dataset.events) {
    if (event.readOnly === false) writeEvents++;
    if (event.errorCode) errorEvents++;
    if (event.change) changes++;
    start = Math.min(start, event.time);
    end = Math.max(end, event.time);
  }
  for (const series of dataset.metrics) {
    const first = series.timestamps[0];
    const last = series.timestamps[series.timestamps.length - 1];
    if (first !== undefined && last !== undefined) {
      start = Math.min(start, first);
      end = Math.max(end, last);
    }
  }
  const graph = dataset.traces.length > 0 ? computeServiceGraph(dataset.traces) : dataset.capturedGraphs.length > 0 ? capturedServiceGraph(dataset.capturedGraphs) : undefined;
  return {
    traces: traceIds.size,
    segments,
    subsegments,
    inProgress,
    inferredAdded,
    services: (graph?.nodes ?? []).map((node) => ({ name: node.name, type: node.type })),
    edges: graph?.edges.length ?? 0,
    serviceGraph: graph?.origin ?? 'none',
    faultTraces,
    errorTraces,
    throttleTraces,
    summaries: dataset.summaries.length,
    events: dataset.events.length,
    writeEvents,
    errorEvents,
    changes,
    metricSeries: dataset.metrics.length,
    start: Number.isFinite(start) ? new Date(start).toISOString() : null,
    end: Number.isFinite(end) ? new Date(end).toISOString() : null,
    problems,
  };
}

import { isoOrUndefined } from '../base/epoch-time.ts';
import { dataWindow } from '../dataset/index.ts';
import { capturedServiceGraph, computedServiceGraphOf } from '../analysis/graph/index.ts';
import { SpanFlag, type Dataset, type DatasetTally, type Gap, type Problem, type ServiceGraph } from '../model/index.ts';

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
  /** X-Ray sampling rules (one per rule ARN, else name). */
  readonly samplingRules: number;
  readonly start: string | null;
  readonly end: string | null;
  readonly problems: readonly Problem[];
  /** What the snapshot itself records as missing (failed, throttled, truncated, skipped…). */
  readonly gaps: readonly Gap[];
}

/** Distinct trace ids, of segment documents and of trace summaries (a summary may have no segments). */
export function countTraces(dataset: Pick<DatasetTally, 'traces' | 'summaries'> & { readonly traceById?: Dataset['traceById'] }): number {
  // Usually the traces' ids are distinct (the assembler makes one trace per id, and traceById holds
  // each): then only summaries of other traces add to the count, and the 85,000 ids of a
  // million-span open are not hashed into a set again. A tally (import) has no traceById.
  const byId = dataset.traceById;
  if (byId !== undefined && byId.size === dataset.traces.length) {
    const others = new Set<string>();
    for (const summary of dataset.summaries) if (!byId.has(summary.Id)) others.add(summary.Id);
    return dataset.traces.length + others.size;
  }
  const traceIds = new Set<string>();
  for (const trace of dataset.traces) traceIds.add(trace.id);
  for (const summary of dataset.summaries) traceIds.add(summary.Id);
  return traceIds.size;
}

/**
 * Counts over a dataset. `traces` counts distinct trace ids of segment documents and trace
 * summaries, and the fault/error/throttle counts are over the same traces (a summary-only trace
 * by its summary's flags); services and edges come from the map computed from the traces, or from a captured
 * GetServiceGraph when the input holds no segments (the computed graph is kept for the dataset's
 * traces: the service map uses the same one). `start`/`end` span segments, summaries,
 * CloudTrail events and metric datapoints (not the windows of service-graph queries).
 */
export function summarizeIncident(dataset: Dataset, problems: readonly Problem[]): IncidentSummary {
  let inferredAdded = 0;
  let segments = 0;
  let subsegments = 0;
  let inProgress = 0;
  let faultTraces = 0;
  let errorTraces = 0;
  let throttleTraces = 0;
  for (const trace of dataset.traces) {
    segments += trace.segmentCount;
    subsegments += trace.subsegmentCount;
    inProgress += trace.inProgressCount;
    for (let i = 0; i < trace.flags.length; i++) if ((trace.flags[i] ?? 0) & SpanFlag.addedInferred) inferredAdded++;
    if (trace.hasFault) faultTraces++;
    if (trace.hasError) errorTraces++;
    if (trace.hasThrottle) throttleTraces++;
  }
  // A trace known only from GetTraceSummaries (a capture of --traces N lists more than it fetches)
  // is counted in `traces`, so its HasFault/HasError/HasThrottle count too; a trace with segments
  // is judged by them (its summary may be an older Revision).
  const counted = new Set<string>();
  for (const summary of dataset.summaries) {
    if (dataset.traceById.has(summary.Id) || counted.has(summary.Id)) continue;
    counted.add(summary.Id);
    if (summary.HasFault === true) faultTraces++;
    if (summary.HasError === true) errorTraces++;
    if (summary.HasThrottle === true) throttleTraces++;
  }
  let writeEvents = 0;
  let errorEvents = 0;
  let changes = 0;
  for (const event of dataset.events) {
    if (event.readOnly === false) writeEvents++;
    if (event.errorCode) errorEvents++;
    if (event.change) changes++;
  }
  const window = dataWindow(dataset);
  const graph = dataset.traces.length > 0 ? computedServiceGraphOf(dataset.traces).graph : dataset.capturedGraphs.length > 0 ? capturedServiceGraph(dataset.capturedGraphs) : undefined;
  return {
    traces: countTraces(dataset),
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
    samplingRules: dataset.samplingRules.length,
    // The importers refuse times no date holds; a snapshot made elsewhere may carry one: no time then, not a throw.
    start: (window && isoOrUndefined(window.start)) ?? null,
    end: (window && isoOrUndefined(window.end)) ?? null,
    problems,
    gaps: dataset.header.gaps,
  };
}

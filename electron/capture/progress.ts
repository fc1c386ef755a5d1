/**
 * Progress as structured events for the UI and the command line: the phase that moved, calls
 * done against the current estimate of all calls, calls made on the wire (retries included),
 * throttling answers, and an ETA from the pacing of the work left. The estimate is a lower bound
 * that grows as pages reveal more (the APIs do not say how many pages there will be).
 */
import type { CaptureState, FetchedCounts } from './capture-state.ts';
import { buildMetricQueries, metricBatches, metricPeriod, QUERIES_PER_CALL, tracedApis } from './metrics-capture.ts';
import { pendingTraceBatches, selectTraceIds } from './xray-capture.ts';

export type CapturePhase = 'plan' | 'summaries' | 'traces' | 'serviceGraph' | 'cloudtrail' | 'metrics' | 'write' | 'done';

export interface CaptureProgress {
  readonly phase: CapturePhase;
  /** Answered calls (pages) so far, in this run and the runs it resumes. */
  readonly done: number;
  /** `done` plus the calls still expected (a lower bound). */
  readonly total: number;
  /** Calls made on the wire in this run, retries included. */
  readonly calls: number;
  readonly throttles: number;
  readonly etaSeconds: number | undefined;
  /** Documents held so far, each counted once. */
  readonly fetched: FetchedCounts;
  readonly message?: string;
}

export interface RemainingCalls {
  readonly summaries: number;
  readonly traces: number;
  readonly serviceGraph: number;
  readonly timeSeries: number;
  readonly samplingRules: number;
  readonly metrics: number;
  /** Per Region. */
  readonly cloudtrail: ReadonlyMap<string, number>;
}

const remainingPages = (task: { done: boolean } | undefined): number => (task?.done ? 0 : 1);

export function estimateRemaining(state: CaptureState): RemainingCalls {
  const { request } = state;
  const summaries = state.summaryWindows.reduce((n, w) => n + remainingPages(w.task), 0);
  let traces: number;
  if (state.summariesDone) {
    traces = pendingTraceBatches(state, selectTraceIds(state.summaries.values(), request.traces)).length + (state.openBatch ? 1 : 0);
  } else {
    const fetched = state.summaryWindows.filter((w) => w.task.done).length;
    const soFar = pendingTraceBatches(state, selectTraceIds(state.summaries.values(), request.traces)).length;
    traces = fetched === 0 ? soFar : Math.ceil((soFar * state.summaryWindows.length) / fetched);
  }
  const serviceGraph = [...state.graphs.values()].reduce((n, g) => n + remainingPages(g.task), 0);
  const timeSeries = [...state.timeSeries.values()].reduce((n, g) => n + remainingPages(g.task), 0);
  const samplingRules = remainingPages(state.samplingRules.task);
  let metrics = 0;
  if (request.metrics) {
    if (!state.summariesDone) metrics = 2;
    else {
      const apis = tracedApis(state.summaries.values());
      const lists = [...apis.keys()].filter((api) => !state.metricLists.get(api)?.task.done).length;
      if (lists > 0) metrics = lists + Math.max(1, Math.ceil((apis.size * 21) / QUERIES_PER_CALL));
      else {
        const period = request.metricPeriodSeconds ?? metricPeriod(request.from, request.to, request.to);
        metrics = metricBatches(buildMetricQueries(state, apis, period)).filter((_, i) => !state.metricBatches.get(i)?.task.done).length;
      }
    }
  }
  const cloudtrail = new Map([...state.regions].map(([region, r]) => [region, remainingPages(r.task)]));
  return { summaries, traces, serviceGraph, timeSeries, samplingRules, metrics, cloudtrail };
}

export function totalRemaining(r: RemainingCalls): number {
  return r.summaries + r.traces + r.serviceGraph + r.timeSeries + r.samplingRules + r.metrics + [...r.cloudtrail.values()].reduce((a, b) => a + b, 0);
}

/**
 * Seconds left: X-Ray and metrics run one after the other in one lane, each Region's CloudTrail
 * lookups in their own; the slowest lane decides. `intervalMs(operation, region)` is the pacing.
 */
export function etaSeconds(r: RemainingCalls, intervalMs: (operation: string, region?: string) => number): number {
  const xray = r.summaries * intervalMs('GetTraceSummaries') + r.traces * intervalMs('BatchGetTraces') + r.serviceGraph * intervalMs('GetServiceGraph') + r.timeSeries * intervalMs('GetTimeSeriesServiceStatistics') + r.samplingRules * intervalMs('GetSamplingRules') + r.metrics * intervalMs('GetMetricData');
  let slowest = xray;
  for (const [region, calls] of r.cloudtrail) slowest = Math.max(slowest, calls * intervalMs('LookupEvents', region));
  return Math.ceil(slowest / 1000);
}

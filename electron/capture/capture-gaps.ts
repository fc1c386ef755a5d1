/**
 * What a capture does not hold, as snapshot Gap records: windows, Regions and batches not
 * fetched (and why), traces left out by the --traces choice, traces X-Ray truncated or never
 * answered. A finished capture has no `notFetched`, `failed` or `throttled` gap.
 */
import type { Gap, GapKind } from '../../shared/model/index.ts';
import { describeTraceSelection } from './capture-options.ts';
import type { CaptureState, PagedTask, PartFailure } from './capture-state.ts';
import { buildMetricQueries, metricBatches, metricPeriod, tracedApis } from './metrics-capture.ts';
import { selectTraceIds, UNPROCESSED_RETRIES } from './xray-capture.ts';

/** Why unfinished work is unfinished. `running` is a checkpoint written while the capture goes on. */
export type StopReason = 'running' | 'cancelled' | 'expiredCredentials' | 'failed';

const iso = (ms: number): string => new Date(ms).toISOString();

/** How to fetch the rest, from the app or the command line (the snapshot does not know which started it). */
const RESUME = 'Resume to fetch the rest: start the same capture again in the app, or run it with --resume.';

function pendingDetail(reason: StopReason, message: string | undefined): string {
  switch (reason) {
    case 'running':
      return `Not fetched yet: the capture was still running when this snapshot was written. ${RESUME}`;
    case 'cancelled':
      return `Not fetched: the capture was cancelled. ${RESUME}`;
    case 'expiredCredentials':
      return `Not fetched: the AWS credentials expired. Refresh them, then resume: start the same capture again in the app, or run it with --resume.`;
    default:
      return `Not fetched: the capture stopped (${message ?? 'error'}). ${RESUME}`;
  }
}

export function computeGaps(state: CaptureState, reason: StopReason | undefined, message?: string): Gap[] {
  const { request } = state;
  const gaps: Gap[] = [];
  const pending = (task: string): { kind: GapKind; detail: string } => {
    const failure: PartFailure | undefined = state.failures.get(task);
    if (failure !== undefined) return failure;
    return { kind: reason === 'expiredCredentials' || reason === 'failed' ? 'failed' : 'notFetched', detail: pendingDetail(reason ?? 'failed', message) };
  };
  const unfinished = (task: PagedTask | undefined): boolean => task === undefined || !task.done;

  for (const { window, task } of state.summaryWindows) {
    if (!unfinished(task)) continue;
    gaps.push({ what: 'xray.GetTraceSummaries', window: { start: iso(window.start), end: iso(window.end) }, ...pending(`summaries:${window.start}-${window.end}`) });
  }

  const selected = selectTraceIds(state.summaries.values(), request.traces);
  const notAnswered = selected.filter((id) => !state.answeredIds.has(id));
  const exhausted = notAnswered.filter((id) => (state.unprocessed.get(id) ?? 0) > UNPROCESSED_RETRIES);
  const waiting = notAnswered.filter((id) => (state.unprocessed.get(id) ?? 0) <= UNPROCESSED_RETRIES);
  if (waiting.length > 0) gaps.push({ what: 'xray.BatchGetTraces', ids: waiting, ...pending('traces') });
  if (exhausted.length > 0) {
    gaps.push({ kind: 'failed', what: 'xray.BatchGetTraces', ids: exhausted, detail: `X-Ray left these traces unprocessed ${UNPROCESSED_RETRIES + 1} times; their summaries are in the snapshot.` });
  }
  const absent = selected.filter((id) => state.answeredIds.has(id) && !state.traces.has(id));
  if (absent.length > 0) gaps.push({ kind: 'failed', what: 'xray.BatchGetTraces', ids: absent, detail: 'X-Ray returned no document for these traces (expired, or not indexed); their summaries are in the snapshot.' });
  const truncated = [...state.traces.values()].filter((t) => t.LimitExceeded === true).map((t) => t.Id);
  if (truncated.length > 0) gaps.push({ kind: 'truncated', what: 'xray.BatchGetTraces', ids: truncated, detail: 'X-Ray marked these traces LimitExceeded: they are larger than it returns, so segments are missing.' });
  const left = state.summaries.size - selected.length;
  if (left > 0 && state.summariesDone) {
    gaps.push({ kind: 'skipped', what: 'xray.BatchGetTraces', detail: `--traces ${describeTraceSelection(request.traces)}: ${selected.length} of ${state.summaries.size} traces fetched in full; every summary is in the snapshot.` });
  }

  for (const [key, graph] of state.graphs) {
    if (unfinished(graph.task)) gaps.push({ what: 'xray.GetServiceGraph', window: { start: iso(graph.window.start), end: iso(graph.window.end) }, ...pending(`graph:${key}`) });
  }

  for (const [key, series] of state.timeSeries) {
    if (unfinished(series.task)) gaps.push({ what: 'xray.GetTimeSeriesServiceStatistics', window: { start: iso(series.window.start), end: iso(series.window.end) }, ...pending(`timeseries:${key}`) });
  }

  if (unfinished(state.samplingRules.task)) gaps.push({ what: 'xray.GetSamplingRules', ...pending('rules') });

  for (const [region, lookup] of state.regions) {
    if (!unfinished(lookup.task)) continue;
    const oldest = state.oldestEventTime(region);
    const end = oldest === undefined ? lookup.endTime : Math.min(lookup.endTime, oldest + 1000);
    gaps.push({ what: `cloudtrail.LookupEvents ${region}`, window: { start: iso(request.from), end: iso(end) }, ...pending(`cloudtrail:${region}`) });
  }

  if (request.metrics) {
    if (!state.summariesDone) {
      gaps.push({ what: 'cloudwatch.GetMetricData', ...pending('metrics') });
    } else {
      const apis = tracedApis(state.summaries.values());
      const lists = [...apis.keys()].sort().filter((api) => unfinished(state.metricLists.get(api)?.task));
      for (const api of lists) gaps.push({ what: `cloudwatch.ListMetrics ${api}`, ...pending(`metrics:list:${api}`) });
      if (lists.length === 0) {
        const period = request.metricPeriodSeconds ?? metricPeriod(request.from, request.to, request.to);
        for (const [index, batch] of metricBatches(buildMetricQueries(state, apis, period)).entries()) {
          if (unfinished(state.metricBatches.get(index)?.task)) gaps.push({ what: 'cloudwatch.GetMetricData', ids: batch.map((q) => q.Id), ...pending(`metrics:data:${index}`) });
        }
      }
    }
  }
  return gaps;
}

/** True when the gaps leave nothing to fetch (skipped and truncated are the answer, not missing work). */
export function isComplete(gaps: readonly Gap[]): boolean {
  return gaps.every((g) => g.kind === 'skipped' || g.kind === 'truncated');
}

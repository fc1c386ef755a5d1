/**
 * The cost of a capture request before it starts, from the capture's own plan: the state a capture
 * of this request would start from (a stopped capture's journal replayed, when starting it
 * continues that one), the calls it still expects (progress.ts, a lower bound: the APIs do not
 * say how many pages are coming) and the time they take at the paced rates (pacer.ts).
 */
import { basename } from 'node:path';
import type { CaptureEstimate, CaptureRequest as AppRequest } from '../../shared/contract/host/index.ts';
import { fromAppRequest, outputPathFor } from './capture-request.ts';
import type { CaptureRequest } from './capture-options.ts';
import { CaptureState } from './capture-state.ts';
import { cloudTrailRegions, EVENTS_PER_PAGE } from './cloudtrail-capture.ts';
import { isAnswer, readJournalEntries, readStateFile, stoppedRequestIn } from './journal.ts';
import { paceOf } from './pacer.ts';
import { estimateRemaining, etaSeconds, type RemainingCalls } from './progress.ts';
import { DEFAULT_GRAPH_WINDOW_MS, DEFAULT_SUMMARY_WINDOW_MS } from './run-capture.ts';
import { TRACE_IDS_PER_CALL } from './xray-capture.ts';

export interface EstimateOptions {
  /** The capture service's folder: a stopped capture of the same request there is continued. */
  readonly outputDir: string;
  readonly summaryWindowMs?: number;
  readonly graphWindowMs?: number;
}

/** Milliseconds between calls at an operation's paced rate, at real time. */
const intervalMs = (operation: string): number => 1000 / paceOf(operation).ratePerSecond;

function perApi(remaining: RemainingCalls): CaptureEstimate['perApi'] {
  const lookups = [...remaining.cloudtrail.values()].reduce((sum, calls) => sum + calls, 0);
  const rows: [string, number][] = [
    ['GetTraceSummaries', remaining.summaries],
    ['BatchGetTraces', remaining.traces],
    ['GetServiceGraph', remaining.serviceGraph],
    ['GetTimeSeriesServiceStatistics', remaining.timeSeries],
    ['GetSamplingRules', remaining.samplingRules],
    ['GetMetricData', remaining.metrics],
    ['LookupEvents', lookups],
  ];
  // BatchGetTraces stays listed at 0: its calls come with the traces found, and the page says how many.
  return rows.filter(([api, calls]) => calls > 0 || api === 'BatchGetTraces').map(([api, calls]) => ({ api, calls, ratePerSecond: paceOf(api).ratePerSecond }));
}

export function estimateCapture(app: AppRequest, now: number, options: EstimateOptions): CaptureEstimate {
  const asked = fromAppRequest(app, now);
  const { out, resume } = outputPathFor(asked, options.outputDir, stoppedRequestIn);
  // A resume fetches what the stopped capture asked (its metric period included), from where it stopped.
  const request: CaptureRequest = resume ? readStateFile(out).request : asked;
  const regions = cloudTrailRegions(request.region, request.cloudtrail, request.cloudtrailGlobalRegion ?? true);
  const state = new CaptureState(request, options.summaryWindowMs ?? DEFAULT_SUMMARY_WINDOW_MS, options.graphWindowMs ?? DEFAULT_GRAPH_WINDOW_MS, regions);
  let answeredCalls = 0;
  if (resume) {
    for (const entry of readJournalEntries(out)) {
      state.apply(entry);
      if (isAnswer(entry)) answeredCalls += 1;
    }
  }
  const remaining = estimateRemaining(state);
  const rows = perApi(remaining);
  return {
    calls: rows.reduce((sum, row) => sum + row.calls, 0),
    seconds: etaSeconds(remaining, intervalMs),
    perApi: rows,
    traceIdsPerCall: TRACE_IDS_PER_CALL,
    eventsPerCall: EVENTS_PER_PAGE,
    ...(resume ? { resumes: { fileName: basename(out), answeredCalls } } : {}),
  };
}

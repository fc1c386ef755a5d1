import type { DatasetTally } from '../model/index.ts';

/**
 * The time the data covers, in epoch ms: segments, trace summaries, CloudTrail events and metric
 * datapoints (not the windows of service-graph queries, which say what was asked, not what came).
 * Undefined when the dataset holds nothing with a time. A Dataset or a DatasetTally (what import reports).
 */
export function dataWindow(dataset: Pick<DatasetTally, 'traces' | 'summaries' | 'events' | 'metrics'>): { readonly start: number; readonly end: number } | undefined {
  let start = Infinity;
  let end = -Infinity;
  for (const trace of dataset.traces) {
    start = Math.min(start, trace.start * 1000);
    // A trace whose end_time is before its start_time (kept, and reported by the importer) still ends no earlier than it starts.
    end = Math.max(end, trace.start * 1000, trace.end * 1000);
  }
  for (const summary of dataset.summaries) {
    if (typeof summary.StartTime !== 'number') continue;
    start = Math.min(start, summary.StartTime * 1000);
    end = Math.max(end, (summary.StartTime + (summary.Duration ?? 0)) * 1000);
  }
  for (const event of dataset.events) {
    start = Math.min(start, event.time);
    end = Math.max(end, event.time);
  }
  for (const series of dataset.metrics) {
    const first = series.timestamps[0];
    const last = series.timestamps[series.timestamps.length - 1];
    if (first === undefined || last === undefined) continue;
    start = Math.min(start, first);
    end = Math.max(end, last);
  }
  return Number.isFinite(start) && Number.isFinite(end) ? { start, end } : undefined;
}

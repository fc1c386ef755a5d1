import { summarizeIncident, type OpenedIncident } from '../../shared/incident/index.ts';
import { MAX_PROBLEMS_SENT, type IncidentOverview } from '../../shared/contract/worker/analysis-protocol.ts';
import type { Trace } from '../../shared/model/index.ts';
import { TREE_AHEAD_SPANS } from './trace-tree-ahead.ts';

/** What the open answers the page: the incident's summary and counts, the first problems, and each file's span of traces when there are several. */
export function incidentOverview(names: readonly string[], incident: OpenedIncident, openMillis: number): IncidentOverview {
  const { problems, ...summary } = summarizeIncident(incident.dataset, incident.problems);
  let spans = 0;
  for (const trace of incident.dataset.traces) spans += trace.spans.length;
  return {
    files: [...names],
    summary,
    spans,
    problems: problems.slice(0, MAX_PROBLEMS_SENT),
    problemCount: problems.length,
    duplicates: incident.duplicates,
    replaced: incident.replaced,
    openMillis: Math.round(openMillis),
    ...(incident.inputSpans ? { inputSpans: incident.inputSpans } : {}),
  };
}

/** The largest trace when it has TREE_AHEAD_SPANS spans or more (its tree answer is made ahead), else undefined. */
export function largestTrace(traces: readonly Trace[]): Trace | undefined {
  let largest: Trace | undefined;
  for (const trace of traces) if (trace.spans.length >= TREE_AHEAD_SPANS && trace.spans.length > (largest?.spans.length ?? 0)) largest = trace;
  return largest;
}

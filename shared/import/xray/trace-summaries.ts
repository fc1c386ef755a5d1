/**
 * GetTraceSummaries output (aws-reference.md §2, Appendix A):
 * `{TraceSummaries:[…], ApproximateTime?, TracesProcessedCount?, NextToken?}`. Each summary is
 * emitted as it came, as `xray.summary`; only a string `Id` is required (it joins the summary to
 * its trace). One file holds one page: the paginator's other pages are other files.
 */
import type { FormatParser, ImportSink } from '../format/types.ts';
import { isJsonObject, isNonEmptyString, joinPath, ownValue, problemAt } from '../../base/json.ts';
import { isCloudTrailShape } from './cloudtrail-shape.ts';

export const traceSummariesParser: FormatParser = {
  format: 'xray.traceSummaries',
  label: 'X-Ray GetTraceSummaries output',
  matches(value: unknown): boolean {
    return isJsonObject(value) && !isCloudTrailShape(value) && Array.isArray(ownValue(value, 'TraceSummaries'));
  },
  parse(value: unknown, sink: ImportSink, at: string): void {
    const summaries = isJsonObject(value) ? ownValue(value, 'TraceSummaries') : undefined;
    if (!Array.isArray(summaries)) {
      sink.problem(problemAt(at), 'expected X-Ray GetTraceSummaries output: an object with a `TraceSummaries` array');
      return;
    }
    const summariesAt = joinPath(at, 'TraceSummaries');
    for (let i = 0; i < summaries.length; i++) {
      const summary: unknown = summaries[i];
      const itemAt = joinPath(summariesAt, `[${i}]`);
      if (!isJsonObject(summary)) {
        sink.problem(itemAt, 'trace summary is not an object; it is skipped');
      } else if (!isNonEmptyString(ownValue(summary, 'Id'))) {
        sink.problem(itemAt, 'trace summary without a string `Id`; it is skipped');
      } else {
        sink.add('xray.summary', summary, itemAt);
      }
    }
  },
};

/**
 * GetTraceSummaries output (aws-reference.md §2, Appendix A):
 * `{TraceSummaries:[…], ApproximateTime?, TracesProcessedCount?, NextToken?}`. Each summary is
 * emitted as it came, as `xray.summary`; only a string `Id` is required (it joins the summary to
 * its trace), and a `StartTime`/`Duration` that is there must be a time a date can hold. One file
 * holds one page: the paginator's other pages are other files.
 */
import type { FormatParser, ImportSink } from '../format/types.ts';
import { isDateSeconds } from '../../base/epoch-time.ts';
import { isJsonObject, isNonEmptyString, joinPath, ownValue, problemAt } from '../../base/json.ts';
import { isCloudTrailShape } from './cloudtrail-shape.ts';

/** Why a summary's `StartTime`/`Duration` cannot be a time (epoch seconds a date holds), or undefined. */
function timeProblem(summary: Readonly<Record<string, unknown>>): string | undefined {
  const start = ownValue(summary, 'StartTime');
  const duration = ownValue(summary, 'Duration');
  if (start !== undefined && !isDateSeconds(start)) return `\`StartTime\` ${String(start)} is not a time a date can hold; the summary is skipped`;
  if (duration !== undefined && !isDateSeconds(duration)) return `\`Duration\` ${String(duration)} is not a number of seconds a date can hold; the summary is skipped`;
  if (typeof start === 'number' && typeof duration === 'number' && !isDateSeconds(start + duration)) return `\`StartTime\` + \`Duration\` is past any date; the summary is skipped`;
  return undefined;
}

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
        const problem = timeProblem(summary);
        if (problem === undefined) sink.add('xray.summary', summary, itemAt);
        else sink.problem(itemAt, problem);
      }
    }
  },
};

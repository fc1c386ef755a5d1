/**
 * GetSamplingRules output, the JSON `aws xray get-sampling-rules` prints (aws-reference.md §2):
 * `{SamplingRuleRecords:[{SamplingRule:{RuleName, Priority, FixedRate, ReservoirSize, ServiceName,
 * ServiceType, Host, HTTPMethod, URLPath, ResourceARN, Version, Attributes…}, CreatedAt,
 * ModifiedAt}], NextToken?}`. Each record is emitted as it came, as `xray.samplingRule`. A record
 * is kept when its rule has what matching needs: a name, a priority, a fixed rate from 0 to 1 and a
 * reservoir of 0 or more (the API's own constraints); the match fields may be missing (then they
 * match nothing but `*`, see analysis/timeline/sampling-rules.ts). One file holds one page.
 */
import type { FormatParser, ImportSink } from '../format/types.ts';
import { describeValue, isFiniteNumber, isJsonObject, isNonEmptyString, joinPath, ownValue, problemAt } from '../../base/json.ts';

/** Why a rule cannot be matched, or undefined. */
function ruleProblem(rule: unknown): string | undefined {
  if (!isJsonObject(rule)) return 'sampling rule record without a `SamplingRule` object; it is skipped';
  if (!isNonEmptyString(ownValue(rule, 'RuleName'))) return 'sampling rule without a string `RuleName`; it is skipped';
  const priority = ownValue(rule, 'Priority');
  if (!isFiniteNumber(priority)) return `sampling rule without a numeric \`Priority\` (${describeValue(priority)}); it is skipped`;
  const rate = ownValue(rule, 'FixedRate');
  if (!isFiniteNumber(rate) || rate < 0 || rate > 1) return `\`FixedRate\` must be a number from 0 to 1, got ${describeValue(rate)}; the rule is skipped`;
  const reservoir = ownValue(rule, 'ReservoirSize');
  if (!isFiniteNumber(reservoir) || reservoir < 0) return `\`ReservoirSize\` must be a number of 0 or more, got ${describeValue(reservoir)}; the rule is skipped`;
  return undefined;
}

export const samplingRulesParser: FormatParser = {
  format: 'xray.samplingRules',
  label: 'X-Ray GetSamplingRules output',
  matches(value: unknown): boolean {
    return isJsonObject(value) && Object.hasOwn(value, 'SamplingRuleRecords');
  },
  parse(value: unknown, sink: ImportSink, at: string): void {
    const records = isJsonObject(value) ? ownValue(value, 'SamplingRuleRecords') : undefined;
    if (!Array.isArray(records)) {
      sink.problem(problemAt(at), `expected X-Ray GetSamplingRules output: \`SamplingRuleRecords\` must be an array of sampling rule records, got ${describeValue(records)}`);
      return;
    }
    const recordsAt = joinPath(at, 'SamplingRuleRecords');
    for (let i = 0; i < records.length; i++) {
      const record: unknown = records[i];
      const itemAt = joinPath(recordsAt, `[${i}]`);
      if (!isJsonObject(record)) {
        sink.problem(itemAt, 'sampling rule record is not an object; it is skipped');
        continue;
      }
      const problem = ruleProblem(ownValue(record, 'SamplingRule'));
      if (problem === undefined) sink.add('xray.samplingRule', record, itemAt);
      else sink.problem(itemAt, problem);
    }
  },
};

import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import { createTestSink } from '../../../test/support/import-sink.ts';
import { importStream } from '../import-file.ts';
import { xrayParsers } from './index.ts';
import { samplingRulesParser } from './sampling-rules.ts';

/** `aws xray get-sampling-rules` as the AWS CLI's own example prints it (test/fixtures/aws-cli-examples/SOURCE.txt). */
function cliOutput(): { SamplingRuleRecords: Record<string, unknown>[] } {
  return JSON.parse(fixtureText('aws-cli-examples/get-sampling-rules_output.json')) as { SamplingRuleRecords: Record<string, unknown>[] };
}

async function* bytesOf(text: string): AsyncIterable<Uint8Array> {
  yield new TextEncoder().encode(text);
}

describe('xray.samplingRules', () => {
  it('is the one parser that claims the CLI output, and keeps each record as it came', () => {
    const output = cliOutput();
    expect(xrayParsers.filter((parser) => parser.matches(output)).map((parser) => parser.format)).toEqual(['xray.samplingRules']);
    const sink = createTestSink();
    samplingRulesParser.parse(output, sink, '');
    expect(sink.problems).toEqual([]);
    expect(sink.added).toEqual(output.SamplingRuleRecords.map((doc, i) => ({ kind: 'xray.samplingRule', doc, at: `SamplingRuleRecords[${i}]` })));
  });

  it('is recognised by the input sniffer from the file’s content alone', async () => {
    const kept: unknown[] = [];
    const outcome = await importStream('rules.json', bytesOf(fixtureText('aws-cli-examples/get-sampling-rules_output.json')), { add: (kind, doc) => kept.push([kind, doc]) });
    expect(outcome.formats).toEqual(['xray.samplingRules']);
    expect(outcome.documents).toBe(3);
    expect(outcome.problems).toEqual([]);
  });

  it('skips a record it cannot match and says where and why', () => {
    const [first] = cliOutput().SamplingRuleRecords as [Record<string, unknown> & { SamplingRule: Record<string, unknown> }];
    const output = {
      SamplingRuleRecords: [
        first,
        'x',
        { CreatedAt: 0 },
        { SamplingRule: { ...first.SamplingRule, RuleName: '' } },
        { SamplingRule: { ...first.SamplingRule, Priority: '10' } },
        { SamplingRule: { ...first.SamplingRule, FixedRate: 1.5 } },
        { SamplingRule: { ...first.SamplingRule, ReservoirSize: -1 } },
      ],
    };
    const sink = createTestSink();
    samplingRulesParser.parse(output, sink, 'line 2');
    expect(sink.added.map((added) => added.at)).toEqual(['line 2: SamplingRuleRecords[0]']);
    expect(sink.problems).toEqual([
      { at: 'line 2: SamplingRuleRecords[1]', message: 'sampling rule record is not an object; it is skipped' },
      { at: 'line 2: SamplingRuleRecords[2]', message: 'sampling rule record without a `SamplingRule` object; it is skipped' },
      { at: 'line 2: SamplingRuleRecords[3]', message: 'sampling rule without a string `RuleName`; it is skipped' },
      { at: 'line 2: SamplingRuleRecords[4]', message: 'sampling rule without a numeric `Priority` (a string ("10")); it is skipped' },
      { at: 'line 2: SamplingRuleRecords[5]', message: '`FixedRate` must be a number from 0 to 1, got a number (1.5); the rule is skipped' },
      { at: 'line 2: SamplingRuleRecords[6]', message: '`ReservoirSize` must be a number of 0 or more, got a number (-1); the rule is skipped' },
    ]);
  });

  it('names the file and the problem when SamplingRuleRecords is not a list of records', async () => {
    const outcome = await importStream('rules.json', bytesOf('{"SamplingRuleRecords": {"RuleName": "Default"}}'), { add: () => undefined });
    expect(outcome.documents).toBe(0);
    expect(outcome.problems).toEqual([
      { file: 'rules.json', message: 'expected X-Ray GetSamplingRules output: `SamplingRuleRecords` must be an array of sampling rule records, got an object' },
    ]);
  });
});

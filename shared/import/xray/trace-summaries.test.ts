import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import { xrayParsers } from './index.ts';
import { createTestSink } from '../../../test/support/import-sink.ts';
import { traceSummariesParser } from './trace-summaries.ts';

function appendixA(): { TraceSummaries: unknown[]; ApproximateTime: number } {
  return JSON.parse(fixtureText('aws-reference-appendices/get-trace-summaries.json')) as { TraceSummaries: unknown[]; ApproximateTime: number };
}

describe('xray.traceSummaries', () => {
  it('is the one X-Ray parser that claims GetTraceSummaries output, and emits each summary as it came', () => {
    const output = appendixA();
    expect(xrayParsers.filter((parser) => parser.matches(output)).map((parser) => parser.format)).toEqual(['xray.traceSummaries']);
    const sink = createTestSink();
    traceSummariesParser.parse(output, sink, '');
    expect(sink.problems).toEqual([]);
    expect(sink.added).toEqual([{ kind: 'xray.summary', doc: output.TraceSummaries[0], at: 'TraceSummaries[0]' }]);
  });

  it('skips items without a string Id and says where they are', () => {
    const output = appendixA();
    const [summary] = output.TraceSummaries as Record<string, unknown>[];
    output.TraceSummaries = [{ ...summary, Id: 42 }, summary, 'x', { ...summary, Id: '1-6650a1b2-000000000000000000000009' }, {}];
    const sink = createTestSink();
    traceSummariesParser.parse(output, sink, 'line 4');
    expect(sink.added.map((added) => added.at)).toEqual(['line 4: TraceSummaries[1]', 'line 4: TraceSummaries[3]']);
    expect(sink.problems).toEqual([
      { at: 'line 4: TraceSummaries[0]', message: 'trace summary without a string `Id`; it is skipped' },
      { at: 'line 4: TraceSummaries[2]', message: 'trace summary is not an object; it is skipped' },
      { at: 'line 4: TraceSummaries[4]', message: 'trace summary without a string `Id`; it is skipped' },
    ]);
  });

  it('matches an empty page and never a CloudTrail shape', () => {
    expect(traceSummariesParser.matches({ TraceSummaries: [], TracesProcessedCount: 0 })).toBe(true);
    expect(traceSummariesParser.matches({ TraceSummaries: [], Records: [] })).toBe(false);
    expect(traceSummariesParser.matches({ TraceSummaries: {} })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import { xrayParsers } from './index.ts';
import { serviceGraphParser } from './service-graph.ts';
import { createTestSink } from '../../../test/support/import-sink.ts';

function appendixC(): { Services: unknown[] } {
  return JSON.parse(fixtureText('aws-reference-appendices/get-service-graph.json')) as { Services: unknown[] };
}

describe('xray.serviceGraph', () => {
  it('is the one X-Ray parser that claims GetServiceGraph output, and emits the whole value once', () => {
    const output = appendixC();
    expect(output.Services).toHaveLength(5);
    expect(xrayParsers.filter((parser) => parser.matches(output)).map((parser) => parser.format)).toEqual(['xray.serviceGraph']);
    const sink = createTestSink();
    serviceGraphParser.parse(output, sink, '');
    expect(sink.problems).toEqual([]);
    expect(sink.added).toEqual([{ kind: 'xray.serviceGraph', doc: output, at: '' }]);
  });

  it('claims GetTraceGraph output (Services and NextToken only)', () => {
    const { Services } = appendixC();
    expect(serviceGraphParser.matches({ Services })).toBe(true);
    expect(serviceGraphParser.matches({ Services: [] })).toBe(true);
  });

  it('keeps the graph as it came and reports services it cannot place', () => {
    const output = appendixC();
    output.Services.push(null, { Type: 'remote' }, { ReferenceId: 9 }, { Name: 'only-named' });
    const sink = createTestSink();
    serviceGraphParser.parse(output, sink, '');
    expect(sink.added).toEqual([{ kind: 'xray.serviceGraph', doc: output, at: '' }]);
    expect(sink.problems).toEqual([
      { at: 'Services[5]', message: 'service is not an object; it is skipped' },
      { at: 'Services[6]', message: 'service with neither a string `Name` nor a numeric `ReferenceId`; it is skipped' },
    ]);
  });

  it('refuses look-alikes: GetRetrievedTracesGraph, CloudTrail, lists of other things', () => {
    expect(serviceGraphParser.matches({ RetrievalStatus: 'COMPLETE', Services: [{ Service: {}, Links: [] }] })).toBe(false);
    expect(serviceGraphParser.matches({ Services: [{ Service: {}, Links: [] }] })).toBe(false);
    expect(serviceGraphParser.matches({ Services: [], Records: [] })).toBe(false);
    expect(serviceGraphParser.matches({ Services: [], Owner: 'x' })).toBe(false);
    expect(serviceGraphParser.matches({ Services: ['a'] })).toBe(false);
  });
});

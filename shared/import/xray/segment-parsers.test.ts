import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath, fixtureText } from '../../../test/support/fixtures.ts';
import { xrayParsers } from './index.ts';
import { xraySegmentParser, xraySegmentsParser } from './segment-parsers.ts';
import { createTestSink } from '../../../test/support/import-sink.ts';

const OTEL = 'otel-contrib-awsxray';
const otelFiles = readdirSync(fixturePath(OTEL)).filter((name) => name.endsWith('.txt') && name !== 'SOURCE.txt');
const otelDocs = otelFiles.map((name) => ({ name, doc: JSON.parse(fixtureText(`${OTEL}/${name}`)) as Record<string, unknown> }));

describe('xray.segment on the OpenTelemetry X-Ray documents', () => {
  it('is the one X-Ray parser that claims each of them', () => {
    expect(otelDocs.length).toBe(15);
    for (const { doc } of otelDocs) {
      expect(xrayParsers.filter((parser) => parser.matches(doc)).map((parser) => parser.format)).toEqual(['xray.segment']);
    }
  });

  it('emits every document but segmentValidationFailed, unchanged, and reports what is wrong where', () => {
    const sink = createTestSink();
    otelDocs.forEach(({ doc }, i) => xraySegmentParser.parse(doc, sink, `line ${i + 1}`));
    const refusedLine = otelFiles.indexOf('segmentValidationFailed.txt') + 1;
    const badCauseLine = otelFiles.indexOf('minCauseIsInvalid.txt') + 1;
    expect(sink.added).toHaveLength(14);
    expect(sink.added.every((added) => added.kind === 'xray.segment')).toBe(true);
    expect(sink.added.map((added) => added.doc)).toEqual(otelDocs.filter(({ name }) => name !== 'segmentValidationFailed.txt').map(({ doc }) => doc));
    expect(sink.added.map((added) => added.at)).not.toContain(`line ${refusedLine}`);
    const expected = [
      { line: badCauseLine, at: `line ${badCauseLine}: cause`, message: '`cause` is neither an exception id nor an object (it is a number)' },
      { line: refusedLine, at: `line ${refusedLine}`, message: 'segment without `start_time`; the document `bda182a644eee9b3` is skipped' },
    ];
    expect(sink.problems).toEqual(expected.sort((a, b) => a.line - b.line).map(({ at, message }) => ({ at, message })));
  });

  it('reports a lone document at the top as a problem without a path', () => {
    const sink = createTestSink();
    xraySegmentParser.parse(JSON.parse(fixtureText(`${OTEL}/segmentValidationFailed.txt`)), sink, '');
    expect(sink.added).toEqual([]);
    expect(sink.problems).toEqual([{ at: undefined, message: 'segment without `start_time`; the document `bda182a644eee9b3` is skipped' }]);
  });
});

describe('daemon datagrams (header line + document)', () => {
  for (const name of ['ddbSample.txt', 'serverSample.txt']) {
    it(`${name}: the header is no X-Ray document and the body is one segment`, () => {
      const text = fixtureText(`${OTEL}/udp-datagram-with-header/${name}`);
      const newline = text.indexOf('\n');
      const header = JSON.parse(text.slice(0, newline)) as unknown;
      const body = JSON.parse(text.slice(newline + 1)) as Record<string, unknown>;
      expect(header).toEqual({ format: 'json', version: 1 });
      expect(xrayParsers.some((parser) => parser.matches(header))).toBe(false);
      const sink = createTestSink();
      expect(xraySegmentParser.matches(body)).toBe(true);
      xraySegmentParser.parse(body, sink, 'line 2');
      expect(sink.problems).toEqual([]);
      expect(sink.added).toEqual([{ kind: 'xray.segment', doc: body, at: 'line 2' }]);
    });
  }

  it('the reconstructed ddbSample datagram carries the same document as the bare file', () => {
    const text = fixtureText(`${OTEL}/udp-datagram-with-header/ddbSample.txt`);
    const body = JSON.parse(text.slice(text.indexOf('\n') + 1)) as unknown;
    expect(body).toEqual(JSON.parse(fixtureText(`${OTEL}/ddbSample.txt`)));
  });
});

describe('xray.segments (a JSON array of documents)', () => {
  it('claims an array of the OpenTelemetry documents and reports bad items at their index', () => {
    const items: unknown[] = [...otelDocs.map(({ doc }) => doc), 42, null, { id: 'no-trace' }];
    expect(xrayParsers.filter((parser) => parser.matches(items)).map((parser) => parser.format)).toEqual(['xray.segments']);
    const sink = createTestSink();
    xraySegmentsParser.parse(items, sink, '');
    expect(sink.added).toHaveLength(14);
    expect(sink.added.map((added) => added.at)).toEqual(
      otelFiles.map((name, i) => (name === 'segmentValidationFailed.txt' ? undefined : `[${i}]`)).filter((at) => at !== undefined),
    );
    const n = otelDocs.length;
    const badCause = otelFiles.indexOf('minCauseIsInvalid.txt');
    const refused = otelFiles.indexOf('segmentValidationFailed.txt');
    const fromFixtures = [
      { index: badCause, at: `[${badCause}].cause`, message: '`cause` is neither an exception id nor an object (it is a number)' },
      { index: refused, at: `[${refused}]`, message: 'segment without `start_time`; the document `bda182a644eee9b3` is skipped' },
    ].sort((a, b) => a.index - b.index);
    expect(sink.problems).toEqual([
      ...fromFixtures.map(({ at, message }) => ({ at, message })),
      { at: `[${n}]`, message: 'segment document is a number, not an object; the document is skipped' },
      { at: `[${n + 1}]`, message: 'segment document is null, not an object; the document is skipped' },
      { at: `[${n + 2}]`, message: 'segment without `name`; the document `no-trace` is skipped' },
    ]);
  });

  it('does not claim empty arrays, arrays of CloudTrail records, or arrays of other things', () => {
    const record = { eventVersion: '1.08', eventID: 'e', eventName: 'UpdateTable', eventTime: '2024-05-24T14:15:03Z' };
    expect(xraySegmentsParser.matches([])).toBe(false);
    expect(xraySegmentsParser.matches([record, otelDocs[0]?.doc])).toBe(false);
    expect(xraySegmentsParser.matches([1, 2, 3])).toBe(false);
    expect(xraySegmentsParser.matches(JSON.parse(fixtureText('aws-iatk/go_test_documents_annotated.json')))).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import { batchGetTracesParser } from './batch-get-traces.ts';
import { xrayParsers } from './index.ts';
import { findKeptDocumentProblems, validateSegmentDocument } from './segment-validation.ts';
import { createTestSink, type TestSink } from '../../../test/support/import-sink.ts';

interface BatchOutput {
  Traces: { Id: string; Segments: { Id: string; Document: unknown }[]; LimitExceeded?: boolean }[];
  UnprocessedTraceIds?: string[];
}

function load(path: string): BatchOutput {
  return JSON.parse(fixtureText(path)) as BatchOutput;
}

function parse(value: unknown, at = ''): TestSink {
  const sink = createTestSink();
  batchGetTracesParser.parse(value, sink, at);
  return sink;
}

const FIXTURES = {
  'aws-cli-examples/batch-get-traces_output.json': { traces: 1, documents: 2 },
  'aws-iatk/go_test_documents_as_BatchGetTraces.json': { traces: 3, documents: 5 },
  'aws-reference-appendices/batch-get-traces.json': { traces: 1, documents: 4 },
};

describe('xray.batchGetTraces on real and documented outputs', () => {
  for (const [path, counts] of Object.entries(FIXTURES)) {
    it(`${path}: ${counts.documents} documents, parsed from their strings, no problems`, () => {
      const output = load(path);
      expect(xrayParsers.filter((parser) => parser.matches(output)).map((parser) => parser.format)).toEqual(['xray.batchGetTraces']);
      expect(output.Traces).toHaveLength(counts.traces);
      const sink = parse(output);
      expect(sink.problems).toEqual([]);
      const expected = output.Traces.flatMap((trace, i) =>
        trace.Segments.map((segment, j) => ({ kind: 'xray.segment', doc: JSON.parse(segment.Document as string) as unknown, at: `Traces[${i}].Segments[${j}]` })),
      );
      expect(expected).toHaveLength(counts.documents);
      expect(sink.added).toEqual(expected);
    });
  }

  it('keeps the rest of the trace when one Document is broken JSON, and says what broke where', () => {
    const output = load('aws-cli-examples/batch-get-traces_output.json');
    const broken = output.Traces[0]!.Segments[1]!;
    let parseMessage = '';
    try {
      JSON.parse((broken.Document as string).slice(0, 40));
    } catch (error) {
      parseMessage = (error as Error).message;
    }
    broken.Document = (broken.Document as string).slice(0, 40);
    const sink = parse(output, 'line 1');
    expect(sink.added.map((added) => added.at)).toEqual(['line 1: Traces[0].Segments[0]']);
    expect(sink.problems).toEqual([
      { at: 'line 1: Traces[0].Segments[1].Document', message: `\`Document\` is not valid JSON: ${parseMessage}; the segment is skipped` },
    ]);
  });

  it('accepts a Document that is already an object, and refuses one that is neither string nor object', () => {
    const output = load('aws-iatk/go_test_documents_as_BatchGetTraces.json');
    const segments = output.Traces[0]!.Segments;
    const parsed = JSON.parse(segments[0]!.Document as string) as unknown;
    segments[0]!.Document = parsed;
    segments[1]!.Document = 12;
    const sink = parse(output);
    expect(sink.added[0]).toEqual({ kind: 'xray.segment', doc: parsed, at: 'Traces[0].Segments[0]' });
    expect(sink.added).toHaveLength(4);
    expect(sink.problems).toEqual([
      { at: 'Traces[0].Segments[1].Document', message: '`Document` is neither a JSON string nor an object; the segment is skipped' },
    ]);
  });

  it('reports an entry Id that differs from the document id, and a trace_id that differs from the trace Id', () => {
    const output = load('aws-cli-examples/batch-get-traces_output.json');
    output.Traces[0]!.Segments[0]!.Id = '0000000000000000';
    const second = JSON.parse(output.Traces[0]!.Segments[1]!.Document as string) as Record<string, unknown>;
    second.trace_id = '1-5d82881a-000000000000000000000000';
    output.Traces[0]!.Segments[1]!.Document = JSON.stringify(second);
    const sink = parse(output);
    expect(sink.added).toHaveLength(2);
    expect(sink.problems).toEqual([
      { at: 'Traces[0].Segments[0].Id', message: '`Id` "0000000000000000" differs from the document\'s id "54aff5735b12dd28"; the document\'s id is used' },
      {
        at: 'Traces[0].Segments[1].Document.trace_id',
        message: 'the document\'s trace_id "1-5d82881a-000000000000000000000000" differs from the trace\'s Id "1-5d82881a-0a9126e92a73e971eed891b9"; the document\'s is used',
      },
    ]);
  });

  it('skips an invalid document, reports bad nested subsegments inside the Document, and names gaps', () => {
    const output = load('aws-reference-appendices/batch-get-traces.json');
    const segments = output.Traces[0]!.Segments;
    const stage = JSON.parse(segments[0]!.Document as string) as Record<string, unknown>;
    delete stage.start_time;
    segments[0]!.Document = JSON.stringify(stage);
    const fn = JSON.parse(segments[2]!.Document as string) as { subsegments: Record<string, unknown>[] };
    fn.subsegments[1] = { name: 'Overhead', start_time: 1, end_time: 2 };
    segments[2]!.Document = JSON.stringify(fn);
    output.Traces[0]!.LimitExceeded = true;
    output.UnprocessedTraceIds = ['1-6650a1b2-000000000000000000000001', '1-6650a1b2-000000000000000000000002'];
    const sink = parse(output);
    expect(sink.added.map((added) => added.at)).toEqual(['Traces[0].Segments[1]', 'Traces[0].Segments[2]', 'Traces[0].Segments[3]']);
    expect(sink.problems).toEqual([
      {
        at: 'Traces[0].LimitExceeded',
        message: "trace 1-6650a1b2-5f1e2d3c4b5a69788796a5b4 is over X-Ray's trace size limit (LimitExceeded): X-Ray returned only part of its segments",
      },
      { at: 'Traces[0].Segments[0].Document', message: 'segment without `start_time`; the document `6a1f0c3e9b2d4e51` is skipped' },
      { at: 'Traces[0].Segments[2].Document.subsegments[1]', message: 'subsegment without `id`; the subsegment is skipped' },
      {
        at: 'UnprocessedTraceIds',
        message: 'X-Ray did not return 2 requested trace(s): 1-6650a1b2-000000000000000000000001, 1-6650a1b2-000000000000000000000002',
      },
    ]);
  });

  it('describes hostile values without walking them (10,000-deep arrays as Id and unprocessed id)', () => {
    const deep = JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)) as unknown;
    const output = load('aws-cli-examples/batch-get-traces_output.json') as unknown as Record<string, unknown> & BatchOutput;
    (output.Traces[0]!.Segments[0] as Record<string, unknown>).Id = deep;
    (output as Record<string, unknown>).UnprocessedTraceIds = [deep];
    const sink = parse(output);
    expect(sink.added).toHaveLength(2);
    expect(sink.problems.map((problem) => problem.message)).toEqual([
      '`Id` (object) differs from the document\'s id "54aff5735b12dd28"; the document\'s id is used',
      'X-Ray did not return 1 requested trace(s): (object)',
    ]);
  });

  it('matches the empty output and refuses CloudTrail and ListRetrievedTraces shapes', () => {
    expect(batchGetTracesParser.matches({ Traces: [], UnprocessedTraceIds: [] })).toBe(true);
    expect(batchGetTracesParser.matches({ Traces: [], Records: [] })).toBe(false);
    expect(batchGetTracesParser.matches({ Traces: [{ Id: 't', Spans: [] }] })).toBe(false);
    expect(batchGetTracesParser.matches({ RetrievalStatus: 'COMPLETE', Traces: [] })).toBe(false);
    expect(batchGetTracesParser.matches(JSON.parse(fixtureText('aws-cli-examples/lookup-events_output.json')))).toBe(false);
  });
});

// ---- property: any valid segment document survives the trip through a Document string ----

const hexDigits = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const spanId = hexDigits(16);
const traceId = fc.tuple(hexDigits(8), hexDigits(24)).map(([time, random]) => `1-${time}-${random}`);
const epochSeconds = fc.double({ min: 1e9, max: 2e9, noNaN: true });
/** JSON cannot carry -0 (it becomes 0), so generated JSON values are taken as JSON gives them back. */
const jsonValue = fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);
/** Valid documents end no earlier than they start (an end before the start is reported): a duration, or in progress. */
const end = fc.oneof(fc.double({ min: 0, max: 1e4, noNaN: true }).map((duration) => ({ duration })), fc.constant({ in_progress: true as const }));
const ending = (start: number, chosen: { duration: number } | { in_progress: true }) => ('duration' in chosen ? { end_time: start + chosen.duration } : chosen);
const cause = fc.oneof(
  spanId,
  fc.record({ working_directory: fc.string(), exceptions: fc.array(fc.record({ id: spanId, message: fc.string(), remote: fc.boolean() }), { maxLength: 2 }) }),
);
const optionalFields = fc.record(
  {
    namespace: fc.constantFrom('aws', 'remote'),
    error: fc.boolean(),
    fault: fc.boolean(),
    throttle: fc.boolean(),
    cause,
    http: fc.record({ request: fc.record({ method: fc.constantFrom('GET', 'POST'), url: fc.webUrl() }), response: fc.record({ status: fc.integer({ min: 100, max: 599 }) }) }),
    aws: fc.dictionary(fc.string(), jsonValue, { maxKeys: 3 }),
    annotations: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 3 }),
    metadata: fc.dictionary(fc.string(), jsonValue, { maxKeys: 3 }),
  },
  { requiredKeys: [] },
);

const { subsegment } = fc.letrec<{ subsegment: Record<string, unknown> }>((tie) => ({
  subsegment: fc
    .tuple(
      fc.record({ id: spanId, name: fc.string({ maxLength: 20 }), start_time: epochSeconds }),
      end,
      optionalFields,
      fc.oneof({ maxDepth: 3, depthSize: 'small' }, fc.constant([]), fc.array(tie('subsegment'), { maxLength: 3 })),
    )
    .map(([required, chosen, optional, children]) => ({ ...required, ...ending(required.start_time, chosen), ...optional, ...(children.length > 0 ? { subsegments: children } : {}) })),
}));

const segmentDocument = fc
  .tuple(
    fc.record({ id: spanId, name: fc.string({ maxLength: 30 }), trace_id: traceId, start_time: epochSeconds }),
    end,
    optionalFields,
    fc.record({ parent_id: spanId, origin: fc.constantFrom('AWS::Lambda', 'AWS::ApiGateway::Stage'), inferred: fc.boolean() }, { requiredKeys: [] }),
    fc.array(subsegment, { maxLength: 4 }),
    fc.boolean(),
  )
  .map(([required, chosen, optional, segmentFields, children, independent]) => ({
    ...required,
    ...ending(required.start_time, chosen),
    ...optional,
    ...(independent ? { type: 'subsegment', parent_id: segmentFields.parent_id ?? '53995c3f42cd8ad8' } : segmentFields),
    ...(children.length > 0 ? { subsegments: children } : {}),
  }));

describe('xray.batchGetTraces round trip (property)', () => {
  it('emits any valid segment document given as a Document string unchanged, with no problem', () => {
    fc.assert(
      fc.property(fc.array(segmentDocument, { minLength: 1, maxLength: 3 }), (docs) => {
        for (const doc of docs) {
          expect(validateSegmentDocument(doc)).toBeUndefined();
          expect(findKeptDocumentProblems(doc)).toEqual([]);
        }
        const output = {
          Traces: [{ Id: docs[0]!.trace_id, Duration: 1, Segments: docs.map((doc) => ({ Id: doc.id, Document: JSON.stringify(doc) })) }],
          UnprocessedTraceIds: [],
        };
        expect(batchGetTracesParser.matches(output)).toBe(true);
        const sink = parse(output);
        expect(sink.added.map((added) => added.doc)).toEqual(docs);
        const traceIdProblems = docs.filter((doc) => doc.trace_id !== docs[0]!.trace_id).length;
        expect(sink.problems).toHaveLength(traceIdProblems);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary JSON inside the shape, and only emits documents that validate', () => {
    const anyTraces = fc.array(
      fc.record({ Id: fc.oneof(fc.string(), jsonValue), Segments: fc.array(fc.record({ Id: jsonValue, Document: fc.oneof(jsonValue, jsonValue.map((v) => JSON.stringify(v)), segmentDocument.map((d) => JSON.stringify(d))) })) }),
      { maxLength: 3 },
    );
    fc.assert(
      fc.property(anyTraces, (traces) => {
        const sink = parse({ Traces: traces });
        for (const added of sink.added) expect(validateSegmentDocument(added.doc)).toBeUndefined();
        const segmentCount = traces.reduce((count, trace) => count + trace.Segments.length, 0);
        expect(sink.added.length).toBeLessThanOrEqual(segmentCount);
      }),
      { numRuns: 200 },
    );
  });
});

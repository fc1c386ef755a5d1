import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath, fixtureText } from '../../../test/support/fixtures.ts';
import { findKeptDocumentProblems, looksLikeSegmentDocument, segmentKey, validateSegmentDocument } from './segment-validation.ts';

const OTEL = 'otel-contrib-awsxray';

function otelDocument(name: string): Record<string, unknown> {
  return JSON.parse(fixtureText(`${OTEL}/${name}`)) as Record<string, unknown>;
}

/** What we decided for every raw document of the OpenTelemetry collector's X-Ray test data. */
const OTEL_EXPECTED: Record<string, { readonly refused?: string; readonly kept?: readonly { at: string; message: RegExp }[] }> = {
  'awsMissingAwsField.txt': {},
  'awsValidAwsFields.txt': {},
  'ddbSample.txt': {},
  'serverSample.txt': {},
  'indepSubsegment.txt': {},
  'indepSubsegmentWithContentLengthString.txt': {},
  'indepSubsegmentWithInvalidSqlUrl.txt': {},
  'indepSubsegmentWithLocalNamespace.txt': {},
  'indepSubsegmentWithSql.txt': {},
  'minCauseIsExceptionId.txt': {},
  'minInProgress.txt': {},
  'minOtherFields.txt': {},
  // The OpenTelemetry receiver rejects this one for its namespace; we only display namespaces.
  'invalidNamespace.txt': {},
  'minCauseIsInvalid.txt': { kept: [{ at: 'cause', message: /^`cause` is neither an exception id nor an object \(it is a number\)$/ }] },
  'segmentValidationFailed.txt': { refused: 'segment without `start_time`' },
};

describe('validateSegmentDocument on the OpenTelemetry X-Ray test documents', () => {
  it('covers every document of the fixture folder', () => {
    const files = readdirSync(fixturePath(OTEL)).filter((name) => name.endsWith('.txt') && name !== 'SOURCE.txt');
    expect(files.sort()).toEqual(Object.keys(OTEL_EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(OTEL_EXPECTED)) {
    it(`${name}: ${expected.refused ? 'refused' : expected.kept ? 'kept with problems' : 'kept'}`, () => {
      const doc = otelDocument(name);
      expect(looksLikeSegmentDocument(doc)).toBe(true);
      expect(validateSegmentDocument(doc)).toBe(expected.refused);
      if (expected.refused) return;
      const problems = findKeptDocumentProblems(doc);
      expect(problems).toHaveLength(expected.kept?.length ?? 0);
      expected.kept?.forEach((want, i) => {
        expect(problems[i]?.at).toBe(want.at);
        expect(problems[i]?.message).toMatch(want.message);
      });
    });
  }

  it('keys an independent subsegment by its own trace_id and id', () => {
    const doc = otelDocument('indepSubsegment.txt');
    expect(doc.type).toBe('subsegment');
    expect(segmentKey(doc as { trace_id: string; id: string })).toBe(`${String(doc.trace_id)}/${String(doc.id)}`);
  });
});

describe('validateSegmentDocument on the aws-iatk documents', () => {
  const entries = JSON.parse(fixtureText('aws-iatk/go_test_documents_annotated.json')) as {
    segment_id: string;
    trace_id: string;
    Document: string;
  }[];

  it('accepts all five, non-hex trace id included, and keys them trace_id/id', () => {
    expect(entries).toHaveLength(5);
    for (const entry of entries) {
      const doc = JSON.parse(entry.Document) as { trace_id: string; id: string };
      expect(validateSegmentDocument(doc)).toBeUndefined();
      expect(findKeptDocumentProblems(doc)).toEqual([]);
      expect(segmentKey(doc)).toBe(`${entry.trace_id}/${entry.segment_id}`);
    }
    expect(entries.some((entry) => !/^1-[0-9a-f]{8}-[0-9a-f]{24}$/.test(entry.trace_id))).toBe(true);
  });

  it('does not take the annotated list items for segment documents', () => {
    for (const entry of entries) expect(looksLikeSegmentDocument(entry)).toBe(false);
  });
});

const BASE = { id: '70de5b6f19ff9a0a', name: 'svc', trace_id: '1-5759e988-bd862e3fe1be46a994272793', start_time: 1.5, end_time: 2 };

function without(key: keyof typeof BASE): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...BASE };
  delete copy[key];
  return copy;
}

describe('validateSegmentDocument field by field', () => {
  it('accepts a minimal segment and an in-progress one', () => {
    expect(validateSegmentDocument(BASE)).toBeUndefined();
    expect(validateSegmentDocument({ ...without('end_time'), in_progress: true })).toBeUndefined();
  });

  it('names the missing field', () => {
    expect(validateSegmentDocument(without('id'))).toBe('segment without `id`');
    expect(validateSegmentDocument(without('name'))).toBe('segment without `name`');
    expect(validateSegmentDocument(without('trace_id'))).toBe('segment without `trace_id`');
    expect(validateSegmentDocument(without('start_time'))).toBe('segment without `start_time`');
    expect(validateSegmentDocument(without('end_time'))).toBe('segment without `end_time` and not `in_progress`');
    expect(validateSegmentDocument({ ...without('end_time'), in_progress: 'true' })).toBe('segment without `end_time` and not `in_progress`');
  });

  it('names the field of the wrong type', () => {
    expect(validateSegmentDocument({ ...BASE, id: '' })).toBe('`id` is not a non-empty string (it is an empty string)');
    expect(validateSegmentDocument({ ...BASE, id: 7 })).toBe('`id` is not a non-empty string (it is a number)');
    expect(validateSegmentDocument({ ...BASE, name: null })).toBe('`name` is not a string (it is null)');
    expect(validateSegmentDocument({ ...BASE, start_time: '1.5' })).toBe('`start_time` is not a number (it is a string)');
    expect(validateSegmentDocument({ ...BASE, end_time: [2] })).toBe('`end_time` is not a number (it is an array)');
    expect(validateSegmentDocument({ ...BASE, trace_id: {} })).toBe('`trace_id` is not a non-empty string (it is an object)');
    expect(validateSegmentDocument({ ...BASE, parent_id: 12 })).toBe('`parent_id` is not a non-empty string (it is a number)');
    expect(validateSegmentDocument('{"id":1}')).toBe('segment document is a string, not an object');
    expect(validateSegmentDocument([BASE])).toBe('segment document is an array, not an object');
  });

  it('requires trace_id and parent_id on an independent subsegment', () => {
    const sub = { ...BASE, type: 'subsegment', parent_id: 'defdfd9912dc5a56' };
    expect(validateSegmentDocument(sub)).toBeUndefined();
    expect(validateSegmentDocument({ ...sub, parent_id: undefined })).toBe('independent subsegment without `parent_id`');
    const noTrace: Record<string, unknown> = { ...sub };
    delete noTrace.trace_id;
    expect(validateSegmentDocument(noTrace)).toBe('independent subsegment without `trace_id`');
  });

  it('reads own fields only, never inherited ones', () => {
    const inherited = Object.create(BASE) as object;
    expect(validateSegmentDocument(inherited)).toBe('segment without `id`');
    const hostile = JSON.parse(`{"__proto__":{"id":"x"},"constructor":1,${JSON.stringify(without('id')).slice(1)}`) as unknown;
    expect(validateSegmentDocument(hostile)).toBe('segment without `id`');
  });
});

describe('findKeptDocumentProblems', () => {
  const good = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: id, start_time: 1, end_time: 2, ...extra });

  it('reports bad nested subsegments where they are and does not look inside them', () => {
    const doc = {
      ...BASE,
      subsegments: [
        good('a', { subsegments: [good('a1'), { name: 'no id', start_time: 1, end_time: 2 }] }),
        42,
        { ...good('c'), start_time: 'soon', subsegments: [7] },
        good('d', { in_progress: true, end_time: undefined }),
      ],
    };
    expect(findKeptDocumentProblems(doc)).toEqual([
      { at: 'subsegments[0].subsegments[1]', message: 'subsegment without `id`; the subsegment is skipped' },
      { at: 'subsegments[1]', message: 'subsegment is a number, not an object; the subsegment is skipped' },
      { at: 'subsegments[2]', message: '`start_time` is not a number (it is a string); the subsegment is skipped' },
    ]);
  });

  it('reports ids used twice, and subsegments that are not an array', () => {
    const doc = { ...BASE, subsegments: [good('a', { subsegments: { id: 'x' } }), good(BASE.id), good('a')] };
    expect(findKeptDocumentProblems(doc)).toEqual([
      { at: 'subsegments[0].subsegments', message: '`subsegments` is not an array (it is an object); they are skipped' },
      { at: 'subsegments[1]', message: `id \`${BASE.id}\` is used twice in this document (first at the segment itself)` },
      { at: 'subsegments[2]', message: 'id `a` is used twice in this document (first at subsegments[0])' },
    ]);
  });

  it('lists at most `limit` problems and counts the rest', () => {
    const doc = { ...BASE, subsegments: Array.from({ length: 30 }, () => null) };
    const problems = findKeptDocumentProblems(doc);
    expect(problems).toHaveLength(21);
    expect(problems[19]?.at).toBe('subsegments[19]');
    expect(problems[20]).toEqual({ at: '', message: '10 more problem(s) in this document not listed' });
  });

  it('walks a 10,000-deep chain without recursion and names the deepest bad subsegment', () => {
    const depth = 10_000;
    let text = JSON.stringify(BASE).slice(0, -1);
    for (let i = 0; i < depth; i++) text += `,"subsegments":[{"id":"s${i}","name":"n","start_time":1,"end_time":2`;
    text += ',"subsegments":[{"name":"bottom"}]';
    text += '}]'.repeat(depth) + '}';
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(validateSegmentDocument(doc)).toBeUndefined();
    const problems = findKeptDocumentProblems(doc);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe('subsegment without `id`; the subsegment is skipped');
    expect(problems[0]?.at.split('.')).toEqual(Array.from({ length: depth + 1 }, () => 'subsegments[0]'));
  });
});

describe('looksLikeSegmentDocument', () => {
  it('refuses CloudTrail records and other shapes', () => {
    expect(looksLikeSegmentDocument({ ...BASE, eventVersion: '1.08' })).toBe(false);
    expect(looksLikeSegmentDocument({ ...BASE, eventID: 'e' })).toBe(false);
    expect(looksLikeSegmentDocument({ format: 'json', version: 1 })).toBe(false);
    expect(looksLikeSegmentDocument({ id: 'a', time: '2024-01-01T00:00:00Z', detail: {} })).toBe(false);
    expect(looksLikeSegmentDocument([BASE])).toBe(false);
  });

  it('takes a segment without trace_id when the rest is there, so the missing field gets named', () => {
    expect(looksLikeSegmentDocument(without('trace_id'))).toBe(true);
    expect(looksLikeSegmentDocument({ id: 'a', name: 'b' })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { assembleTraces } from '../../dataset/assembly/assemble.ts';
import type { XRaySegmentDocument, XRayTraceSummary } from '../../model/xray.ts';
import { summaryAnnotation } from './summary-read.ts';
import { TraceTable } from './trace-table.ts';
import { fixtureText } from '../../../test/support/fixtures.ts';
import { fixtureBatchDocuments } from '../../../test/support/trace-documents.ts';
import { matchingIds } from '../../../test/support/filter-cases.ts';

/**
 * What the filter reads from a summary or a segment that is not quite what the documentation
 * promises (summaries and segments are untrusted input: aws-reference.md §2 and §3): the
 * Appendix A summary and the Appendix B documents, each with one field changed in the test.
 * A field the summary has wins over the segments, even empty; a field it lacks is read from the
 * segments; an item or value of the wrong shape is skipped; every value of a key counts.
 */

const APPENDIX = '1-6650a1b2-5f1e2d3c4b5a69788796a5b4';

function summary(change: (summary: Record<string, unknown>) => void = () => {}): XRayTraceSummary {
  const parsed = (JSON.parse(fixtureText('aws-reference-appendices/get-trace-summaries.json')) as { TraceSummaries: Record<string, unknown>[] }).TraceSummaries[0]!;
  change(parsed);
  return parsed as unknown as XRayTraceSummary;
}

function documents(change: (documents: XRaySegmentDocument[]) => void = () => {}): XRaySegmentDocument[] {
  const docs = fixtureBatchDocuments('aws-reference-appendices/batch-get-traces.json');
  change(docs);
  return docs;
}

/** The Appendix B trace (as changed), with the summary given, if any. */
function table(withSummary: XRayTraceSummary | undefined, docs = documents()): TraceTable {
  const { traces } = assembleTraces(docs);
  expect(traces.map((trace) => trace.id)).toEqual([APPENDIX]);
  return new TraceTable([{ trace: traces[0]!, summary: withSummary }]);
}

/** Whether `text` matches the table's one trace. */
const matches = (table: TraceTable, text: string): boolean => matchingIds(table, text).length === 1;

const annotation = (value: Record<string, unknown>) => ({ AnnotationValue: value, ServiceIds: [] });
const STAGE_ARN = 'resource.arn = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod"';

describe('list fields: the summary’s when it has them, else the segments’', () => {
  it('reads ResourceARNs from the summary, and from the segments (the stage’s resource_arn) when the summary has no such field', () => {
    expect(matches(table(summary()), STAGE_ARN)).toBe(true);
    expect(matches(table(summary((s) => delete s['ResourceARNs'])), STAGE_ARN)).toBe(true);
    // An empty list is the summary's answer: none, whatever the segments say.
    expect(matches(table(summary((s) => (s['ResourceARNs'] = []))), STAGE_ARN)).toBe(false);
    expect(matches(table(summary((s) => (s['ResourceARNs'] = []))), 'resource.arn CONTAINS ""')).toBe(false);
    expect(matches(table(undefined), STAGE_ARN)).toBe(true);
  });

  it('skips list items of the wrong shape and keeps the others', () => {
    const mixed = summary((s) => (s['ResourceARNs'] = ['arn:aws:lambda:us-east-1:123456789012:function:x', { ARN: 7 }, {}, null, { ARN: 'arn:aws:lambda:us-east-1:123456789012:function:orders-handler' }]));
    expect(matches(table(mixed), 'resource.arn ENDSWITH ":function:orders-handler"')).toBe(true);
    expect(matches(table(mixed), 'resource.arn ENDSWITH ":function:x"')).toBe(false);
    const none = summary((s) => (s['ResourceARNs'] = [{ ARN: 7 }, 'x']));
    expect(matches(table(none), 'resource.arn CONTAINS ""')).toBe(false);
    expect(matches(table(none), 'resource.arn != "x"')).toBe(true);
  });

  it('reads Users, InstanceIds and AvailabilityZones by their documented inner names', () => {
    const filled = summary((s) => {
      s['Users'] = [{ UserName: 'alice', ServiceIds: [] }];
      s['InstanceIds'] = [{ Id: 'i-0123456789abcdef0' }];
      s['AvailabilityZones'] = [{ Name: 'us-east-1a' }];
    });
    const t = table(filled);
    expect(matches(t, 'user = "alice"')).toBe(true);
    expect(matches(t, 'instance.id = "i-0123456789abcdef0"')).toBe(true);
    expect(matches(t, 'availabilityzone = "us-east-1a"')).toBe(true);
    expect(matches(t, 'user = "i-0123456789abcdef0" OR instance.id = "alice" OR availabilityzone = "alice"')).toBe(false);
  });
});

describe('annotations of a summary', () => {
  it('every value of a key counts, the first and the last', () => {
    const two = summary((s) => (s['Annotations'] = { tenant: [annotation({ StringValue: 'acme' }), annotation({ StringValue: 'globex' }), annotation({ StringValue: 'acme' })], flags: [annotation({ BooleanValue: true }), annotation({ BooleanValue: false })] }));
    const t = table(two);
    expect(matches(t, 'annotation.tenant = "acme"')).toBe(true);
    expect(matches(t, 'annotation.tenant = "globex"')).toBe(true);
    expect(matches(t, 'annotation.tenant != "globex"')).toBe(false);
    expect(matches(t, 'annotation.flags = false AND annotation.flags = true')).toBe(true);
    expect(t.annotation('tenant')[0]).toEqual(['acme', 'globex']);
    expect(t.annotationsOf(0)).toEqual(new Map<string, unknown[]>([['tenant', ['acme', 'globex']], ['flags', [true, false]]]));
    const raw = (two['Annotations'] as Record<string, unknown>);
    expect(summaryAnnotation(raw, 'tenant')).toEqual(['acme', 'globex']);
    expect(summaryAnnotation(raw, 'flags')).toEqual([true, false]);
    expect(summaryAnnotation(raw, 'missing')).toBeUndefined();
  });

  it('reads NumberValue, StringValue and BooleanValue; a value of none of them, or unusable, is as if not set', () => {
    const typed = summary(
      (s) =>
        (s['Annotations'] = {
          items: [annotation({ NumberValue: 3 })],
          name: [annotation({ StringValue: 'x' })],
          cold: [annotation({ BooleanValue: false })],
          empty: [annotation({})],
          other: [annotation({ DateValue: 'yesterday' })],
          huge: [annotation({ NumberValue: Number.POSITIVE_INFINITY })],
          text: [annotation({ NumberValue: '3' })],
          pair: [annotation({}), annotation({ NumberValue: Number.NaN })],
          notAList: annotation({ StringValue: 'x' }),
          shapeless: ['x', null, { ServiceIds: [] }],
        }),
    );
    const t = table(typed);
    expect(matches(t, 'annotation.items = 3')).toBe(true);
    expect(matches(t, 'annotation.name = "x"')).toBe(true);
    expect(matches(t, 'annotation.cold = false')).toBe(true);
    for (const key of ['empty', 'other', 'huge', 'pair', 'notAList', 'shapeless', 'missing']) expect(matches(t, `annotation.${key}`), key).toBe(false);
    // A string that looks like a number is a string.
    expect(matches(t, 'annotation.text = 3')).toBe(false);
    expect(matches(t, 'annotation.text = "3"')).toBe(true);
    // A number is compared as a number and a string as a string, never across.
    expect(matches(t, 'annotation.text > 2')).toBe(false);
    expect(matches(t, 'annotation.items CONTAINS "3"')).toBe(false);
    expect(matches(t, 'annotation.items != 3')).toBe(false);
    expect(matches(t, 'annotation.cold != false')).toBe(false);
    expect(t.annotationsOf(0)).toEqual(new Map<string, unknown[]>([['items', [3]], ['name', ['x']], ['cold', [false]], ['text', ['3']]]));
  });

  it('keeps a value of -0 as it was sent, next to a trace whose value is 0', () => {
    const zero = summary((s) => (s['Annotations'] = { offset: [annotation({ NumberValue: 0 })] }));
    const minusZero = summary((s) => (s['Annotations'] = { offset: [annotation({ NumberValue: -0 })] }));
    const { traces } = assembleTraces(documents());
    const t = new TraceTable([{ trace: traces[0]!, summary: zero }, { summary: { ...minusZero, Id: 'other' } as XRayTraceSummary }, { summary: { ...zero, Id: 'third' } as XRayTraceSummary }]);
    const column = t.annotation('offset');
    expect(Object.is(column[0]![0], 0)).toBe(true);
    expect(Object.is(column[1]![0], -0)).toBe(true);
    expect(Object.is(column[2]![0], 0)).toBe(true);
  });
});

describe('annotations and lists of the segments', () => {
  it('takes string, number and boolean annotation values from every span, each value once per key, and skips the rest', () => {
    const docs = documents((all) => {
      const stage = all.find((doc) => doc.name === 'orders-api/prod')!;
      const fn = all.find((doc) => doc.origin === 'AWS::Lambda::Function')!;
      Object.assign(stage, { annotations: { ...stage.annotations, tenant: 'globex', retries: 2, broken: null, nested: {}, inf: Number.POSITIVE_INFINITY } });
      Object.assign(fn, { annotations: { retries: 2, warm: true } });
    });
    const t = table(undefined, docs);
    // Invocation (a subsegment) has tenant acme; the stage has globex.
    expect(matches(t, 'annotation.tenant = "acme"')).toBe(true);
    expect(matches(t, 'annotation.tenant = "globex"')).toBe(true);
    expect(matches(t, 'annotation.retries = 2 AND annotation.warm = true')).toBe(true);
    for (const key of ['broken', 'nested', 'inf']) expect(matches(t, `annotation.${key}`), key).toBe(false);
    const all = t.annotationsOf(0);
    expect(all.get('tenant')?.slice().sort()).toEqual(['acme', 'globex']);
    expect(all.get('retries')).toEqual([2]);
    expect([...all.keys()].sort()).toEqual(['aws:api_id', 'aws:api_stage', 'retries', 'tenant', 'warm']);
  });

  it('reads user, resource_arn and aws.ec2 of segments only, never of subsegments', () => {
    const docs = documents((all) => {
      const fn = all.find((doc) => doc.origin === 'AWS::Lambda::Function')!;
      const invocation = fn.subsegments!.find((sub) => sub.name === 'Invocation')!;
      Object.assign(invocation, { user: 'in-a-subsegment', resource_arn: 'arn:in-a-subsegment', aws: { ec2: { instance_id: 'i-sub', availability_zone: 'az-sub' } } });
      Object.assign(fn, { user: 'alice', aws: { ...fn.aws, ec2: { instance_id: 'i-0123456789abcdef0', availability_zone: 'us-east-1a' } } });
    });
    const t = table(undefined, docs);
    expect(matches(t, 'user = "alice"')).toBe(true);
    expect(matches(t, 'instance.id = "i-0123456789abcdef0"')).toBe(true);
    expect(matches(t, 'availabilityzone = "us-east-1a"')).toBe(true);
    for (const text of ['user = "in-a-subsegment"', 'resource.arn = "arn:in-a-subsegment"', 'instance.id = "i-sub"', 'availabilityzone = "az-sub"', 'instance.id = "us-east-1a"', 'availabilityzone = "i-0123456789abcdef0"']) {
      expect(matches(t, text), text).toBe(false);
    }
  });
});

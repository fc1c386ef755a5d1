import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import type { XRaySegmentDocument } from '../../model/xray.ts';
import { rawJsonText, spanDetailData } from './span-detail.ts';
import { appendixBDocuments } from '../../../test/support/waterfall-documents.ts';
import { assembleTrace } from '../../../test/support/trace-documents.ts';

describe('span detail data', () => {
  it('keeps every field of the real DynamoDB sample but its subsegments, and resolves its cause', () => {
    const doc = JSON.parse(fixtureText('otel-contrib-awsxray/ddbSample.txt')) as XRaySegmentDocument;
    const trace = assembleTrace([doc]);
    const detail = spanDetailData(trace, 0);
    const { subsegments, ...rest } = doc;
    expect(detail.doc).toEqual(rest);
    expect(detail.subsegmentCount).toBe(subsegments?.length ?? 0);
    expect(detail.subsegmentCount).toBeGreaterThan(0);
    const withCause = trace.spans.map((_, i) => spanDetailData(trace, i)).filter((d) => d.cause && d.cause.exceptions.length > 0);
    expect(withCause.length).toBeGreaterThan(0);
  });

  it('copies a __proto__ key from the data as a plain field, touching no prototype', () => {
    const doc = JSON.parse('{"id":"p000000000000001","name":"x","trace_id":"t","start_time":1,"end_time":2,"__proto__":{"polluted":1}}') as XRaySegmentDocument;
    const detail = spanDetailData(assembleTrace([doc]), 0);
    expect(Object.hasOwn(detail.doc, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(detail.doc)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('writes raw JSON whole or cut, with the whole length', () => {
    const trace = assembleTrace(appendixBDocuments());
    const whole = rawJsonText(trace, 0, undefined);
    expect(JSON.parse(whole.text)).toEqual(trace.spans[0]!.doc);
    expect(rawJsonText(trace, 0, 10)).toEqual({ text: whole.text.slice(0, 10), length: whole.text.length });
    expect(() => rawJsonText(trace, trace.spans.length, undefined)).toThrow(RangeError);
  });
});

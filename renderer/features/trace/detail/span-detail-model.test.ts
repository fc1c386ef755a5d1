import { describe, expect, it } from 'vitest';
import type { XRaySegmentDocument } from '../../../../shared/model/xray.ts';
import otelDynamo from '../../../../test/fixtures/otel-contrib-awsxray/ddbSample.txt?raw';
import { causeOf, flattenFields, otherFields } from './span-detail-model.ts';
import { formatDuration } from '../../../../shared/base/format.ts';
import { assembleTrace } from '../../../../test/support/trace-documents.ts';

describe('span detail model', () => {
  it('reads the cause, exceptions and stack of the real DynamoDB fault sample', () => {
    const doc = JSON.parse(otelDynamo) as XRaySegmentDocument;
    const trace = assembleTrace([doc]);
    const withCause = trace.spans.map((_, i) => causeOf(trace, i)).filter((c) => c && c.exceptions.length > 0);
    expect(withCause.length).toBeGreaterThan(0);
    const exception = withCause[0]!.exceptions[0]!;
    expect(typeof exception.id).toBe('string');
    expect(withCause.some((c) => c!.exceptions.some((e) => Array.isArray(e.stack) && e.stack.length > 0))).toBe(true);
  });

  it('resolves a cause that names an exception recorded on another span', () => {
    const docs: XRaySegmentDocument[] = [
      { id: 'e000000000000001', name: 'a', trace_id: 't', start_time: 1, end_time: 3, cause: { exceptions: [{ id: '1234567890abcdef', type: 'Boom' }] } },
      { id: 'e000000000000002', name: 'b', trace_id: 't', parent_id: 'e000000000000001', start_time: 2, end_time: 3, cause: '1234567890abcdef' },
      { id: 'e000000000000003', name: 'c', trace_id: 't', parent_id: 'e000000000000001', start_time: 2, end_time: 3, cause: 'ffffffffffffffff' },
    ];
    const trace = assembleTrace(docs);
    const b = causeOf(trace, trace.spans.findIndex((s) => s.name === 'b'))!;
    expect(trace.spans[b.referencedSpan!]!.name).toBe('a');
    expect(b.exceptions.map((e) => e.type)).toEqual(['Boom']);
    expect(causeOf(trace, trace.spans.findIndex((s) => s.name === 'c'))!.referencedSpan).toBe(-1);
  });

  it('flattens nested fields to dotted paths, keeps arrays whole and lists unknown top-level fields', () => {
    expect(flattenFields({ api_gateway: { stage: 'prod', ids: [1, 2] }, empty: {} })).toEqual([
      { label: 'api_gateway.stage', value: 'prod' },
      { label: 'api_gateway.ids', value: [1, 2] },
      { label: 'empty', value: {} },
    ]);
    expect(flattenFields(undefined)).toEqual([]);
    expect(flattenFields('not an object')).toEqual([{ label: '(value)', value: 'not an object' }]);
    const hostile = JSON.parse('{"id":"x","name":"y","__proto__":{"polluted":1},"user":"u"}') as Record<string, unknown>;
    expect(otherFields(hostile).map((f) => f.label)).toEqual(['__proto__', 'user']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('formats durations without float noise', () => {
    expect(formatDuration(1716560306.671 - 1716560306.41 - (1716560306.662 - 1716560306.418))).toBe('17 ms');
    expect(formatDuration(0.0004)).toBe('400 µs');
    expect(formatDuration(2.5)).toBe('2.5 s');
    expect(formatDuration(undefined)).toBe('—');
  });
});

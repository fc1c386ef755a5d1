import { describe, expect, it } from 'vitest';
import type { XRaySegmentDocument } from '../../model/xray.ts';
import type { Trace } from '../../model/trace.ts';
import { findLambdaPhases } from './lambda-phases.ts';
import { searchTrace } from './search.ts';
import { appendixBDocuments } from '../../../test/support/waterfall-documents.ts';
import { assembleFixtureTraces, assembleTrace } from '../../../test/support/trace-documents.ts';

const ids = (trace: Trace, hits: Int32Array): string[] => Array.from(hits, (i) => trace.spans[i]!.id);

const trace = assembleTrace(appendixBDocuments());

describe('search within a trace', () => {
  it('matches names, ids, annotation values and URLs case-insensitively, in span order', () => {
    expect(ids(trace, searchTrace(trace, 'ACME'))).toEqual(['ae5b4a7c3d6f8195']);
    expect(ids(trace, searchTrace(trace, 'e29f8ebf'))).toEqual(['e29f8ebfb1acd5d9']);
    expect(ids(trace, searchTrace(trace, '/invocations'))).toEqual(['7b2e1d4f0a3c5e62']);
    const dynamo = searchTrace(trace, 'dynamodb');
    expect(ids(trace, dynamo)).toEqual(['bf6c5b8d4e7a92a6', 'e29f8ebfb1acd5d9']);
    expect(Array.from(dynamo)).toEqual([...dynamo].sort((a, b) => a - b));
  });

  it('matches nothing for a blank query, and reads hostile annotation keys as data', () => {
    expect(searchTrace(trace, '   ')).toHaveLength(0);
    const hostile = JSON.parse('{"id":"1111111111111111","name":"x","start_time":1,"end_time":2,"trace_id":"t","annotations":{"__proto__":"polluted","constructor":7}}') as XRaySegmentDocument;
    const t = assembleTrace([hostile]);
    expect(searchTrace(t, 'polluted')).toHaveLength(1);
    expect(searchTrace(t, '7')).toHaveLength(1);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('Lambda phases', () => {
  it('labels Initialization, Invocation and Overhead under AWS::Lambda::Function in the aws-iatk fixture', () => {
    const traces = assembleFixtureTraces('aws-iatk/go_test_documents_as_BatchGetTraces.json');
    const labelled = traces.flatMap((t) => [...findLambdaPhases(t)].map(([i, phase]) => [t.spans[i]!.name, phase]));
    expect(labelled.filter(([name, phase]) => name !== phase)).toEqual([]);
    expect(new Set(labelled.map(([, phase]) => phase))).toEqual(new Set(['Initialization', 'Invocation', 'Overhead']));
    // The async AWS::Lambda segment's "Dwell Time" and "Attempt #1" are not function phases.
    expect(labelled.some(([name]) => name === 'Dwell Time')).toBe(false);
  });

  it('does not label a subsegment named Invocation outside a function segment', () => {
    const doc: XRaySegmentDocument = { id: 'aaaaaaaaaaaaaaaa', name: 'svc', trace_id: 't', start_time: 1, end_time: 2, subsegments: [{ id: 'bbbbbbbbbbbbbbbb', name: 'Invocation', start_time: 1, end_time: 2 }] };
    expect(findLambdaPhases(assembleTrace([doc])).size).toBe(0);
    expect([...findLambdaPhases(trace).values()]).toEqual(['Invocation', 'Overhead']);
  });
});

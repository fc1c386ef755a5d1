import { describe, expect, it } from 'vitest';
import type { XRaySegmentDocument } from '../../model/xray.ts';
import { buildTraceMap, MAX_TRACE_MAP_NODES } from './trace-map.ts';
import { appendixBDocuments } from '../../../test/support/waterfall-documents.ts';
import { assembleFixtureTraces, assembleTrace, assembleTree } from '../../../test/support/trace-documents.ts';

describe('trace map', () => {
  it('has one node per service in call-depth columns and an edge per call on Appendix B', () => {
    const trace = assembleTrace(appendixBDocuments());
    const map = buildTraceMap(trace);
    expect(map.nodes.map((n) => [n.name, n.type, n.column, n.status])).toEqual([
      ['orders-api/prod', 'AWS::ApiGateway::Stage', 0, 'fault'],
      ['orders-handler', 'AWS::Lambda', 1, 'ok'],
      ['orders-handler', 'AWS::Lambda::Function', 2, 'ok'],
      ['DynamoDB', 'AWS::DynamoDB::Table', 3, 'throttle'],
    ]);
    expect(map.edges.map((e) => [e.source, e.target, e.calls])).toEqual([
      [0, 1, 1],
      [1, 2, 1],
      [2, 3, 1],
    ]);
    // Subsegments belong to their segment's node.
    const invocation = trace.spans.findIndex((s) => s.name === 'Invocation');
    expect(map.nodeOfSpan[invocation]).toBe(2);
  });

  it('groups segments of one service and counts repeated calls, on the real Scorekeep trace', () => {
    const [trace] = assembleFixtureTraces('aws-cli-examples/batch-get-traces_output.json');
    const map = buildTraceMap(trace!);
    const segments = trace!.spans.filter((s) => s.kind !== 'subsegment').length;
    expect(map.nodes.reduce((sum, n) => sum + n.segments, 0)).toBe(segments);
    for (let i = 0; i < trace!.spans.length; i++) expect(map.nodeOfSpan[i]).toBeGreaterThanOrEqual(0);
    const types = new Set(map.nodes.map((n) => `${n.type.toLowerCase()}|${n.name}`));
    expect(types.size).toBe(map.nodes.length);
  });

  it('compares types case-insensitively and caps the number of services', () => {
    const docs: XRaySegmentDocument[] = [
      { id: 'c000000000000001', name: 'api/prod', trace_id: 't', start_time: 1, end_time: 2, origin: 'AWS::ApiGateway::Stage' },
      { id: 'c000000000000002', name: 'api/prod', trace_id: 't', start_time: 3, end_time: 4, origin: 'AWS::APIGateway::Stage' },
    ];
    expect(buildTraceMap(assembleTrace(docs)).nodes).toHaveLength(1);
    const many = assembleTree(Array.from({ length: MAX_TRACE_MAP_NODES + 50 }, (_, k) => k - 1));
    const capped = buildTraceMap(many);
    expect(capped.nodes).toHaveLength(MAX_TRACE_MAP_NODES);
    expect(capped.unmappedSegments).toBe(50);
  });
});

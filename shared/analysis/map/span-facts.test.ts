import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import { generateIncident } from '../../generator/index.ts';
import type { XRaySegmentDocument } from '../../model/xray.ts';
import { computeServiceGraph } from '../graph/service-graph.ts';
import { collectSpanFacts, edgeId } from './span-facts.ts';
import { assembleTraces } from '../../dataset/assembly/assemble.ts';

function appendixB(): unknown[] {
  const output = JSON.parse(fixtureText('aws-reference-appendices/batch-get-traces.json')) as { Traces: { Segments: { Document: string }[] }[] };
  return output.Traces.flatMap((trace) => trace.Segments.map((segment) => JSON.parse(segment.Document) as unknown));
}

const FUNCTION = 'AWS::Lambda::Function|orders-handler';
const TABLE = 'AWS::DynamoDB::Table|Orders';
const THROTTLED = 'ProvisionedThroughputExceededException';

describe('collectSpanFacts', () => {
  it('puts the throttled DynamoDB call of Appendix B on the caller, the edge and the inferred table', () => {
    const facts = collectSpanFacts(assembleTraces(appendixB()).traces, { arns: true });
    expect([...facts.nodeExceptions.keys()].sort()).toEqual([TABLE, FUNCTION].sort());
    for (const tally of [facts.nodeExceptions.get(FUNCTION)!, facts.nodeExceptions.get(TABLE)!, facts.edgeExceptions.get(edgeId(FUNCTION, TABLE))!]) {
      expect(tally).toMatchObject({ total: 1, distinct: 1 });
      expect(tally.top[0]).toMatchObject({ type: THROTTLED, remote: true, count: 1, traceId: '1-6650a1b2-5f1e2d3c4b5a69788796a5b4' });
    }
    expect([...facts.edgeExceptions.keys()]).toEqual([edgeId(FUNCTION, TABLE)]);
    expect(facts.arns.get('AWS::ApiGateway::Stage|orders-api/prod')).toEqual(['arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod']);
    expect(facts.arns.get('AWS::Lambda|orders-handler')).toEqual(['arn:aws:lambda:us-east-1:123456789012:function:orders-handler']);
    expect(collectSpanFacts(assembleTraces(appendixB()).traces).arns.size).toBe(0);
  });

  it('names only nodes and edges of the computed graph, on a generated incident', () => {
    const incident = generateIncident({ seed: 11, minutes: 30, changeMinute: 10, tracesPerMinute: 20 });
    const documents = incident.traces.flatMap((trace) => trace.Segments.map((segment) => JSON.parse(segment.Document) as unknown));
    const { traces } = assembleTraces(documents);
    const graph = computeServiceGraph(traces);
    const facts = collectSpanFacts(traces);
    const nodes = new Set(graph.nodes.map((node) => node.key));
    const edges = new Set(graph.edges.map((edge) => edgeId(edge.source, edge.target)));
    expect(facts.nodeExceptions.size).toBeGreaterThan(0);
    for (const key of facts.nodeExceptions.keys()) expect(nodes.has(key)).toBe(true);
    for (const key of facts.edgeExceptions.keys()) expect(edges.has(key)).toBe(true);
    // Counted exceptions add up: the top ones never exceed the total.
    for (const tally of [...facts.nodeExceptions.values(), ...facts.edgeExceptions.values()]) {
      expect(tally.top.reduce((sum, exception) => sum + exception.count, 0)).toBeLessThanOrEqual(tally.total);
      for (let i = 1; i < tally.top.length; i++) expect(tally.top[i]!.count).toBeLessThanOrEqual(tally.top[i - 1]!.count);
    }
  });

  it('counts an exception repeated under the same id once, ranks by count and ignores string causes', () => {
    const exception = (id: string, type: string) => ({ id, type, message: `${type} happened` });
    const segment = (id: string, exceptions: unknown[], cause?: unknown): XRaySegmentDocument =>
      ({
        id,
        name: 'svc',
        trace_id: `1-00000000-${id.padStart(24, '0')}`,
        start_time: 1,
        end_time: 2,
        fault: true,
        cause: cause ?? { exceptions },
        subsegments: [{ id: `b${id.slice(1)}`, name: 'work', start_time: 1.1, end_time: 1.9, fault: true, cause: { exceptions: [exceptions[0]] } }],
      }) as unknown as XRaySegmentDocument;
    const documents = [
      segment('a000000000000001', [exception('e1', 'Boom'), exception('e2', 'Boom')]),
      segment('a000000000000002', [exception('e3', 'Crash')], 'e3'),
    ];
    const facts = collectSpanFacts(assembleTraces(documents).traces);
    const tally = facts.nodeExceptions.get('|svc')!;
    // e1 appears on the segment and its subsegment: once. e2 once. The string cause adds nothing.
    expect(tally.top.map((kind) => [kind.type, kind.count])).toEqual([
      ['Boom', 2],
      ['Crash', 1],
    ]);
    expect(tally.total).toBe(3);
    // The root's own exceptions are its client edge's; the subsegment's are not.
    expect(facts.edgeExceptions.get(edgeId('client|svc', '|svc'))!.total).toBe(2);
  });
});

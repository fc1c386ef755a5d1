import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import type { EdgeStats, ServiceGraph } from '../../model/service-graph.ts';
import type { XRayServiceGraph } from '../../model/xray.ts';
import { capturedServiceGraph, computeServiceGraph, nodeKey } from './service-graph.ts';
import { assembleTraces } from '../../dataset/assembly/assemble.ts';

function batchGetTracesDocuments(path: string): unknown[] {
  const output = JSON.parse(fixtureText(path)) as { Traces: { Segments: { Document: string }[] }[] };
  return output.Traces.flatMap((trace) => trace.Segments.map((segment) => JSON.parse(segment.Document) as unknown));
}

function graphOf(documents: unknown[]): ServiceGraph {
  return computeServiceGraph(assembleTraces(documents).traces);
}

function node(graph: ServiceGraph, type: string, name: string) {
  const found = graph.nodes.find((candidate) => candidate.key === nodeKey(type, name));
  if (!found) throw new Error(`no node ${nodeKey(type, name)} in ${graph.nodes.map((n) => n.key).join(', ')}`);
  return found;
}

function edge(graph: ServiceGraph, source: string, target: string) {
  const found = graph.edges.find((candidate) => candidate.source === source && candidate.target === target);
  if (!found) throw new Error(`no edge ${source} → ${target}`);
  return found;
}

function counts(stats: EdgeStats): number[] {
  return [stats.total, stats.ok, stats.error, stats.throttle, stats.fault];
}

const STAGE = nodeKey('AWS::ApiGateway::Stage', 'orders-api/prod');
const CLIENT = nodeKey('client', 'orders-api/prod');
const LAMBDA = nodeKey('AWS::Lambda', 'orders-handler');
const FUNCTION = nodeKey('AWS::Lambda::Function', 'orders-handler');
const TABLE = nodeKey('AWS::DynamoDB::Table', 'Orders');

describe('computeServiceGraph on the reference trace (aws-reference.md Appendix B)', () => {
  const graph = graphOf(batchGetTracesDocuments('aws-reference-appendices/batch-get-traces.json'));

  it('has the nodes and edges X-Ray returns for it (Appendix C)', () => {
    const captured = capturedServiceGraph([JSON.parse(fixtureText('aws-reference-appendices/get-service-graph.json')) as XRayServiceGraph]);
    expect(graph.origin).toBe('computed');
    expect(graph.nodes.map((n) => n.key).sort()).toEqual([CLIENT, STAGE, LAMBDA, FUNCTION, TABLE].sort());
    expect(graph.nodes.map((n) => n.key).sort()).toEqual(captured.nodes.map((n) => n.key).sort());
    const pairs = (g: ServiceGraph) => g.edges.map((e) => `${e.source} → ${e.target}`).sort();
    expect(pairs(graph)).toEqual([`${CLIENT} → ${STAGE}`, `${STAGE} → ${LAMBDA}`, `${LAMBDA} → ${FUNCTION}`, `${FUNCTION} → ${TABLE}`].sort());
    expect(pairs(graph)).toEqual(pairs(captured));
  });

  it('names and types the nodes as X-Ray does', () => {
    expect(node(graph, 'client', 'orders-api/prod')).toMatchObject({ type: 'client', root: false, inferred: false });
    expect(node(graph, 'AWS::ApiGateway::Stage', 'orders-api/prod')).toMatchObject({ root: true, inferred: false, accountId: '123456789012' });
    expect(node(graph, 'AWS::Lambda', 'orders-handler')).toMatchObject({ root: false, inferred: false, accountId: '123456789012' });
    expect(node(graph, 'AWS::Lambda::Function', 'orders-handler')).toMatchObject({ names: ['orders-handler'], accountId: '123456789012' });
    expect(node(graph, 'AWS::DynamoDB::Table', 'Orders')).toMatchObject({ inferred: true, accountId: '123456789012' });
  });

  it('counts each node by its segments and each edge by the caller’s view of the call', () => {
    expect(counts(node(graph, 'AWS::ApiGateway::Stage', 'orders-api/prod').stats)).toEqual([1, 0, 0, 0, 1]);
    expect(counts(node(graph, 'AWS::DynamoDB::Table', 'Orders').stats)).toEqual([1, 0, 0, 1, 0]);
    expect(counts(node(graph, 'client', 'orders-api/prod').stats)).toEqual([0, 0, 0, 0, 0]);
    const client = edge(graph, CLIENT, STAGE).stats;
    expect(counts(client)).toEqual([1, 0, 0, 0, 1]);
    expect(client.totalResponseTime).toBeCloseTo(0.261, 6);
    // The stage's integration subsegment (0.244 s, 200) — not the stage's own 503.
    const integration = edge(graph, STAGE, LAMBDA).stats;
    expect(counts(integration)).toEqual([1, 1, 0, 0, 0]);
    expect(integration.totalResponseTime).toBeCloseTo(0.244, 6);
    expect(edge(graph, LAMBDA, FUNCTION).stats.totalResponseTime).toBeCloseTo(0.234, 6);
    const call = edge(graph, FUNCTION, TABLE).stats;
    expect(counts(call)).toEqual([1, 0, 0, 1, 0]);
    expect(call.durations).toHaveLength(1);
    expect(call.durations![0]).toBeCloseTo(0.112, 6);
    expect([graph.start, graph.end]).toEqual([1716560306.41, 1716560306.671]);
  });
});

describe('computeServiceGraph on other real documents', () => {
  it('maps Scorekeep (AWS CLI example) to client → Elastic Beanstalk → DynamoDB table', () => {
    const graph = graphOf(batchGetTracesDocuments('aws-cli-examples/batch-get-traces_output.json'));
    expect(graph.nodes.map((n) => n.key)).toEqual(['AWS::ElasticBeanstalk::Environment|Scorekeep', 'client|Scorekeep', 'AWS::DynamoDB::Table|scorekeep-user']);
    expect(graph.edges.map((e) => `${e.source} → ${e.target}`)).toEqual([
      'client|Scorekeep → AWS::ElasticBeanstalk::Environment|Scorekeep',
      'AWS::ElasticBeanstalk::Environment|Scorekeep → AWS::DynamoDB::Table|scorekeep-user',
    ]);
  });

  it("maps ddbSample to its origin-less app and the two tables it called, through added inferred nodes", () => {
    const graph = graphOf([JSON.parse(fixtureText('otel-contrib-awsxray/ddbSample.txt'))]);
    expect(graph.nodes.map((n) => [n.key, n.inferred])).toEqual([
      ['|DDB', false],
      ['client|DDB', false],
      ['AWS::DynamoDB::Table|xray_sample_table', true],
      ['AWS::DynamoDB::Table|does_not_exist', true],
    ]);
    expect(counts(edge(graph, '|DDB', 'AWS::DynamoDB::Table|does_not_exist').stats)).toEqual([1, 0, 0, 0, 1]);
    expect(counts(edge(graph, '|DDB', 'AWS::DynamoDB::Table|xray_sample_table').stats)).toEqual([1, 1, 0, 0, 0]);
  });

  it('gives orphans no client, and merges an inferred and an emitted AWS::Lambda of one name (aws-iatk)', () => {
    const graph = graphOf(batchGetTracesDocuments('aws-iatk/go_test_documents_as_BatchGetTraces.json'));
    expect(graph.nodes.filter((n) => n.type === 'client').map((n) => n.name)).toEqual(['some-app/Prod']);
    expect(node(graph, 'AWS::Lambda', 'my-function')).toMatchObject({ inferred: false });
    expect(counts(node(graph, 'AWS::Lambda', 'my-function').stats)).toEqual([2, 2, 0, 0, 0]);
    expect(graph.edges.map((e) => `${e.source} → ${e.target}`)).toEqual([
      'client|some-app/Prod → AWS::ApiGateway::Stage|some-app/Prod',
      'AWS::ApiGateway::Stage|some-app/Prod → AWS::Lambda|my-function',
      'AWS::Lambda::Function|sam-ts-app-z-NewOrderConsumerFunction-Qqv4wKsAxhOi → AWS::Events|Events',
      'AWS::Lambda::Function|sam-ts-app-z-NewOrderConsumerFunction-Adv4wKsAxhOi → AWS::Events|Events',
    ]);
  });

  it('keeps in-progress segments as nodes without counting them', () => {
    const graph = graphOf([JSON.parse(fixtureText('otel-contrib-awsxray/minInProgress.txt'))]);
    expect(counts(node(graph, '', 'LongOperation').stats)).toEqual([0, 0, 0, 0, 0]);
    expect(counts(edge(graph, 'client|LongOperation', '|LongOperation').stats)).toEqual([0, 0, 0, 0, 0]);
    expect(graph.start).toBeUndefined();
  });
});

describe('computeServiceGraph over many traces', () => {
  it('adds up: every completed root once on its client edge, every call once on its edge', () => {
    const outcome = fc.constantFrom('ok', 'error', 'throttle', 'fault');
    const request = fc.record({ root: outcome, call: outcome, calls: fc.integer({ min: 0, max: 3 }), rootDone: fc.boolean() });
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 30 }), (requests) => {
        const flags = (o: string) => (o === 'ok' ? {} : o === 'throttle' ? { error: true, throttle: true } : { [o]: true });
        const documents = requests.map((r, i) => ({
          id: `root${i}`,
          trace_id: `1-00000000-${String(i).padStart(24, '0')}`,
          name: 'api',
          origin: 'AWS::EC2::Instance',
          start_time: i,
          ...(r.rootDone ? { end_time: i + 0.5 } : { in_progress: true }),
          ...flags(r.root),
          subsegments: Array.from({ length: r.calls }, (_, c) => ({ id: `call${i}-${c}`, name: 'DynamoDB', namespace: 'aws', start_time: i + 0.1, end_time: i + 0.2, aws: { table_name: 'T' }, ...flags(r.call) })),
        }));
        const graph = graphOf(documents);
        const client = edge(graph, 'client|api', 'AWS::EC2::Instance|api').stats;
        const done = requests.filter((r) => r.rootDone);
        expect(counts(client)).toEqual([done.length, ...['ok', 'error', 'throttle', 'fault'].map((o) => done.filter((r) => r.root === o).length)]);
        const calls = requests.flatMap((r) => Array.from({ length: r.calls }, () => r.call));
        if (calls.length > 0) {
          const table = edge(graph, 'AWS::EC2::Instance|api', 'AWS::DynamoDB::Table|T').stats;
          expect(counts(table)).toEqual([calls.length, ...['ok', 'error', 'throttle', 'fault'].map((o) => calls.filter((c) => c === o).length)]);
          expect(table.totalResponseTime).toBeCloseTo(calls.length * 0.1, 6);
          expect(counts(node(graph, 'AWS::DynamoDB::Table', 'T').stats)).toEqual(counts(table));
        }
      }),
      { numRuns: 100 },
    );
  });
});

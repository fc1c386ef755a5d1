import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../test/support/fixtures.ts';
import type { XRayGraphService, XRaySegmentDocument } from '../model/index.ts';
import { generateIncident } from './incident.ts';
import { invocationOf, parseTraces } from '../../test/support/incident-ground-truth.ts';
import { generateScaleSegments } from './scale.ts';
import { buildServiceGraph, histogramBucket } from './service-graph.ts';

const window = { start: 1568835600, end: 1568836200 };

describe('buildServiceGraph on the real CLI example', () => {
  const { Traces } = JSON.parse(fixtureText('aws-cli-examples/batch-get-traces_output.json')) as { Traces: { Segments: { Document: string }[] }[] };
  const graph = buildServiceGraph(Traces.map((t) => t.Segments.map((s) => JSON.parse(s.Document) as XRaySegmentDocument)), window, '123456789012');

  it('has a client node, the root service and the DynamoDB table named after the table', () => {
    expect(graph.Services.map((s) => [s.ReferenceId, s.Name, s.Type, s.State, s.Root === true])).toEqual([
      [0, 'Scorekeep', 'client', 'unknown', false],
      [1, 'Scorekeep', 'AWS::ElasticBeanstalk::Environment', 'active', true],
      [2, 'scorekeep-user', 'AWS::DynamoDB::Table', 'unknown', false],
    ]);
    expect(graph.Services.map((s) => s.Edges?.map((e) => e.ReferenceId))).toEqual([[1], [2], []]);
  });

  it('measures the edge to the table from the caller subsegment', () => {
    const edge = graph.Services[1]?.Edges?.[0];
    expect(edge?.SummaryStatistics).toMatchObject({ OkCount: 1, TotalCount: 1, TotalResponseTime: 0.006 });
    expect(edge?.ResponseTimeHistogram).toEqual([{ Value: 0.006, Count: 1 }]);
    expect(graph.Services[0]?.SummaryStatistics).toBeUndefined();
    expect(graph.Services[1]?.SummaryStatistics?.TotalResponseTime).toBe(0.232);
  });
});

describe('histogramBucket', () => {
  it('rounds to two significant digits', () => {
    expect([0.0734, 0.261, 1.234, 12.6, 0].map(histogramBucket)).toEqual([0.073, 0.26, 1.2, 13, 0]);
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e4, noNaN: true }), (seconds) => {
        const bucket = histogramBucket(seconds);
        expect(Math.abs(bucket - seconds) / seconds).toBeLessThanOrEqual(0.051);
        expect(Number(bucket.toPrecision(2))).toBe(bucket);
      }),
    );
  });
});

describe('the service graph of the generated incident', () => {
  const incident = generateIncident();
  const { facts, serviceGraph } = incident;
  const traces = parseTraces(incident);
  const node = (name: string, type: string): XRayGraphService => {
    const found = serviceGraph.Services.find((s) => s.Name === name && s.Type === type);
    if (!found) throw new Error(`no node ${type} ${name}`);
    return found;
  };
  const edgeStats = (from: XRayGraphService, to: XRayGraphService) => from.Edges?.find((e) => e.ReferenceId === to.ReferenceId)?.SummaryStatistics;

  it('names and types the nodes as X-Ray does', () => {
    expect(serviceGraph.Services.map((s) => `${s.Type} ${s.Name}`)).toEqual([
      `client ${facts.stageNodeName}`,
      `AWS::ApiGateway::Stage ${facts.stageNodeName}`,
      `AWS::Lambda ${facts.functionName}`,
      `AWS::Lambda::Function ${facts.functionName}`,
      `AWS::DynamoDB::Table ${facts.tableName}`,
      `AWS::SQS::Queue ${facts.queueName}`,
      `AWS::SNS SNS`,
      `remote ${facts.externalHost}`,
    ]);
    expect(serviceGraph.Services.map((s) => s.ReferenceId)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(node(facts.stageNodeName, 'AWS::ApiGateway::Stage')).toMatchObject({ Root: true, State: 'active', AccountId: facts.accountId });
    expect(node(facts.externalHost, 'remote').AccountId).toBeUndefined();
    expect(serviceGraph).toMatchObject({ StartTime: incident.window.start, EndTime: incident.window.end, ContainsOldGroupVersions: false });
  });

  it('connects client → stage → Lambda → function → table, queue, topic and remote API', () => {
    const edges = serviceGraph.Services.map((s) => [s.Name, (s.Edges ?? []).map((e) => serviceGraph.Services[e.ReferenceId as number]?.Type)]);
    expect(edges).toEqual([
      [facts.stageNodeName, ['AWS::ApiGateway::Stage']],
      [facts.stageNodeName, ['AWS::Lambda']],
      [facts.functionName, ['AWS::Lambda::Function']],
      [facts.functionName, ['AWS::DynamoDB::Table', 'AWS::SQS::Queue', 'AWS::SNS', 'remote']],
      [facts.tableName, []],
      [facts.queueName, []],
      ['SNS', []],
      [facts.externalHost, []],
    ]);
  });

  it('counts what the traces hold', () => {
    const stage = node(facts.stageNodeName, 'AWS::ApiGateway::Stage');
    const fn = node(facts.functionName, 'AWS::Lambda::Function');
    const table = node(facts.tableName, 'AWS::DynamoDB::Table');
    const calls = traces.flatMap((t) => invocationOf(t).subsegments ?? []);
    const dynamo = calls.filter((c) => c.name === 'DynamoDB');
    expect(stage.SummaryStatistics).toMatchObject({
      TotalCount: traces.length,
      FaultStatistics: { TotalCount: traces.filter((t) => t.stage.fault === true).length },
      ErrorStatistics: { TotalCount: traces.filter((t) => t.stage.error === true).length },
    });
    expect(edgeStats(serviceGraph.Services[0]!, stage)).toEqual(stage.SummaryStatistics);
    expect(fn.SummaryStatistics?.FaultStatistics?.TotalCount).toBe(traces.filter((t) => t.fn.fault === true).length);
    expect(edgeStats(fn, table)).toMatchObject({ TotalCount: dynamo.length, ErrorStatistics: { ThrottleCount: dynamo.filter((c) => c.throttle === true).length } });
    expect(table.SummaryStatistics?.TotalCount).toBe(dynamo.length);
    const totalDynamo = dynamo.reduce((sum, c) => sum + (c.end_time! - c.start_time), 0);
    expect(table.SummaryStatistics?.TotalResponseTime).toBeCloseTo(totalDynamo, 4);
    for (const service of serviceGraph.Services) {
      const total = (service.DurationHistogram ?? []).reduce((n, h) => n + h.Count, 0);
      if (service.Type !== 'client') expect(total).toBe(service.SummaryStatistics?.TotalCount);
      for (const edge of service.Edges ?? []) expect(edge.ResponseTimeHistogram?.reduce((n, h) => n + h.Count, 0)).toBe(edge.SummaryStatistics?.TotalCount);
    }
  });
});

describe('the service graph of scale traces', () => {
  it('only has edges between nodes it lists, and counts every segment once', () => {
    const traces = new Map<string, XRaySegmentDocument[]>();
    for (const doc of generateScaleSegments({ seed: 3, traces: 40, spansPerTrace: 400 })) {
      const list = traces.get(doc.trace_id) ?? [];
      list.push(doc);
      traces.set(doc.trace_id, list);
    }
    const graph = buildServiceGraph(traces.values(), window, '123456789012');
    const ids = new Set(graph.Services.map((s) => s.ReferenceId));
    for (const service of graph.Services) for (const edge of service.Edges ?? []) expect(ids.has(edge.ReferenceId)).toBe(true);
    const counted = graph.Services.filter((s) => s.Type !== 'client').reduce((n, s) => n + (s.SummaryStatistics?.TotalCount ?? 0), 0);
    expect(counted).toBe([...traces.values()].reduce((n, list) => n + list.length, 0));
  });
});

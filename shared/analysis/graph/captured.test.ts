import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import type { ServiceGraph } from '../../model/service-graph.ts';
import type { XRayGraphService, XRayServiceGraph } from '../../model/xray.ts';
import { capturedServiceGraph, nodeKey } from './service-graph.ts';

function appendixC(): XRayServiceGraph {
  return JSON.parse(fixtureText('aws-reference-appendices/get-service-graph.json')) as XRayServiceGraph;
}

function summary(graph: ServiceGraph) {
  return {
    nodes: graph.nodes.map((n) => [n.key, n.root, n.inferred, n.stats.total, n.stats.ok, n.stats.error, n.stats.throttle, n.stats.fault]),
    edges: graph.edges.map((e) => [e.source, e.target, e.stats.total, e.stats.ok, e.stats.throttle, e.stats.fault, e.stats.histogram]),
  };
}

const STAGE = nodeKey('AWS::ApiGateway::Stage', 'orders-api/prod');
const TABLE = nodeKey('AWS::DynamoDB::Table', 'Orders');
const FUNCTION = nodeKey('AWS::Lambda::Function', 'orders-handler');

describe('capturedServiceGraph on the reference GetServiceGraph output (aws-reference.md Appendix C)', () => {
  const graph = capturedServiceGraph([appendixC()]);

  it('keys the services by type and name and follows edges to their target ReferenceId', () => {
    expect(graph.origin).toBe('captured');
    expect(graph.nodes.map((n) => n.key)).toEqual(['client|orders-api/prod', STAGE, 'AWS::Lambda|orders-handler', FUNCTION, TABLE]);
    expect(graph.edges.map((e) => `${e.source} → ${e.target}`)).toEqual([
      `client|orders-api/prod → ${STAGE}`,
      `${STAGE} → AWS::Lambda|orders-handler`,
      `AWS::Lambda|orders-handler → ${FUNCTION}`,
      `${FUNCTION} → ${TABLE}`,
    ]);
    expect([graph.start, graph.end]).toEqual([1716559800, 1716560400]);
  });

  it('maps X-Ray statistics to ok / error / throttle / fault and keeps the histograms', () => {
    const stage = graph.nodes.find((n) => n.key === STAGE)!;
    expect(stage).toMatchObject({ root: true, inferred: false, accountId: '123456789012', names: ['orders-api/prod'] });
    expect(stage.stats).toEqual({
      total: 120,
      ok: 115,
      error: 0,
      throttle: 0,
      fault: 5,
      totalResponseTime: 14.2,
      histogram: [
        { value: 0.09, count: 80 },
        { value: 0.26, count: 40 },
      ],
    });
    const call = graph.edges.find((e) => e.target === TABLE)!;
    expect([call.stats.total, call.stats.ok, call.stats.throttle, call.stats.error, call.stats.totalResponseTime]).toEqual([120, 112, 8, 0, 3.1]);
    expect(graph.nodes.find((n) => n.key === TABLE)).toMatchObject({ inferred: true });
    expect(graph.nodes.find((n) => n.type === 'client')).toMatchObject({ inferred: false, root: false });
  });
});

describe('capturedServiceGraph merging', () => {
  it('gives the same map from the pages of one call as from the whole response', () => {
    const whole = appendixC();
    const [first, ...rest] = whole.Services;
    const pages: XRayServiceGraph[] = [
      { ...whole, Services: [first!, rest[3]!] },
      { ...whole, Services: rest.slice(0, 3) },
    ];
    const paged = capturedServiceGraph(pages);
    const sorted = (g: ServiceGraph) => ({ nodes: summary(g).nodes.sort(), edges: summary(g).edges.sort() });
    expect(sorted(paged)).toEqual(sorted(capturedServiceGraph([whole])));
  });

  it('sums the statistics and histograms of two calls over different windows', () => {
    const first = appendixC();
    const second = { ...appendixC(), StartTime: 1716560400, EndTime: 1716561000 };
    const graph = capturedServiceGraph([first, second]);
    const stage = graph.nodes.find((n) => n.key === STAGE)!;
    expect([stage.stats.total, stage.stats.fault, stage.stats.totalResponseTime]).toEqual([240, 10, 28.4]);
    expect(stage.stats.histogram).toEqual([
      { value: 0.09, count: 160 },
      { value: 0.26, count: 80 },
    ]);
    expect(graph.edges).toHaveLength(4);
    expect([graph.start, graph.end]).toEqual([1716559800, 1716561000]);
  });

  it("resolves each call's ReferenceIds in its own pages, even when two calls number services alike", () => {
    const service = (id: number, name: string, edges: number[]): XRayGraphService => ({
      ReferenceId: id,
      Name: name,
      Type: 'AWS::Lambda::Function',
      Edges: edges.map((target) => ({ ReferenceId: target, SummaryStatistics: { OkCount: 1, TotalCount: 1 } })),
    });
    const graph = capturedServiceGraph([
      { StartTime: 0, EndTime: 60, Services: [service(0, 'a', [1]), service(1, 'b', [])] },
      { StartTime: 60, EndTime: 120, Services: [service(0, 'c', [1]), service(1, 'd', [])] },
    ]);
    expect(graph.edges.map((e) => `${e.source} → ${e.target}`)).toEqual(['AWS::Lambda::Function|a → AWS::Lambda::Function|b', 'AWS::Lambda::Function|c → AWS::Lambda::Function|d']);
    expect(graph.edges[0]!.stats).toMatchObject({ total: 1, ok: 1 });
  });

  it('normalises type spelling and survives malformed entries', () => {
    const graph = capturedServiceGraph([
      {
        Services: [
          { ReferenceId: 1, Name: 'orders-api/prod', Type: 'AWS::APIGateway::Stage', State: 'active', Edges: [{ ReferenceId: 99 }, null as never, { ReferenceId: 2 }] },
          { ReferenceId: 2, Name: '__proto__', SummaryStatistics: { OkCount: Number.NaN, TotalCount: 'many' as never, FaultStatistics: { TotalCount: 2 } } },
          null as never,
          { Type: 'remote' },
        ],
      },
      { Services: 'none' as never },
    ]);
    expect(graph.nodes.map((n) => [n.key, n.type])).toEqual([
      [STAGE, 'AWS::ApiGateway::Stage'],
      ['|__proto__', ''],
    ]);
    expect(graph.nodes[1]!.stats).toMatchObject({ total: 2, ok: 0, fault: 2 });
    expect(graph.edges.map((e) => e.target)).toEqual(['|__proto__']);
    expect(graph.start).toBeUndefined();
  });
});

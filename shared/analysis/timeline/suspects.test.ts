import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../model/change-event.ts';
import type { ServiceGraph, ServiceNode } from '../../model/service-graph.ts';
import type { Onset } from './onsets.ts';
import { rankSuspects, type NodeOnset } from './suspects.ts';

const T0 = 1_716_555_600;
const stats = { total: 0, ok: 0, error: 0, throttle: 0, fault: 0, totalResponseTime: 0 };
const node = (type: string, name: string): ServiceNode => ({ key: `${type}|${name}`, name, type, names: [name], root: false, inferred: false, stats });

// client → stage → Lambda → Function → Orders table; a billing function off the path.
const STAGE = node('AWS::ApiGateway::Stage', 'orders-api/prod');
const LAMBDA = node('AWS::Lambda', 'orders-handler');
const FUNCTION = node('AWS::Lambda::Function', 'orders-handler');
const TABLE = node('AWS::DynamoDB::Table', 'Orders');
const BILLING = node('AWS::Lambda::Function', 'billing');
const GRAPH: ServiceGraph = {
  origin: 'computed',
  nodes: [node('client', 'orders-api/prod'), STAGE, LAMBDA, FUNCTION, TABLE, BILLING],
  edges: [
    { source: 'client|orders-api/prod', target: STAGE.key, stats },
    { source: STAGE.key, target: LAMBDA.key, stats },
    { source: LAMBDA.key, target: FUNCTION.key, stats },
    { source: FUNCTION.key, target: TABLE.key, stats },
  ],
};

function onsetOf(target: ServiceNode, minute: number): NodeOnset {
  const onset: Onset = { series: `node:${target.key}`, kind: 'fault', bucket: minute, at: T0 + minute * 60, until: T0 + minute * 60 + 60, before: { requests: 100, value: 0 }, after: { requests: 100, value: 0.3 }, score: 50, confidence: 'high' };
  return { onset, node: target };
}

function change(eventId: string, minute: number, family: string, joinKeys: [string, string][], record: Record<string, unknown> = {}): ChangeEvent {
  return {
    eventId,
    eventName: family === 'lambda' ? 'UpdateFunctionConfiguration20150331v2' : family === 'iam' ? 'PutRolePolicy' : 'UpdateTable',
    eventSource: `${family}.amazonaws.com`,
    time: (T0 + minute * 60) * 1000,
    readOnly: false,
    resources: [],
    change: { family, joinKeys: joinKeys.map(([kind, value]) => ({ kind, value })) },
    record: { requestParameters: Object.fromEntries(joinKeys), ...record },
  };
}

const NO_ARNS = new Map<string, readonly string[]>();

describe('suspects', () => {
  it('scores by time before the onset × where the change is on the failing path × its kind', () => {
    const events = [
      change('same', 50, 'lambda', [['functionName', 'orders-handler']]),
      change('downstream', 50, 'dynamodb', [['tableName', 'Orders']]),
      change('off-path', 50, 'lambda', [['functionName', 'billing']]),
      change('account-wide', 50, 'lambda', [['functionName', 'somewhere-else']]),
    ];
    // Faults of the stage at minute 60: each change 10 minutes before, time weight 1 / (1 + 600 / 600) = 0.5.
    const suspects = rankSuspects([onsetOf(STAGE, 60)], GRAPH, events, NO_ARNS);
    expect(suspects.map((s) => [s.event.eventId, s.relation, s.score])).toEqual([
      ['same', 'downstream', 0.4],
      ['downstream', 'downstream', 0.36],
      ['off-path', 'offPath', 0.075],
      ['account-wide', 'accountWide', 0.05],
    ]);
    // The function's own faults make its change "the failing node itself": 0.5 × 1 × 1.
    const own = rankSuspects([onsetOf(FUNCTION, 60)], GRAPH, events, NO_ARNS);
    expect(own[0]).toMatchObject({ relation: 'same', score: 0.5 });
    expect(own.find((s) => s.event.eventId === 'downstream')?.relation).toBe('downstream');
    // The table's faults: the function calls it, so its change is upstream.
    const table = rankSuspects([onsetOf(TABLE, 60)], GRAPH, events, NO_ARNS);
    expect(table.find((s) => s.event.eventId === 'same')).toMatchObject({ relation: 'upstream', score: 0.15 });
  });

  it('takes a change within the onset minute, never one after it, and none without an onset', () => {
    const events = [change('in-minute', 60.5, 'lambda', [['functionName', 'orders-handler']]), change('after', 61, 'lambda', [['functionName', 'orders-handler']])];
    const suspects = rankSuspects([onsetOf(FUNCTION, 60)], GRAPH, events, NO_ARNS);
    expect(suspects.map((s) => [s.event.eventId, s.score])).toEqual([['in-minute', 1]]);
    expect(suspects[0]!.reasons[0]).toContain("made in the minute orders-handler's faults (5xx) began");
    expect(rankSuspects([], GRAPH, events, NO_ARNS)).toEqual([]);
  });

  it("joins a role's policy change to the functions that run as that role", () => {
    const role = 'orders-handler-role';
    const events = [
      change('config', 10, 'lambda', [['functionName', 'orders-handler']], { responseElements: { functionName: 'orders-handler', role: `arn:aws:iam::123456789012:role/${role}` } }),
      change('policy', 55, 'iam', [['roleName', role]]),
    ];
    const [first] = rankSuspects([onsetOf(FUNCTION, 60)], GRAPH, events, NO_ARNS);
    expect(first).toMatchObject({ relation: 'same', joined: { node: FUNCTION.key, by: `roleName=${role}, the role of function orders-handler` } });
    // 5 minutes before: 1 / (1 + 300 / 600) × 1 (same) × 0.8 (iam).
    expect(first!.score).toBe(0.533);
  });

  it('gives its reasons in words: what, when against which onset, where on the path, the join, what it set', () => {
    const events = [
      change('fn', 50, 'lambda', [['functionName', 'orders-handler']], { requestParameters: { functionName: 'orders-handler', memorySize: 128, publish: true, description: 'x'.repeat(50), ignored: { nested: 1 } } }),
      change('table', 60, 'dynamodb', [['tableName', 'Orders']]),
      change('off', 58, 'lambda', [['functionName', 'billing']]),
      change('nowhere', 58, 'lambda', [['functionName', 'elsewhere']]),
    ];
    const byId = new Map(rankSuspects([onsetOf(STAGE, 60)], GRAPH, events, NO_ARNS).map((s) => [s.event.eventId, s.reasons]));
    expect(byId.get('fn')).toEqual([
      "UpdateFunctionConfiguration on orders-handler (lambda), made 10 min 0 s before orders-api/prod's faults (5xx) began",
      'it changed orders-handler, which orders-api/prod calls: downstream on the failing path',
      'joined by functionName=orders-handler',
      `it set memorySize=128, publish=true, description="${'x'.repeat(39)}…"`,
    ]);
    expect(byId.get('table')).toEqual([
      "UpdateTable on Orders (dynamodb), made in the minute orders-api/prod's faults (5xx) began",
      'it changed Orders, which orders-api/prod calls: downstream on the failing path',
      'joined by tableName=Orders',
    ]);
    expect(byId.get('off')?.[1]).toBe("it changed billing, which is not on orders-api/prod's path");
    expect(byId.get('nowhere')?.slice(1)).toEqual(['it joins no node of the map (account-wide)']);
    const upstream = rankSuspects([onsetOf(TABLE, 60)], GRAPH, events, NO_ARNS).find((s) => s.event.eventId === 'fn');
    expect(upstream?.reasons[1]).toBe('it changed orders-handler, which calls Orders: upstream of the failure');
    const throttles = rankSuspects([{ ...onsetOf(TABLE, 60), onset: { ...onsetOf(TABLE, 60).onset, kind: 'throttle' } }], GRAPH, events, NO_ARNS);
    expect(throttles[0]?.reasons[0]).toContain("Orders's throttles (429) began");
  });

  it('keeps the best onset of several, with its reasons', () => {
    const events = [change('fn', 50, 'lambda', [['functionName', 'orders-handler']])];
    const [best] = rankSuspects([onsetOf(STAGE, 52), onsetOf(FUNCTION, 70)], GRAPH, events, NO_ARNS);
    // Against the stage at 52: 1 / (1 + 120 / 600) × 0.8 = 0.667; against the function at 70: 1 / (1 + 1200 / 600) = 0.333.
    expect([best!.score, best!.failing]).toEqual([0.667, STAGE.key]);
    expect(best!.reasons[1]).toBe('it changed orders-handler, which orders-api/prod calls: downstream on the failing path');
  });
});

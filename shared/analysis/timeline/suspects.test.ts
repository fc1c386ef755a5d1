import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../model/change-event.ts';
import type { ServiceGraph, ServiceNode } from '../../model/service-graph.ts';
import type { Onset } from './onsets.ts';
import { rankSuspects, type NodeOnset, type Suspect } from './suspects.ts';

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

describe('suspects: joins, order and what they say', () => {
  it('takes the nearest of the nodes a change joins, and says when the change is on the failing node itself', () => {
    // A function change joins the Lambda service node and the function node (both named orders-handler).
    const events = [change('fn', 50, 'lambda', [['functionName', 'orders-handler']])];
    const [ownNode] = rankSuspects([onsetOf(LAMBDA, 60)], GRAPH, events, NO_ARNS);
    // The service node's own faults: it is the failing node itself (1), not the function it calls (0.8): 0.5 × 1 × 1.
    expect(ownNode).toMatchObject({ relation: 'same', joined: { node: LAMBDA.key, by: 'functionName=orders-handler' }, score: 0.5 });
    expect(ownNode!.reasons[1]).toBe('it changed orders-handler, the failing node itself');
  });

  it('names the joined node fewest calls away when two on the same side of the failure join, whatever order the graph lists them in', () => {
    // The stage fails; the function change joins the Lambda service node (one call down) and the
    // function node (two down). The graph lists the function node first.
    const reordered: ServiceGraph = { ...GRAPH, nodes: [FUNCTION, ...GRAPH.nodes.filter((n) => n !== FUNCTION)] };
    const events = [change('fn', 50, 'lambda', [['functionName', 'orders-handler']])];
    for (const graph of [GRAPH, reordered]) {
      const [suspect] = rankSuspects([onsetOf(STAGE, 60)], graph, events, NO_ARNS);
      expect(suspect).toMatchObject({ relation: 'downstream', joined: { node: LAMBDA.key } });
    }
    // From the table's faults both are upstream: the function calls the table, so it is the nearer.
    const [upstream] = rankSuspects([onsetOf(TABLE, 60)], GRAPH, events, NO_ARNS);
    expect(upstream).toMatchObject({ relation: 'upstream', joined: { node: FUNCTION.key } });
  });

  it('finds the path through a cycle (a function that calls its own API, two functions that call each other) and ends', () => {
    const cyclic: ServiceGraph = { ...GRAPH, edges: [...GRAPH.edges, { source: FUNCTION.key, target: STAGE.key, stats }] };
    const events = [change('table', 50, 'dynamodb', [['tableName', 'Orders']]), change('off', 50, 'lambda', [['functionName', 'billing']])];
    const suspects = rankSuspects([onsetOf(STAGE, 60)], cyclic, events, NO_ARNS);
    // 10 minutes before: 0.5 × 0.8 (downstream) × 0.9 (dynamodb) = 0.36; billing off the path: 0.5 × 0.15 × 1 = 0.075.
    expect(suspects.map((s) => [s.event.eventId, s.relation, s.score])).toEqual([
      ['table', 'downstream', 0.36],
      ['off', 'offPath', 0.075],
    ]);
    // Two functions that call each other, below the failing stage: billing is downstream now (0.5 × 0.8 × 1 = 0.4).
    const mutual: ServiceGraph = { ...GRAPH, edges: [...GRAPH.edges, { source: FUNCTION.key, target: BILLING.key, stats }, { source: BILLING.key, target: FUNCTION.key, stats }] };
    expect(rankSuspects([onsetOf(STAGE, 60)], mutual, events, NO_ARNS).map((s) => [s.event.eventId, s.relation, s.score])).toEqual([
      ['off', 'downstream', 0.4],
      ['table', 'downstream', 0.36],
    ]);
  });

  it("reads a function's role from the request too, and joins one role's change to every function that runs as it", () => {
    const role = 'arn:aws:iam::123456789012:role/shared-role';
    const events = [
      // CreateFunction names the role in its request; the answer here is left out.
      change('create-billing', 5, 'lambda', [['functionName', 'billing']], { requestParameters: { functionName: 'billing', role } }),
      change('config', 10, 'lambda', [['functionName', 'orders-handler']], { responseElements: { functionName: 'orders-handler', role } }),
      // PutFunctionConcurrency answers with no function name and no role: nothing to learn from it.
      change('concurrency', 12, 'lambda', [['functionName', 'orders-handler']], { responseElements: { reservedConcurrentExecutions: 5 } }),
      change('policy', 55, 'iam', [['roleName', 'shared-role']]),
    ];
    for (const target of [FUNCTION, BILLING]) {
      const policy = rankSuspects([onsetOf(target, 60)], GRAPH, events, NO_ARNS).find((s) => s.event.eventId === 'policy');
      // 5 minutes before: 1 / (1 + 300 / 600) × 1 (same) × 0.8 (iam) = 0.533.
      expect(policy).toMatchObject({ relation: 'same', score: 0.533, joined: { node: target.key, by: `roleName=shared-role, the role of function ${target.name}` } });
    }
    // The concurrency change: 48 minutes before the function's faults, on it: 1 / (1 + 2880 / 600) = 0.172.
    expect(rankSuspects([onsetOf(FUNCTION, 60)], GRAPH, events, NO_ARNS).find((s) => s.event.eventId === 'concurrency')?.score).toBe(0.172);
  });

  it("joins a role's change only to the functions of that role, named or by ARN, and only from Lambda's own events", () => {
    const QUEUE = node('AWS::SQS::Queue', 'orders-handler');
    const graph: ServiceGraph = { ...GRAPH, nodes: [...GRAPH.nodes, QUEUE], edges: [...GRAPH.edges, { source: FUNCTION.key, target: QUEUE.key, stats }] };
    const events = [
      // The answer names the function by its ARN only.
      change('config', 10, 'lambda', [['functionName', 'orders-handler']], { responseElements: { functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders-handler', role: 'arn:aws:iam::123456789012:role/orders-role' } }),
      // Another service's record that happens to name a function and a role says nothing of the function's role.
      change('other-service', 11, 'dynamodb', [['tableName', 'Orders']], { requestParameters: { tableName: 'Orders', functionName: 'billing', role: 'arn:aws:iam::123456789012:role/orders-role' } }),
      change('policy', 55, 'iam', [['roleName', 'orders-role']]),
    ];
    const policyFor = (target: ServiceNode): Suspect | undefined => rankSuspects([onsetOf(target, 60)], graph, events, NO_ARNS).find((s) => s.event.eventId === 'policy');
    // Joined to orders-handler's Lambda nodes, 5 minutes before (time weight 1 / (1 + 300 / 600) = 0.667):
    // the function itself for its faults (0.667 × 1 × 0.8 = 0.533) …
    expect(policyFor(FUNCTION)).toMatchObject({ relation: 'same', score: 0.533, joined: { node: FUNCTION.key } });
    // … upstream of the queue named like it (0.667 × 0.3 × 0.8 = 0.16), not the queue itself …
    expect(policyFor(QUEUE)).toMatchObject({ relation: 'upstream', score: 0.16 });
    // … and off billing's path (0.667 × 0.15 × 0.8 = 0.08): billing runs as no known role.
    expect(policyFor(BILLING)).toMatchObject({ relation: 'offPath', score: 0.08 });
  });

  it('joins through a role only for a role change: a function named like a role is joined by its name alone', () => {
    const events = [
      change('config', 10, 'lambda', [['functionName', 'orders-handler']], { responseElements: { functionName: 'orders-handler', role: 'arn:aws:iam::123456789012:role/billing' } }),
      change('billing-code', 50, 'lambda', [['functionName', 'billing']]),
    ];
    // billing's change is not orders-handler's, though orders-handler's role is called billing: off the path, 0.5 × 0.15.
    const suspect = rankSuspects([onsetOf(FUNCTION, 60)], GRAPH, events, NO_ARNS).find((s) => s.event.eventId === 'billing-code');
    expect(suspect).toMatchObject({ relation: 'offPath', score: 0.075, joined: { node: BILLING.key, by: 'functionName=billing' } });
  });

  it('leaves off the events the lane leaves off: a failed change and a read-only call are no suspects', () => {
    const events = [
      { ...change('failed', 55, 'lambda', [['functionName', 'orders-handler']]), errorCode: 'AccessDenied' },
      { ...change('read-only', 56, 'lambda', [['functionName', 'orders-handler']]), readOnly: true },
      change('kept', 50, 'lambda', [['functionName', 'orders-handler']]),
    ];
    expect(rankSuspects([onsetOf(FUNCTION, 60)], GRAPH, events, NO_ARNS).map((s) => s.event.eventId)).toEqual(['kept']);
  });

  it('keeps the better of two onsets whichever comes first, and the first of two as good', () => {
    const events = [change('fn', 50, 'lambda', [['functionName', 'orders-handler']])];
    // Against the function at 70 (0.333) and then the stage at 52 (0.667): the stage's.
    const [best] = rankSuspects([onsetOf(FUNCTION, 70), onsetOf(STAGE, 52)], GRAPH, events, NO_ARNS);
    expect([best!.score, best!.failing]).toEqual([0.667, STAGE.key]);
    // The function's faults and its slowdown in the same minute score the change alike (0.5): the first given (faults) is kept.
    const faults = onsetOf(FUNCTION, 60);
    const [first] = rankSuspects([faults, { ...faults, onset: { ...faults.onset, kind: 'latency' } }], GRAPH, events, NO_ARNS);
    expect(first!.onset.kind).toBe('fault');
    expect(first!.reasons[0]).toContain("orders-handler's faults (5xx) began");
  });

  it('orders equal scores by the later change first, then by event id, whatever order the events come in', () => {
    // All three in the onset minute, on the function itself: score 1 each.
    const events = [change('b', 60.2, 'lambda', [['functionName', 'orders-handler']]), change('a', 60.2, 'lambda', [['functionName', 'orders-handler']]), change('c', 60.5, 'lambda', [['functionName', 'orders-handler']])];
    for (const given of [events, [...events].reverse(), [events[1]!, events[2]!, events[0]!]]) {
      expect(rankSuspects([onsetOf(FUNCTION, 60)], GRAPH, given, NO_ARNS).map((s) => [s.event.eventId, s.score])).toEqual([
        ['c', 1],
        ['a', 1],
        ['b', 1],
      ]);
    }
  });

  it('says what the change set: the first three scalar parameters, long strings cut at 40, none when the request has none', () => {
    const forty = 'd'.repeat(40);
    const events = [
      change('fn', 50, 'lambda', [['functionName', 'orders-handler']], { requestParameters: { functionName: 'orders-handler', environment: { variables: { A: '1' } }, handler: 'index.main', memorySize: 256, description: forty, timeout: 30 } }),
      change('bare', 50, 'lambda', [], { requestParameters: null }),
    ];
    const byId = new Map(rankSuspects([onsetOf(FUNCTION, 60)], GRAPH, events, NO_ARNS).map((s) => [s.event.eventId, s.reasons]));
    expect(byId.get('fn')?.[3]).toBe(`it set handler="index.main", memorySize=256, description="${forty}"`);
    // No join key and no resource: nothing names what it changed; no parameters: nothing it set.
    expect(byId.get('bare')).toEqual(["UpdateFunctionConfiguration on an unnamed resource (lambda), made 10 min 0 s before orders-handler's faults (5xx) began", 'it joins no node of the map (account-wide)']);
  });
});

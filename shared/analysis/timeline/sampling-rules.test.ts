import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { toSnapshotContent } from '../../generator/index.ts';
import type { XRaySamplingRule, XRaySamplingRuleRecord, XRaySegmentDocument } from '../../model/index.ts';
import { snapshotHeader } from '../../snapshot/index.ts';
import { smallIncident } from '../../../test/support/demo-incident.ts';
import { expectedRate, matchSamplingRules, orderedRules, urlPath } from './sampling-rules.ts';
import { wildcardMatch } from './wildcard.ts';

const ALL = { ResourceARN: '*', ServiceName: '*', ServiceType: '*', Host: '*', HTTPMethod: '*', URLPath: '*', Version: 1, Attributes: {} };

function rule(name: string, priority: number, fields: Partial<XRaySamplingRule> = {}): XRaySamplingRuleRecord {
  return { SamplingRule: { RuleName: name, Priority: priority, FixedRate: 0.1, ReservoirSize: 1, ...ALL, ...fields }, CreatedAt: 0, ModifiedAt: 0 };
}

const DEFAULT = rule('Default', 10000, { FixedRate: 0.05, ReservoirSize: 1 });

let ids = 0;
/** A completed root segment of its own trace. */
function segment(name: string, origin: string | undefined, http?: { url?: string; method?: string }, extra: Record<string, unknown> = {}): XRaySegmentDocument {
  ids += 1;
  const id = ids.toString(16).padStart(16, '0');
  return {
    id,
    trace_id: `1-6650a1b2-${ids.toString(16).padStart(24, '0')}`,
    name,
    start_time: 1716555600 + ids,
    end_time: 1716555600.25 + ids,
    ...(origin ? { origin } : {}),
    ...(http ? { http: { request: http, response: { status: 200 } } } : {}),
    ...extra,
  } as XRaySegmentDocument;
}

function tracesOf(docs: readonly XRaySegmentDocument[]) {
  const header = snapshotHeader({ sources: [{ name: 'test.json', format: 'xray.segments', importedAt: '2024-05-24T13:00:00.000Z' }], accountIds: [], regions: [], queries: [], appVersion: 'test', createdAt: '2024-05-24T13:00:00.000Z' });
  return buildDataset({ header, records: docs.map((doc) => ({ kind: 'xray.segment' as const, source: 0, doc })) }).traces;
}

describe('wildcardMatch (X-Ray rule fields)', () => {
  it('takes * for any run, ? for one character, and ignores case', () => {
    expect(wildcardMatch('*', '')).toBe(true);
    expect(wildcardMatch('*', '/orders/42')).toBe(true);
    expect(wildcardMatch('/orders/*', '/orders/42')).toBe(true);
    expect(wildcardMatch('/orders/*', '/orders')).toBe(false);
    expect(wildcardMatch('/orders*', '/orders')).toBe(true);
    expect(wildcardMatch('GET', 'get')).toBe(true);
    expect(wildcardMatch('AWS::APIGateway::Stage', 'AWS::ApiGateway::Stage')).toBe(true);
    expect(wildcardMatch('P?ST', 'POST')).toBe(true);
    expect(wildcardMatch('P?ST', 'PST')).toBe(false);
    expect(wildcardMatch('a*b*c', 'axxbyyc')).toBe(true);
    expect(wildcardMatch('a*b*c', 'axxbyy')).toBe(false);
    expect(wildcardMatch('*.example.com', 'api.example.com')).toBe(true);
    expect(wildcardMatch('*.example.com', 'example.com')).toBe(false);
    expect(wildcardMatch('', 'x')).toBe(false);
    // A pattern made to backtrack is still answered (linear walk, no regular expression).
    expect(wildcardMatch(`${'*a'.repeat(40)}b`, 'a'.repeat(5000))).toBe(false);
  });
});

describe('orderedRules', () => {
  it('is ascending priority, ties by rule name, and leaves out rules of another format version', () => {
    const rules = orderedRules([DEFAULT, rule('zeta', 5), rule('alpha', 5), rule('first', 1), rule('v2', 2, { Version: 2 })]);
    expect(rules.map((r) => r.info.name)).toEqual(['first', 'alpha', 'zeta', 'Default']);
    expect(rules[3]!.info).toEqual({ name: 'Default', priority: 10000, reservoir: 1, fixedRate: 0.05, arn: undefined });
  });
});

describe('urlPath', () => {
  it('is the path of a URL without query or fragment', () => {
    expect(urlPath('https://a1.execute-api.us-east-1.amazonaws.com/prod/orders/7?x=1#y')).toBe('/prod/orders/7');
    expect(urlPath('https://example.com')).toBe('/');
    expect(urlPath('/health?probe=1')).toBe('/health');
    expect(urlPath(undefined)).toBeUndefined();
  });
});

describe('matchSamplingRules on hand-made rules', () => {
  it('gives each request the first rule that matches all its fields, and splits a service by method and path', () => {
    const stage = (method: string, path: string) => segment('orders-api/prod', 'AWS::ApiGateway::Stage', { url: `https://a1.execute-api.us-east-1.amazonaws.com${path}`, method });
    const traces = tracesOf([stage('GET', '/prod/orders/1'), stage('GET', '/prod/orders/2'), stage('POST', '/prod/orders'), stage('GET', '/prod/health')]);
    const rules = [
      DEFAULT,
      rule('reads', 200, { ServiceName: 'orders-api/*', HTTPMethod: 'GET', URLPath: '/prod/orders/*' }),
      rule('writes', 100, { ServiceType: 'AWS::APIGateway::Stage', HTTPMethod: 'POST' }),
      rule('other-service', 10, { ServiceName: 'billing' }),
    ];
    const { services } = matchSamplingRules(traces, rules);
    expect(services).toHaveLength(1);
    const [service] = services;
    expect(service).toMatchObject({ node: 'AWS::ApiGateway::Stage|orders-api/prod', requests: 4, unmatched: 0, undecided: [], decides: true, recorded: [], recordedAgrees: undefined });
    expect(service!.matches.map((m) => [m.rule.name, m.requests, m.share])).toEqual([
      ['reads', 2, 0.5],
      ['writes', 1, 0.25],
      ['Default', 1, 0.25],
    ]);
  });

  it('matches a fact the segment does not record only with *, and counts requests no rule matches', () => {
    const traces = tracesOf([segment('worker', undefined), segment('worker', undefined, { method: 'GET' })]);
    const rules = [rule('gets', 1, { HTTPMethod: 'GET' }), rule('any-host', 2, { Host: '**' })];
    const [service] = matchSamplingRules(traces, rules).services;
    expect(service!.matches.map((m) => [m.rule.name, m.requests])).toEqual([
      ['gets', 1],
      ['any-host', 1],
    ]);
    const strict = matchSamplingRules(traces, [rule('gets', 1, { HTTPMethod: 'GET' }), rule('host', 2, { Host: 'example.com' })]).services[0]!;
    expect(strict.matches.map((m) => m.rule.name)).toEqual(['gets']);
    expect(strict.unmatched).toBe(1);
  });

  it('names a rule on attributes the traces do not record as one that may apply first, and matches on past it', () => {
    const traces = tracesOf([segment('checkout', 'AWS::EC2::Instance', { url: 'https://shop.example.com/cart', method: 'POST' })]);
    const rules = [DEFAULT, rule('premium', 5, { Attributes: { tier: 'premium' } }), rule('any-attribute', 6, { Attributes: { tier: '*' } })];
    const [service] = matchSamplingRules(traces, rules).services;
    expect(service!.undecided).toEqual(['premium']);
    // An attribute of `*` matches any value: that rule decides.
    expect(service!.matches.map((m) => m.rule.name)).toEqual(['any-attribute']);
  });

  it('matches host, resource ARN and the rule name API Gateway recorded, and marks who decides', () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:orders-handler';
    const root = segment('shop', 'AWS::EC2::Instance', { url: 'https://shop.example.com/cart', method: 'GET' }, { aws: { xray: { sampling_rule_name: 'shop-rule' } } });
    const child = { ...segment('orders-handler', 'AWS::Lambda', undefined, { resource_arn: arn }), trace_id: root.trace_id, parent_id: root.id };
    const traces = tracesOf([root, child]);
    const rules = [DEFAULT, rule('shop-rule', 3, { Host: '*.example.com' }), rule('handler', 4, { ResourceARN: 'arn:aws:lambda:*:function:orders-*' })];
    const byNode = new Map(matchSamplingRules(traces, rules).services.map((s) => [s.node, s]));
    expect(byNode.get('AWS::EC2::Instance|shop')).toMatchObject({ decides: true, recorded: [{ name: 'shop-rule', requests: 1 }], recordedAgrees: true });
    // Matched to Default while its segment names shop-rule: they disagree.
    expect(matchSamplingRules(traces, [DEFAULT, rule('elsewhere', 3, { Host: 'other.example.org' })]).services.find((s) => s.name === 'shop')).toMatchObject({ recordedAgrees: false });
    // With Default alone nothing about the request matters: its segments are not read (only a stage's always are).
    expect(matchSamplingRules(traces, [DEFAULT]).services.find((s) => s.name === 'shop')).toMatchObject({ recorded: [], recordedAgrees: undefined, matched: 1 });
    expect(byNode.get('AWS::EC2::Instance|shop')!.matches.map((m) => m.rule.name)).toEqual(['shop-rule']);
    expect(byNode.get('AWS::Lambda|orders-handler')).toMatchObject({ decides: false, requests: 1 });
    expect(byNode.get('AWS::Lambda|orders-handler')!.matches.map((m) => m.rule.name)).toEqual(['handler']);
  });
});

describe('matchSamplingRules on many traces', () => {
  it('reads the segments of an even sample of the traces where the rules depend on the request, and counts the rest exactly', () => {
    const docs: XRaySegmentDocument[] = [];
    for (let i = 0; i < 6; i++) docs.push(segment('web', 'AWS::EC2::Instance', { url: 'https://web.example.com/a', method: i % 3 === 0 ? 'POST' : 'GET' }));
    for (let i = 0; i < 6; i++) docs.push(segment('worker', 'AWS::ECS::Container'));
    const traces = tracesOf(docs);
    const rules = [DEFAULT, rule('web-posts', 1, { ServiceName: 'web', HTTPMethod: 'POST' })];
    const byName = new Map(matchSamplingRules(traces, rules, 4).services.map((s) => [s.name, s]));
    // 12 traces, at most 4 read: every third. The web node's traces are 0–5 (sorted by start time): 0 and 3 are read, both POSTs.
    expect(byName.get('web')).toMatchObject({ requests: 6, matched: 2 });
    expect(byName.get('web')!.matches.map((m) => [m.rule.name, m.requests, m.share])).toEqual([['web-posts', 2, 1]]);
    // The worker's rule cannot depend on its requests (web-posts is for another service): all six counted, none read.
    expect(byName.get('worker')).toMatchObject({ requests: 6, matched: 6 });
    expect(byName.get('worker')!.matches.map((m) => [m.rule.name, m.requests])).toEqual([['Default', 6]]);
    // Read whole, the web node splits 2 POSTs to 4 GETs.
    const whole = matchSamplingRules(traces, rules).services.find((s) => s.name === 'web')!;
    expect(whole.matches.map((m) => [m.rule.name, m.requests])).toEqual([
      ['Default', 4],
      ['web-posts', 2],
    ]);
  });
});

describe('matchSamplingRules on generated data', () => {
  const incident = smallIncident();
  const dataset = buildDataset(toSnapshotContent(incident));
  const { rules, services } = matchSamplingRules(dataset.traces, dataset.samplingRules);
  // Counted from the generated documents themselves, not through the matcher.
  const stageDocs = incident.traces.flatMap((t) => t.Segments.map((s) => JSON.parse(s.Document) as XRaySegmentDocument)).filter((d) => d.origin === 'AWS::ApiGateway::Stage' && d.end_time !== undefined);
  const posts = stageDocs.filter((d) => d.http?.request?.method === 'POST').length;
  const gets = stageDocs.filter((d) => d.http?.request?.method === 'GET').length;

  it('reads the snapshot’s rules in X-Ray’s order', () => {
    expect(rules.map((r) => `${r.name}@${r.priority}`)).toEqual(['health-checks@50', 'orders-api-writes@100', 'orders-api-reads@200', 'Default@10000']);
  });

  it('splits the stage between the write and read rules by method, exactly as its segments say', () => {
    expect(posts + gets).toBe(stageDocs.length);
    expect(posts).toBeGreaterThan(0);
    expect(gets).toBeGreaterThan(0);
    const stage = services.find((s) => s.node === `AWS::ApiGateway::Stage|${incident.facts.stageNodeName}`)!;
    expect(stage.requests).toBe(stageDocs.length);
    expect(stage.decides).toBe(true);
    expect(stage.matches.map((m) => [m.rule.name, m.requests])).toEqual(
      [
        ['orders-api-writes', posts],
        ['orders-api-reads', gets],
      ].sort((a, b) => (b[1] as number) - (a[1] as number)),
    );
    expect(stage.matches.reduce((sum, m) => sum + m.share, 0)).toBeCloseTo(1, 12);
    // The generator writes the rule API Gateway would record in each stage segment: the matcher agrees with it.
    expect(stage.recordedAgrees).toBe(true);
  });

  it('gives the function the Default rule, and says it follows the stage’s decision', () => {
    const lambda = services.find((s) => s.node === `AWS::Lambda|${incident.facts.functionName}`)!;
    expect(lambda.decides).toBe(false);
    expect(lambda.matches.map((m) => [m.rule.name, m.share])).toEqual([['Default', 1]]);
    // Inferred nodes (the table, the queue…) run no sampler: they are not listed.
    expect(services.some((s) => s.type === 'AWS::DynamoDB::Table')).toBe(false);
  });
});

describe('expectedRate', () => {
  it('takes the reservoir per second of each bucket first, then the fixed rate of the rest', () => {
    // 60-second buckets, reservoir 1/s: 60 reserved. 30 → all 30; 160 → 60 + 0.05 × 100 = 65.
    expect(expectedRate({ reservoir: 1, fixedRate: 0.05 }, [30, 160, Number.NaN, 0], 60)).toBeCloseTo(95 / 190, 12);
    expect(expectedRate({ reservoir: 0, fixedRate: 1 }, [10, 20], 60)).toBe(1);
    expect(expectedRate({ reservoir: 0, fixedRate: 0.1 }, [], 60)).toBeUndefined();
  });
});

describe('matchSamplingRules on the AWS CLI examples (the Scorekeep sample)', () => {
  it('gives Scorekeep’s POST /api/user the base-scorekeep rule: the polling rule is for GET /api/state/*', async () => {
    const { fixtureText } = await import('../../../test/support/fixtures.ts');
    const rules = (JSON.parse(fixtureText('aws-cli-examples/get-sampling-rules_output.json')) as { SamplingRuleRecords: XRaySamplingRuleRecord[] }).SamplingRuleRecords;
    const output = JSON.parse(fixtureText('aws-cli-examples/batch-get-traces_output.json')) as { Traces: { Segments: { Document: string }[] }[] };
    const docs = output.Traces.flatMap((t) => t.Segments.map((s) => JSON.parse(s.Document) as XRaySegmentDocument));
    const { services } = matchSamplingRules(tracesOf(docs), rules);
    expect(services.map((s) => s.node)).toEqual(['AWS::ElasticBeanstalk::Environment|Scorekeep']);
    expect(services[0]).toMatchObject({ requests: 1, decides: true, unmatched: 0, undecided: [] });
    expect(services[0]!.matches).toEqual([{ rule: { name: 'base-scorekeep', priority: 9000, reservoir: 2, fixedRate: 0.1, arn: 'arn:aws:xray:us-east-1::sampling-rule/base-scorekeep' }, requests: 1, share: 1 }]);
  });
});

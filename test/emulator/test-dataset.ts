/**
 * A small deterministic dataset of the generator's shape (see dataset.ts), for tests that need
 * exact control over counts: API Gateway stage → Lambda → Lambda::Function → DynamoDB traces,
 * their summaries, one service graph, CloudTrail events in the app's Region and IAM events in
 * us-east-1, the API's CloudWatch metrics per stage and per method, and three sampling rules.
 */
import type { XRayTraceSummary } from '../../shared/model/index.ts';
import type { EmulatorDataset, EmulatorLookupEvent, EmulatorMetric, EmulatorTrace } from './dataset.ts';

export interface TestDatasetOptions {
  /** Window start, epoch seconds. */
  readonly start: number;
  readonly minutes: number;
  readonly traces: number;
  /** Events in the app's Region (a third of them read-only); IAM events come on top. */
  readonly events: number;
  readonly iamEvents?: number;
  readonly region?: string;
  readonly seed?: number;
}

const ACCOUNT = '123456789012';
const API = 'orders-api';
const API_ID = 'a1b2c3d4e5';
const STAGE = 'prod';

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

function hex(next: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(next() * 16).toString(16);
  return out;
}

function makeTrace(next: () => number, time: number, region: string): { trace: EmulatorTrace; summary: XRayTraceSummary } {
  const id = `1-${Math.floor(time).toString(16).padStart(8, '0')}-${hex(next, 24)}`;
  const fault = next() < 0.1;
  const throttle = !fault && next() < 0.1;
  const duration = Math.round((0.05 + next() * 2) * 1000) / 1000;
  const [stageId, integrationId, lambdaId, functionId, ddbClientId, ddbId] = [0, 1, 2, 3, 4, 5].map(() => hex(next, 16)) as string[];
  const t0 = time + Math.round(next() * 1000) / 1000;
  const end = Math.round((t0 + duration) * 1000) / 1000;
  const functionArn = `arn:aws:lambda:${region}:${ACCOUNT}:function:orders-handler`;
  const docs = [
    { id: stageId, name: `${API}/${STAGE}`, start_time: t0, end_time: end, trace_id: id, origin: 'AWS::ApiGateway::Stage',
      resource_arn: `arn:aws:apigateway:${region}::/restapis/${API_ID}/stages/${STAGE}`, ...(fault ? { fault: true } : {}),
      http: { request: { url: `https://${API_ID}.execute-api.${region}.amazonaws.com/${STAGE}/orders`, method: 'POST' }, response: { status: fault ? 502 : 200 } },
      aws: { api_gateway: { account_id: ACCOUNT, rest_api_id: API_ID, stage: STAGE, request_id: hex(next, 32) } },
      subsegments: [{ id: integrationId, name: 'Lambda', start_time: t0 + 0.005, end_time: end - 0.005, namespace: 'aws', aws: { function_name: 'orders-handler', operation: 'Invoke' } }] },
    { id: lambdaId, name: 'orders-handler', start_time: t0 + 0.006, end_time: end - 0.006, parent_id: integrationId, trace_id: id, origin: 'AWS::Lambda', resource_arn: functionArn },
    { id: functionId, name: 'orders-handler', start_time: t0 + 0.007, end_time: end - 0.007, parent_id: lambdaId, trace_id: id, origin: 'AWS::Lambda::Function',
      aws: { function_arn: functionArn, account_id: ACCOUNT },
      subsegments: [{ id: ddbClientId, name: 'DynamoDB', start_time: t0 + 0.01, end_time: t0 + 0.03, namespace: 'aws', ...(throttle ? { error: true, throttle: true } : {}), aws: { operation: 'PutItem', table_name: 'Orders' } }] },
    { id: ddbId, name: 'DynamoDB', start_time: t0 + 0.01, end_time: t0 + 0.03, parent_id: ddbClientId, inferred: true, trace_id: id, origin: 'AWS::DynamoDB::Table', ...(throttle ? { error: true, throttle: true } : {}) },
  ];
  const trace: EmulatorTrace = { Id: id, Duration: duration, LimitExceeded: false, Segments: docs.map((d) => ({ Id: d.id as string, Document: JSON.stringify(d) })) };
  const entry = { Name: `${API}/${STAGE}`, Names: [`${API}/${STAGE}`], AccountId: ACCOUNT, Type: 'AWS::ApiGateway::Stage' };
  const summary: XRayTraceSummary = {
    Id: id, StartTime: t0, Duration: duration, ResponseTime: duration, HasFault: fault, HasError: throttle, HasThrottle: throttle, IsPartial: false,
    Http: { HttpURL: `https://${API_ID}.execute-api.${region}.amazonaws.com/${STAGE}/orders`, HttpStatus: fault ? 502 : 200, HttpMethod: 'POST' },
    Annotations: {}, Users: [],
    ServiceIds: [entry, { Name: 'orders-handler', Names: ['orders-handler'], AccountId: ACCOUNT, Type: 'AWS::Lambda::Function' }, { Name: 'Orders', Names: ['Orders'], AccountId: ACCOUNT, Type: 'AWS::DynamoDB::Table' }],
    EntryPoint: entry, Revision: 1, MatchedEventTime: t0,
  };
  return { trace, summary };
}

function makeEvent(next: () => number, time: number, region: string, readOnly: boolean, iam: boolean): EmulatorLookupEvent {
  const eventId = `${hex(next, 8)}-${hex(next, 4)}-4${hex(next, 3)}-a${hex(next, 3)}-${hex(next, 12)}`;
  const eventName = iam ? 'PutRolePolicy' : readOnly ? 'GetFunction20150331v2' : 'UpdateFunctionConfiguration20150331v2';
  const source = iam ? 'iam.amazonaws.com' : 'lambda.amazonaws.com';
  const record = {
    eventVersion: '1.09', eventTime: new Date(time * 1000).toISOString().replace('.000', ''), eventSource: source, eventName, awsRegion: iam ? 'us-east-1' : region,
    userIdentity: { type: 'AssumedRole', accountId: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/DeployRole/jane` },
    requestParameters: iam ? { roleName: 'orders-handler-role', policyName: 'inline' } : { functionName: 'orders-handler' },
    responseElements: null, eventID: eventId, readOnly, eventType: 'AwsApiCall', managementEvent: true, recipientAccountId: ACCOUNT, eventCategory: 'Management',
  };
  return {
    EventId: eventId, EventName: eventName, ReadOnly: readOnly ? 'true' : 'false', AccessKeyId: 'ASIAEXAMPLEKEY', EventTime: time, EventSource: source, Username: 'jane',
    Resources: [{ ResourceType: iam ? 'AWS::IAM::Role' : 'AWS::Lambda::Function', ResourceName: iam ? 'orders-handler-role' : 'orders-handler' }],
    CloudTrailEvent: JSON.stringify(record),
  };
}

function makeMetrics(next: () => number, start: number, minutes: number): EmulatorMetric[] {
  const sets = [
    [{ Name: 'ApiName', Value: API }, { Name: 'Stage', Value: STAGE }],
    [{ Name: 'ApiName', Value: API }, { Name: 'Method', Value: 'POST' }, { Name: 'Resource', Value: '/orders' }, { Name: 'Stage', Value: STAGE }],
    [{ Name: 'ApiName', Value: API }, { Name: 'Method', Value: 'GET' }, { Name: 'Resource', Value: '/orders/{id}' }, { Name: 'Stage', Value: STAGE }],
    [{ Name: 'ApiName', Value: 'other-api' }, { Name: 'Stage', Value: STAGE }],
  ];
  const names = ['Count', '4XXError', '5XXError', 'CacheHitCount', 'CacheMissCount', 'Latency', 'IntegrationLatency'];
  const metrics: EmulatorMetric[] = [];
  const base = Math.floor(start / 60) * 60;
  for (const [s, dims] of sets.entries()) {
    for (const name of names) {
      const stat = name.endsWith('Latency') ? 'Average' : 'Sum';
      const id = `q${metrics.length}`;
      const timestamps = Array.from({ length: minutes }, (_, i) => base + i * 60);
      metrics.push({
        query: { Id: id, MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: name, Dimensions: dims }, Period: 60, Stat: stat } },
        result: { Id: id, Label: `${name} ${s}`, Timestamps: timestamps, Values: timestamps.map(() => Math.round(next() * 1000) / 10), StatusCode: 'Complete' },
      });
    }
  }
  return metrics;
}

/** X-Ray's Default rule and two custom ones of the orders API (writes traced whole, health checks not at all), as GetSamplingRules lists them. */
function makeSamplingRules(region: string, start: number): unknown[] {
  const rule = (name: string, priority: number, reservoir: number, fixedRate: number, fields: Record<string, string>) => ({
    SamplingRule: {
      RuleName: name, RuleARN: name === 'Default' ? `arn:aws:xray:${region}::sampling-rule/Default` : `arn:aws:xray:${region}:${ACCOUNT}:sampling-rule/${name}`,
      ResourceARN: '*', Priority: priority, FixedRate: fixedRate, ReservoirSize: reservoir,
      ServiceName: '*', ServiceType: '*', Host: '*', HTTPMethod: '*', URLPath: '*', Version: 1, Attributes: {}, ...fields,
    },
    CreatedAt: name === 'Default' ? 0 : start - 30 * 86_400,
    ModifiedAt: start - 86_400,
  });
  return [
    rule('Default', 10000, 1, 0.05, {}),
    rule('orders-writes', 100, 10, 1, { ServiceName: `${API}/${STAGE}`, ServiceType: 'AWS::APIGateway::Stage', HTTPMethod: 'POST' }),
    rule('health-checks', 50, 0, 0, { HTTPMethod: 'GET', URLPath: '/*/health' }),
  ];
}

export function makeTestDataset(options: TestDatasetOptions): EmulatorDataset {
  const next = random(options.seed ?? 7);
  const region = options.region ?? 'eu-west-1';
  const span = options.minutes * 60;
  const traces: EmulatorTrace[] = [];
  const summaries: XRayTraceSummary[] = [];
  for (let i = 0; i < options.traces; i++) {
    const made = makeTrace(next, options.start + Math.floor(next() * (span - 5)), region);
    traces.push(made.trace);
    summaries.push(made.summary);
  }
  const events: EmulatorLookupEvent[] = [];
  for (let i = 0; i < options.events; i++) events.push(makeEvent(next, options.start + Math.floor(next() * span), region, i % 3 === 0, false));
  for (let i = 0; i < (options.iamEvents ?? 0); i++) events.push(makeEvent(next, options.start + Math.floor(next() * span), region, false, true));
  events.sort((a, b) => (b.EventTime as number) - (a.EventTime as number));
  const edge = (ref: number) => ({ ReferenceId: ref, StartTime: options.start, EndTime: options.start + span, SummaryStatistics: { OkCount: options.traces, TotalCount: options.traces, TotalResponseTime: 1 } });
  const node = (ref: number, name: string, type: string, edges: number[]) => ({
    ReferenceId: ref, Name: name, Names: [name], AccountId: ACCOUNT, Type: type, State: 'active', StartTime: options.start, EndTime: options.start + span, Edges: edges.map(edge),
  });
  return {
    window: { start: options.start, end: options.start + span },
    region,
    accountId: ACCOUNT,
    traces,
    summaries,
    serviceGraph: {
      StartTime: options.start,
      EndTime: options.start + span,
      Services: [
        { ...node(0, `${API}/${STAGE}`, 'client', [1]), State: 'unknown' },
        { ...node(1, `${API}/${STAGE}`, 'AWS::ApiGateway::Stage', [2]), Root: true },
        node(2, 'orders-handler', 'AWS::Lambda', [3]),
        node(3, 'orders-handler', 'AWS::Lambda::Function', [4]),
        { ...node(4, 'Orders', 'AWS::DynamoDB::Table', []), State: 'unknown' },
      ],
    },
    events,
    metrics: makeMetrics(next, options.start, options.minutes),
    samplingRules: makeSamplingRules(region, options.start),
    facts: { apis: [`${API}/${STAGE}`] },
  };
}

import { describe, expect, it } from 'vitest';
import { assembleTraces } from '../../dataset/assembly/assemble.ts';
import type { XRaySegmentDocument, XRayTraceSummary } from '../../model/xray.ts';
import type { FilterExpr } from './ast.ts';
import { compileExpression } from './compile.ts';
import { FilterError } from './errors.ts';
import { compileFilter } from './filter.ts';
import { TraceTable } from './trace-table.ts';
import { nodeAccess, ROOT_CAUSE_ENTITY_ACCESS, ROOT_CAUSE_EXCEPTION_ACCESS, ROOT_CAUSE_SERVICE_ACCESS, traceAccess, type ScopeAccess } from './scopes.ts';
import { fixtureText } from '../../../test/support/fixtures.ts';
import { fixtureBatchDocuments } from '../../../test/support/trace-documents.ts';
import { matchingIds as matching } from '../../../test/support/filter-cases.ts';

/**
 * Filter evaluation on the fixture traces of unusual shape: a trace still in progress
 * (otel-contrib minInProgress), one whose only document is an independent subsegment
 * (minOtherFields), one that lasts longer than its root segment (aws-iatk), a summary-only trace,
 * and the empty expression. Expected answers read off the documents; each table built in its test.
 */

const otel = (name: string): XRaySegmentDocument => JSON.parse(fixtureText(`otel-contrib-awsxray/${name}.txt`)) as XRaySegmentDocument;

function tableOf(documents: readonly unknown[], summaries: readonly (XRayTraceSummary | undefined)[] = []): TraceTable {
  const { traces } = assembleTraces(documents);
  return new TraceTable(traces.map((trace, i) => ({ trace, summary: summaries[i] })));
}


function appendixSummary(change: (summary: Record<string, unknown>) => void): XRayTraceSummary {
  const parsed = (JSON.parse(fixtureText('aws-reference-appendices/get-trace-summaries.json')) as { TraceSummaries: Record<string, unknown>[] }).TraceSummaries[0]!;
  change(parsed);
  return parsed as unknown as XRayTraceSummary;
}

const IN_PROGRESS = '1-5f187253-6a106696d56b1f4ef9eba2ed';
const SAMPLE = '1-5f2aebcc-b475d14618c51eaa28753d37';
const IATK = '1-64de5070-34ff53fe0d2e1fbe64b28bef';
const APPENDIX = '1-6650a1b2-5f1e2d3c4b5a69788796a5b4';

describe('filter evaluation on traces of unusual shape', () => {
  it('partial: a trace with a segment still in progress (LongOperation, no end_time), at the top and in a block', () => {
    const table = tableOf([otel('minInProgress'), otel('awsValidAwsFields')]);
    expect(matching(table, 'partial')).toEqual([IN_PROGRESS]);
    expect(matching(table, '!partial')).toEqual([SAMPLE]);
    expect(matching(table, 'service() { partial }')).toEqual([IN_PROGRESS]);
    expect(matching(table, 'service("LongOperation") { !partial }')).toEqual([]);
    // No end: no response time, which satisfies no ordering.
    expect(matching(table, 'responsetime >= 0')).toEqual([SAMPLE]);
    expect(matching(table, 'responsetime < 1')).toEqual([SAMPLE]);
    // LongOperation has no aws block at all; SampleServer's aws.ec2 names its instance.
    expect(matching(table, 'service() { instance.id CONTAINS "" }')).toEqual([SAMPLE]);
    expect(matching(table, 'instance.id CONTAINS "" OR availabilityzone = "x"')).toEqual([SAMPLE]);
    expect(matching(table, 'service() { availabilityzone CONTAINS "" OR http.url CONTAINS "" }')).toEqual([SAMPLE]);
  });

  it('a trace that outlasts its root segment: duration is the whole trace (1.193 s), responsetime the stage’s 0.488 s', () => {
    const table = tableOf(fixtureBatchDocuments('aws-iatk/go_test_documents_as_BatchGetTraces.json').filter((doc) => doc.trace_id === IATK));
    expect(table.ids).toEqual([IATK]);
    expect(matching(table, 'duration > 1.19 AND duration < 1.2')).toEqual([IATK]);
    expect(matching(table, 'responsetime > 0.48 AND responsetime < 0.49')).toEqual([IATK]);
    expect(matching(table, 'responsetime > 1')).toEqual([]);
    expect(matching(table, 'duration < 0.5')).toEqual([]);
    expect(matching(table, 'name = "some-app/Prod" AND type = "AWS::ApiGateway::Stage" AND http.status = 200')).toEqual([IATK]);
  });

  it('a trace whose only document is an independent subsegment has that name and no entry type', () => {
    // minOtherFields: "type": "subsegment", "name": "OtherTopLevelFields", "origin": "AWS::EC2::Instance", a parent that is not there.
    const table = tableOf([otel('minOtherFields')]);
    expect(table.size).toBe(1);
    expect(matching(table, 'name = "OtherTopLevelFields"')).toHaveLength(1);
    expect(matching(table, 'type CONTAINS ""')).toEqual([]);
    expect(matching(table, 'http.status >= 0 OR http.method CONTAINS ""')).toEqual([]);
  });

  it('an HTTP status sent as a string is no status, at the top and in a block', () => {
    const docs = fixtureBatchDocuments('aws-reference-appendices/batch-get-traces.json');
    const stage = docs.find((doc) => doc.name === 'orders-api/prod')!;
    Object.assign(stage, { http: { ...stage.http, response: { status: '503' } } });
    const table = tableOf(docs);
    expect(matching(table, 'http.status = 503')).toEqual([]);
    expect(matching(table, 'service("orders-api/prod") { http.status = 503 }')).toEqual([]);
    expect(matching(table, 'service("Orders") { http.status = 400 }')).toEqual([APPENDIX]);
  });

  it('a 400 from DynamoDB that is not a throttle is an error only, in a block as at the top', () => {
    const docs = fixtureBatchDocuments('aws-reference-appendices/batch-get-traces.json');
    const table = docs.find((doc) => doc.name === 'DynamoDB')!;
    Object.assign(table, { throttle: false });
    const fn = docs.find((doc) => doc.origin === 'AWS::Lambda::Function')!;
    const call = fn.subsegments![0]!.subsegments![0]!;
    expect(call.name).toBe('DynamoDB');
    Object.assign(call, { throttle: false });
    const t = tableOf(docs);
    expect(matching(t, 'service("Orders") { error AND !throttle }')).toEqual([APPENDIX]);
    expect(matching(t, 'service("Orders") { throttle }')).toEqual([]);
    expect(matching(t, 'throttle')).toEqual([]);
  });

  it('the empty expression matches every trace', () => {
    const table = tableOf([otel('minInProgress'), otel('awsValidAwsFields')]);
    const result = compileFilter('  ');
    expect(result.ok && result.filter.matchesAll).toBe(true);
    expect(matching(table, '')).toEqual([IN_PROGRESS, SAMPLE]);
  });
});

describe('nodes by name, type and account', () => {
  it('id(account.id:) names a segment’s aws.account_id (SampleServer 000000000000, the Appendix B function 123456789012)', () => {
    const table = tableOf([otel('awsValidAwsFields'), ...fixtureBatchDocuments('aws-reference-appendices/batch-get-traces.json')]);
    expect(matching(table, 'service(id(account.id: "000000000000"))')).toEqual([SAMPLE]);
    expect(matching(table, 'service(id(name: "orders-handler", account.id: "123456789012"))')).toEqual([APPENDIX]);
    expect(matching(table, 'service(id(name: "orders-handler", account.id: "000000000000"))')).toEqual([]);
    expect(matching(table, 'service(id(account.id: "999999999999"))')).toEqual([]);
    const index = table.nodeIndex();
    const orders = index.idOf('AWS::DynamoDB::Table|Orders');
    expect(orders === undefined ? undefined : index.nodes[orders]).toMatchObject({ name: 'Orders', type: 'AWS::DynamoDB::Table' });
    expect(index.idOf('AWS::DynamoDB::Table|Nowhere')).toBeUndefined();
  });

  it('a summary-only trace names its nodes by ServiceIds Name and by each of its Names', () => {
    const summary = appendixSummary((s) => {
      s['ServiceIds'] = [{ Name: 'orders-handler', Names: ['orders-handler-alias'], AccountId: '123456789012', Type: 'AWS::Lambda::Function' }];
    });
    const table = new TraceTable([{ summary }]);
    expect(matching(table, 'service("orders-handler")')).toEqual([APPENDIX]);
    expect(matching(table, 'service("orders-handler-alias")')).toEqual([APPENDIX]);
    expect(matching(table, 'service(id(account.id: "123456789012", type: "AWS::Lambda::Function"))')).toEqual([APPENDIX]);
    expect(matching(table, 'service("Orders")')).toEqual([]);
  });
});

describe('rootcause positions with two services in one cause', () => {
  // A cause whose Services list the function, then the table it called (each with its own entity path).
  const summary = appendixSummary((s) => {
    s['ErrorRootCauses'] = [
      {
        Services: [
          // The function's own entity is remote (its exception came from downstream), though X-Ray did not infer the service.
          { Name: 'orders-handler', Names: ['orders-handler'], Type: 'AWS::Lambda::Function', EntityPath: [{ Name: 'orders-handler', Remote: true, Exceptions: [] }], Inferred: false },
          {
            Name: 'Orders',
            Names: ['Orders'],
            Type: 'AWS::DynamoDB::Table',
            EntityPath: [{ Name: 'Orders', Remote: true, Exceptions: [{ Name: 'ProvisionedThroughputExceededException', Message: 'throughput exceeded' }, { Name: 'ThrottlingException', Message: 'rate exceeded' }] }],
            Inferred: true,
          },
        ],
        ClientImpacting: true,
      },
      // A service with no name and no entity path: remote is then whether X-Ray inferred it.
      { Services: [{ Type: 'remote', Inferred: true, EntityPath: [] }], ClientImpacting: false },
    ];
    s['ResponseTimeRootCauses'] = [{ Services: [{ Name: 'payments', Type: 'remote', Inferred: true, EntityPath: [] }], ClientImpacting: false }];
  });
  const cases: readonly (readonly [string, boolean])[] = [
    ['rootcause.error.service { first AND name = "orders-handler" }', true],
    ['rootcause.error.service { first AND name = "Orders" }', false],
    ['rootcause.error.service { last AND name = "Orders" AND index = 1 }', true],
    ['rootcause.error.service { last AND name = "orders-handler" }', false],
    ['rootcause.error.service { remote AND !inferred AND name = "orders-handler" }', true],
    ['rootcause.error.service { remote AND type = "remote" AND name = "" }', true],
    ['rootcause.error.service { !remote AND name CONTAINS "" }', false],
    ['rootcause.responsetime.service { coverage >= 0 }', false],
    ['rootcause.responsetime.service { remote AND name = "payments" }', true],
    ['rootcause.error.exception { first AND name = "ProvisionedThroughputExceededException" }', true],
    ['rootcause.error.exception { last AND index = 1 AND name = "ThrottlingException" AND message = "rate exceeded" }', true],
    ['rootcause.error.exception { first AND name = "ThrottlingException" }', false],
    ['rootcause.error.exception { last AND name = "ProvisionedThroughputExceededException" }', false],
    // `!=` holds when the one value is not equal; it is tested on each exception there is, and on no other.
    ['rootcause.error.exception { name != "ThrottlingException" AND name != "ProvisionedThroughputExceededException" }', false],
    ['rootcause.fault.exception { name != "x" }', false],
    ['rootcause.error.entity { message = "rate exceeded" }', true],
  ];
  it('first, last and index follow the order of the services and of the exceptions', () => {
    const table = new TraceTable([{ summary }]);
    for (const [text, expected] of cases) expect(matching(table, text), text).toEqual(expected ? [APPENDIX] : []);
  });
});

describe('the scopes’ accessors', () => {
  it('throw, naming the scope and the keyword, for a keyword the parser would not let into that scope', () => {
    const table = new TraceTable([{ summary: appendixSummary(() => {}) }]);
    const scopes: [string, ScopeAccess<never>][] = [
      ['trace', traceAccess(table) as ScopeAccess<never>],
      ['node', nodeAccess(table.nodeIndex()) as ScopeAccess<never>],
      ['root-cause service', ROOT_CAUSE_SERVICE_ACCESS as ScopeAccess<never>],
      ['root-cause entity', ROOT_CAUSE_ENTITY_ACCESS as ScopeAccess<never>],
      ['root-cause exception', ROOT_CAUSE_EXCEPTION_ACCESS as ScopeAccess<never>],
    ];
    for (const [scope, access] of scopes) {
      for (const kind of ['boolean', 'number', 'string'] as const) expect(() => access[kind]('nope'), `${scope} ${kind}`).toThrow(`No ${scope} accessor for 'nope'`);
    }
  });
});

describe('blocks hold keywords only', () => {
  it('refuses a block holding another form, with the block’s own message and the form’s position (an expression the parser never makes)', () => {
    const table = new TraceTable([{ summary: appendixSummary(() => {}) }]);
    const annotation: FilterExpr = { kind: 'annotation', key: 'tenant', test: undefined, start: 10, end: 27 };
    const inService: FilterExpr = { kind: 'service', selector: undefined, body: annotation, start: 0, end: 30 };
    const inRootCause: FilterExpr = { kind: 'rootcause', cause: 'fault', level: 'service', body: annotation, start: 0, end: 30 };
    const group: FilterExpr = { kind: 'group', field: 'name', value: 'x', start: 3, end: 19 };
    const refusal = (expr: FilterExpr): FilterError | undefined => {
      try {
        compileExpression(expr, table);
      } catch (error) {
        if (error instanceof FilterError) return error;
        throw error;
      }
      return undefined;
    };
    expect(refusal(inService)?.toProblem()).toMatchObject({ message: 'Only keywords can be used inside a service() or edge() block.', start: 10, end: 27 });
    expect(refusal(inRootCause)?.toProblem()).toMatchObject({ message: 'Only keywords can be used inside a rootcause block.', start: 10, end: 27 });
    expect(refusal(group)?.toProblem()).toMatchObject({ start: 3, end: 19 });
    expect(refusal(group)?.message).toMatch(/^group\.name can't be evaluated locally/);
    expect(refusal({ kind: 'nonsense', start: 1, end: 2 } as unknown as FilterExpr)?.toProblem()).toMatchObject({ message: 'Unsupported expression.', start: 1, end: 2 });
  });
});

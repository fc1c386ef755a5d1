import { describe, expect, it } from 'vitest';
import { assembleTraces } from '../../dataset/assembly/assemble.ts';
import type { XRayTraceSummary } from '../../model/xray.ts';
import { TraceTable } from './trace-table.ts';
import { fixtureText } from '../../../test/support/fixtures.ts';
import { fixtureBatchDocuments } from '../../../test/support/trace-documents.ts';
import { matchingIds as matching } from '../../../test/support/filter-cases.ts';

/**
 * Filter evaluation on public fixtures, one small table built inside each test: the otel-contrib
 * Go SDK segments (SampleServer with its EC2 instance and zone, DDB with its user and a faulted
 * DynamoDB call) and the Appendix B trace, with or without its Appendix A summary. Every expected
 * answer is read off the fixture documents (quoted in the test names or next to them), and the
 * grammar's meaning of each keyword from aws-reference.md §4.
 */

const SAMPLE = '1-5f2aebcc-b475d14618c51eaa28753d37';
const DDB = '1-5f29ab21-d4ebf299219a65bd5c31d6da';
const APPENDIX = '1-6650a1b2-5f1e2d3c4b5a69788796a5b4';

function appendixSummary(): XRayTraceSummary {
  return (JSON.parse(fixtureText('aws-reference-appendices/get-trace-summaries.json')) as { TraceSummaries: XRayTraceSummary[] }).TraceSummaries[0]!;
}

/** SampleServer, DDB and the Appendix B trace, assembled by the real assembler; the Appendix A summary with its trace when asked. */
function fixtureTable(withSummary: boolean): TraceTable {
  const documents = [
    JSON.parse(fixtureText('otel-contrib-awsxray/awsValidAwsFields.txt')),
    JSON.parse(fixtureText('otel-contrib-awsxray/ddbSample.txt')),
    ...fixtureBatchDocuments('aws-reference-appendices/batch-get-traces.json'),
  ];
  const { traces } = assembleTraces(documents);
  const summary = appendixSummary();
  return new TraceTable(traces.map((trace) => ({ trace, summary: withSummary && trace.id === summary.Id ? summary : undefined })));
}


function expectMatches(table: TraceTable, cases: readonly (readonly [string, readonly string[]])[]): void {
  for (const [text, ids] of cases) expect(matching(table, text).sort(), text).toEqual([...ids].sort());
}

describe('filter evaluation on the fixture traces', () => {
  it('has the three traces', () => {
    expect([...fixtureTable(false).ids].sort()).toEqual([APPENDIX, DDB, SAMPLE].sort());
  });

  it('top-level keywords read the entry segment (no summary)', () => {
    const table = fixtureTable(false);
    expectMatches(table, [
      // SampleServer: GET http://localhost:8000/ from 127.0.0.1, Go-http-client/1.1, 200. Appendix B's stage: POST …/prod/orders from 198.51.100.7, 503. DDB has no http.
      ['http.method = "GET"', [SAMPLE]],
      ['http.method = "POST"', [APPENDIX]],
      ['http.method != "GET"', [DDB, APPENDIX]],
      // `=` is the whole value, not a part of it.
      ['http.method = "GE"', []],
      ['http.method != "GE"', [SAMPLE, DDB, APPENDIX]],
      ['name = "Sample"', []],
      ['http.url = "http://localhost:8000/"', [SAMPLE]],
      ['http.url ENDSWITH "/prod/orders"', [APPENDIX]],
      ['http.url CONTAINS ""', [SAMPLE, APPENDIX]],
      ['http.clientip = "127.0.0.1"', [SAMPLE]],
      ['http.clientip = "198.51.100.7"', [APPENDIX]],
      ['http.useragent = "Go-http-client/1.1"', [SAMPLE]],
      ['http.useragent CONTAINS ""', [SAMPLE]],
      ['http.status = 200', [SAMPLE]],
      ['http.status != 200', [DDB, APPENDIX]],
      ['http.status = 503', [APPENDIX]],
      ['http.status < 503', [SAMPLE]],
      ['http.status <= 503', [SAMPLE, APPENDIX]],
      ['http.status > 200', [APPENDIX]],
      ['http.status >= 200', [SAMPLE, APPENDIX]],
      // aws.ec2 of SampleServer: instance i-075ad396f12bc325a in us-west-2c.
      ['instance.id = "i-075ad396f12bc325a"', [SAMPLE]],
      ['instance.id CONTAINS ""', [SAMPLE]],
      ['availabilityzone = "us-west-2c"', [SAMPLE]],
      ['availabilityzone CONTAINS ""', [SAMPLE]],
      // DDB's segment has "user": "xraysegmentdump"; Appendix B's segments carry resource_arn (stage, function).
      ['user = "xraysegmentdump"', [DDB]],
      ['user CONTAINS ""', [DDB]],
      ['resource.arn = "arn:aws:lambda:us-east-1:123456789012:function:orders-handler"', [APPENDIX]],
      ['resource.arn BEGINSWITH "arn:aws:apigateway:"', [APPENDIX]],
      ['resource.arn CONTAINS ""', [APPENDIX]],
      ['name = "SampleServer"', [SAMPLE]],
      ['name = "DDB"', [DDB]],
      ['name = "orders-api/prod"', [APPENDIX]],
      ['type = "AWS::ApiGateway::Stage"', [APPENDIX]],
      // Faults: DDB's segment and Appendix B's stage; the throttled DynamoDB call is below the stage.
      ['fault', [DDB, APPENDIX]],
      ['ok', [SAMPLE]],
      ['error', []],
      ['throttle', [APPENDIX]],
      ['partial', []],
      ['!partial', [SAMPLE, DDB, APPENDIX]],
      // The entry segments are emitted ones: each trace's root is not inferred.
      ['root', [SAMPLE, DDB, APPENDIX]],
      ['inferred', []],
      // SampleServer lasts 0.19 ms, DDB 57 ms, Appendix B 261 ms.
      ['duration < 0.001', [SAMPLE]],
      ['duration > 0.05 AND duration < 0.1', [DDB]],
      ['responsetime > 0.2', [APPENDIX]],
      ['responsetime <= 0.1', [SAMPLE, DDB]],
      ['duration >= 0.05', [DDB, APPENDIX]],
    ]);
  });

  it('AND, OR and NOT over two, three and more terms', () => {
    const table = fixtureTable(false);
    expectMatches(table, [
      ['fault AND throttle', [APPENDIX]],
      ['fault AND throttle AND http.method = "POST"', [APPENDIX]],
      ['fault AND throttle AND http.method = "GET"', []],
      ['ok OR throttle', [SAMPLE, APPENDIX]],
      ['ok OR throttle OR user = "xraysegmentdump"', [SAMPLE, DDB, APPENDIX]],
      ['ok OR error', [SAMPLE]],
      ['!fault', [SAMPLE]],
      ['!(fault AND throttle)', [SAMPLE, DDB]],
      ['fault = false', [SAMPLE]],
      ['fault != false', [DDB, APPENDIX]],
    ]);
  });

  it('the summary’s values win over the segments’ (Appendix A: no Users, two ResourceARNs, no instances)', () => {
    const table = fixtureTable(true);
    expectMatches(table, [
      ['resource.arn = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod"', [APPENDIX]],
      ['resource.arn ENDSWITH ":function:orders-handler"', [APPENDIX]],
      ['user CONTAINS ""', [DDB]],
      ['instance.id CONTAINS ""', [SAMPLE]],
      ['availabilityzone CONTAINS ""', [SAMPLE]],
      ['annotation.tenant = "acme"', [APPENDIX]],
      ['annotation.tenant != "acme"', [SAMPLE, DDB]],
      ['annotation.tenant', [APPENDIX]],
      // The summary lists only tenant; the stage's aws:api_id annotation is in the segments only.
      ['annotation[aws:api_id]', []],
    ]);
    expectMatches(fixtureTable(false), [
      ['annotation[aws:api_id] = "a1b2c3d4e5"', [APPENDIX]],
      ['annotation.tenant = "acme"', [APPENDIX]],
      ['annotation.tenant = "acm"', []],
    ]);
  });
});

describe('service() and edge() blocks on the fixture traces', () => {
  it('read each keyword from the node’s own segments', () => {
    const table = fixtureTable(false);
    expectMatches(table, [
      ['service("SampleServer") { http.method = "GET" }', [SAMPLE]],
      ['service() { http.method = "POST" }', [APPENDIX]],
      ['service() { http.url = "http://localhost:8000/" }', [SAMPLE]],
      ['service() { http.url ENDSWITH "/prod/orders" }', [APPENDIX]],
      ['service() { http.clientip = "127.0.0.1" }', [SAMPLE]],
      ['service() { http.useragent = "Go-http-client/1.1" }', [SAMPLE]],
      ['service() { instance.id = "i-075ad396f12bc325a" }', [SAMPLE]],
      ['service() { availabilityzone = "us-west-2c" }', [SAMPLE]],
      ['service() { user = "xraysegmentdump" }', [DDB]],
      ['service() { resource.arn = "arn:aws:lambda:us-east-1:123456789012:function:orders-handler" }', [APPENDIX]],
      ['service("SampleServer") { http.status = 200 AND ok }', [SAMPLE]],
      ['service("orders-api/prod") { http.status = 503 AND fault AND root }', [APPENDIX]],
      // The inferred DynamoDB node of Appendix B is named after its table, Orders: error, throttle, 400, 112 ms.
      ['service("Orders") { error AND throttle }', [APPENDIX]],
      ['service("Orders") { http.status = 400 }', [APPENDIX]],
      ['service("Orders") { inferred AND !root }', [APPENDIX]],
      ['service("Orders") { ok }', []],
      ['service("Orders") { fault }', []],
      ['service("Orders") { partial }', []],
      ['service("Orders") { responsetime > 0.1 AND duration < 0.2 }', [APPENDIX]],
      ['service("Orders") { duration < 0.1 }', []],
      ['service("Orders") { name = "Orders" AND type = "AWS::DynamoDB::Table" }', [APPENDIX]],
      ['service() { root }', [SAMPLE, DDB, APPENDIX]],
      ['service() { partial }', []],
      // Lambda's two nodes share the name; id(type:) tells them apart.
      ['service(id(name: "orders-handler", type: "AWS::Lambda")) { http.status = 200 }', [APPENDIX]],
      ['service(id(name: "orders-handler", type: "AWS::Lambda::Function")) { http.status = 200 }', []],
      ['service(id(name: "SampleServer", type: "AWS::Lambda"))', []],
    ]);
  });

  it('edge(a, b) reads the callee’s segments on that connection only', () => {
    const table = fixtureTable(false);
    expectMatches(table, [
      ['edge("orders-handler", "Orders") { throttle AND http.status = 400 }', [APPENDIX]],
      ['edge("orders-handler", "Orders") { fault }', []],
      ['edge("Orders", "orders-handler")', []],
      // The client in front of the entry segment: only Appendix B's stage has that call (the other entries are named otherwise).
      ['edge(id(type: "client"), "orders-api/prod")', [APPENDIX]],
      ['edge(id(type: "client"), "SampleServer")', [SAMPLE]],
      ['edge("orders-api/prod", "orders-handler") { http.status = 200 }', [APPENDIX]],
    ]);
  });
});

describe('rootcause blocks on the Appendix A summary', () => {
  // FaultRootCauses: one service orders-api/prod (AWS::ApiGateway::Stage, not inferred), entity orders-api/prod, no exceptions.
  // ErrorRootCauses: one service Orders (AWS::DynamoDB::Table, inferred), entity Orders (remote) with
  // ProvisionedThroughputExceededException "The level of configured provisioned throughput for the table was exceeded."
  const cases: readonly (readonly [string, boolean])[] = [
    ['rootcause.fault.service { name = "orders-api/prod" }', true],
    ['rootcause.fault.service { name = "Orders" }', false],
    ['rootcause.fault.service { type = "AWS::ApiGateway::Stage" }', true],
    ['rootcause.fault.service { first AND last AND index = 0 }', true],
    ['rootcause.fault.service { index > 0 }', false],
    ['rootcause.fault.service { !first OR !last }', false],
    ['rootcause.fault.service { inferred }', false],
    ['rootcause.fault.service { remote }', false],
    ['rootcause.error.service { inferred AND remote }', true],
    ['rootcause.error.service { name = "Orders" AND type = "AWS::DynamoDB::Table" }', true],
    ['rootcause.error.entity { name = "Orders" AND remote }', true],
    ['rootcause.error.entity { first AND last AND index = 0 }', true],
    ['rootcause.error.entity { index = 1 OR !first OR !last }', false],
    ['rootcause.error.entity { message CONTAINS "provisioned throughput" }', true],
    ['rootcause.fault.entity { name = "orders-api/prod" AND !remote }', true],
    ['rootcause.fault.entity { remote }', false],
    ['rootcause.fault.entity { message CONTAINS "" }', false],
    ['rootcause.error.exception { name = "ProvisionedThroughputExceededException" }', true],
    ['rootcause.error.exception { type = "ProvisionedThroughputExceededException" }', true],
    ['rootcause.error.exception { message BEGINSWITH "The level of configured" }', true],
    ['rootcause.error.exception { first AND last AND index = 0 AND remote }', true],
    ['rootcause.error.exception { index = 1 OR !first OR !last }', false],
    ['rootcause.fault.exception { name CONTAINS "" }', false],
    ['rootcause.responsetime.service { name CONTAINS "" }', false],
  ];

  it('with the summary alone (a trace known only from GetTraceSummaries)', () => {
    const table = new TraceTable([{ summary: appendixSummary() }]);
    for (const [text, expected] of cases) expect(matching(table, text), text).toEqual(expected ? [APPENDIX] : []);
  });

  it('with its trace', () => {
    const table = fixtureTable(true);
    for (const [text, expected] of cases) expect(matching(table, text).includes(APPENDIX), text).toBe(expected);
  });
});

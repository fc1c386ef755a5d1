import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../test/support/fixtures.ts';
import { openInputs } from './open-inputs.ts';
import { summarizeIncident, type IncidentSummary } from './incident-summary.ts';

async function summaryOf(...paths: string[]): Promise<IncidentSummary> {
  const opened = await openInputs(paths.map((path) => ({ name: path, bytes: fixtureBytes(path) })));
  return summarizeIncident(opened.dataset, opened.problems);
}

const byNameAndType = (a: { name: string; type: string }, b: { name: string; type: string }): number => (a.name + a.type < b.name + b.type ? -1 : a.name + a.type > b.name + b.type ? 1 : 0);

describe('summarizeIncident', () => {
  it('counts a trace with a fault and no error as a fault trace only, on four X-Ray files and two CloudTrail files', async () => {
    const summary = await summaryOf(
      'otel-contrib-awsxray/ddbSample.txt',
      'otel-contrib-awsxray/minInProgress.txt',
      'otel-contrib-awsxray/minCauseIsExceptionId.txt',
      'aws-reference-appendices/batch-get-traces.json',
      'otel-contrib-awslogs-cloudtrail/cloudtrail_log.json',
      'cloud-custodian-cwe/event-cloud-trail-create-rest-stage.json',
    );
    // Counted by hand from the documents:
    // - ddbSample: trace 1-5f29ab21, one segment "DDB" (fault: true, no error) with 17
    //   subsegments at all depths, two of them `aws` calls (dynamodb) with no segment below: 2
    //   inferred nodes added.
    // - minInProgress and minCauseIsExceptionId: the same segment 5cc4a447f5d4d696 of trace
    //   1-5f187253, first in progress, then completed with fault: true: one segment, none in progress.
    // - Appendix B: trace 1-6650a1b2, 4 segments (stage fault, DynamoDB error + throttle) and 4
    //   subsegments (Lambda, Invocation, DynamoDB, Overhead); both `aws` calls have their segment.
    // So 3 traces, all 3 with a fault, 1 with an error, 1 with a throttle.
    expect(summary).toMatchObject({ traces: 3, segments: 1 + 1 + 4, subsegments: 17 + 4, inProgress: 0, inferredAdded: 2 });
    expect({ faultTraces: summary.faultTraces, errorTraces: summary.errorTraces, throttleTraces: summary.throttleTraces }).toEqual({ faultTraces: 3, errorTraces: 1, throttleTraces: 1 });
    // cloudtrail_log.json: 7 records, readOnly false on StartInstances, CreateUser, Publish,
    // UpdateTrail and RotateKey, an errorCode on UpdateTrail only, none in aws-reference.md §6;
    // the custodian file: one CreateStage (apigateway, readOnly false, no error): a change.
    expect(summary).toMatchObject({ summaries: 0, events: 7 + 1, writeEvents: 5 + 1, errorEvents: 1, changes: 1, metricSeries: 0 });
    // The earliest time is the completed segment's start_time 1595437651.680097; the latest the
    // ConsoleLogin record's eventTime.
    expect([summary.start, summary.end]).toEqual(['2020-07-22T17:07:31.680Z', '2025-06-15T14:30:00.000Z']);
    // The map computed from the traces: Appendix B's client → stage → AWS::Lambda →
    // AWS::Lambda::Function → Orders (5 nodes, 4 edges); DDB's client → DDB → two tables named by
    // aws.table_name (4 nodes, 3 edges); CauseIsExceptionID's client → it (2 nodes, 1 edge).
    expect(summary.serviceGraph).toBe('computed');
    expect(summary.edges).toBe(4 + 3 + 1);
    expect([...summary.services].sort(byNameAndType)).toEqual(
      [
        { name: 'orders-api/prod', type: 'client' },
        { name: 'orders-api/prod', type: 'AWS::ApiGateway::Stage' },
        { name: 'orders-handler', type: 'AWS::Lambda' },
        { name: 'orders-handler', type: 'AWS::Lambda::Function' },
        { name: 'Orders', type: 'AWS::DynamoDB::Table' },
        { name: 'DDB', type: 'client' },
        { name: 'DDB', type: '' },
        { name: 'xray_sample_table', type: 'AWS::DynamoDB::Table' },
        { name: 'does_not_exist', type: 'AWS::DynamoDB::Table' },
        { name: 'CauseIsExceptionID', type: 'client' },
        { name: 'CauseIsExceptionID', type: '' },
      ].sort(byNameAndType),
    );
    expect(summary.problems).toEqual([]);
    expect(summary.gaps).toEqual([]);
  });

  it('counts the in-progress segment while its completed version is missing', async () => {
    const summary = await summaryOf('otel-contrib-awsxray/minInProgress.txt');
    expect(summary).toMatchObject({ traces: 1, segments: 1, subsegments: 0, inProgress: 1, faultTraces: 0, errorTraces: 0, throttleTraces: 0 });
    // An in-progress segment has no end: the window is its start alone.
    expect([summary.start, summary.end]).toEqual(['2020-07-22T17:07:31.680Z', '2020-07-22T17:07:31.680Z']);
  });

  it('counts traces known only from GetTraceSummaries (a capture of --traces N fetches fewer than it lists)', async () => {
    // ddbSample is trace 1-5f29ab21; the summaries file lists only Appendix B's 1-6650a1b2.
    const mixed = await summaryOf('otel-contrib-awsxray/ddbSample.txt', 'aws-reference-appendices/get-trace-summaries.json');
    expect(mixed).toMatchObject({ traces: 2, summaries: 1, segments: 1 });
    // ddbSample's segment has fault: true; the summary of 1-6650a1b2 says HasFault true,
    // HasError false, HasThrottle true: both traces are fault traces, one a throttle trace.
    expect({ faultTraces: mixed.faultTraces, errorTraces: mixed.errorTraces, throttleTraces: mixed.throttleTraces }).toEqual({ faultTraces: 2, errorTraces: 0, throttleTraces: 1 });
    // The summary's StartTime 1716560306.41 and Duration 0.261 widen the window to its end.
    expect(mixed.end).toBe('2024-05-24T14:18:26.671Z');
    // The same trace from its summary and its segments counts once.
    // … and its flags come from the segments (Appendix B: a stage fault, a DynamoDB error and throttle), once.
    expect(await summaryOf('aws-reference-appendices/batch-get-traces.json', 'aws-reference-appendices/get-trace-summaries.json')).toMatchObject({ traces: 1, summaries: 1, segments: 4, faultTraces: 1, errorTraces: 1, throttleTraces: 1 });
  });

  it('takes services and edges from the captured graph when there are no segments, and says none when there is neither', async () => {
    const captured = await summaryOf('aws-reference-appendices/get-trace-summaries.json', 'aws-reference-appendices/get-service-graph.json');
    // Appendix C: the stage, its client, both Lambda nodes and the table; 4 edges between them.
    expect(captured).toMatchObject({ traces: 1, segments: 0, serviceGraph: 'captured', edges: 4 });
    expect([...captured.services].sort(byNameAndType)).toEqual(
      [
        { name: 'orders-api/prod', type: 'client' },
        { name: 'orders-api/prod', type: 'AWS::ApiGateway::Stage' },
        { name: 'orders-handler', type: 'AWS::Lambda' },
        { name: 'orders-handler', type: 'AWS::Lambda::Function' },
        { name: 'Orders', type: 'AWS::DynamoDB::Table' },
      ].sort(byNameAndType),
    );
    const eventsOnly = await summaryOf('aws-cli-examples/lookup-events_output.json');
    expect(eventsOnly).toMatchObject({ traces: 0, services: [], edges: 0, serviceGraph: 'none', events: 1 });
  });
});

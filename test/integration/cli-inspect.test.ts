import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../support/fixtures.ts';
import { inspectJson, runCli } from './cli-run.ts';

type Doc = { id: string; subsegments?: Doc[]; in_progress?: boolean };

/** Counts subsegments at every nesting level of the given documents, independently of the importer. */
function countSubsegments(docs: readonly Doc[]): number {
  let count = 0;
  const stack = docs.flatMap((d) => d.subsegments ?? []);
  while (stack.length) {
    const next = stack.pop()!;
    count++;
    stack.push(...(next.subsegments ?? []));
  }
  return count;
}

function batchDocuments(path: string): Doc[] {
  const batch = JSON.parse(readFileSync(path, 'utf8')) as { Traces: { Segments: { Document: string }[] }[] };
  return batch.Traces.flatMap((t) => t.Segments.map((s) => JSON.parse(s.Document) as Doc));
}

describe('trace-explorer inspect --json on the public X-Ray data', () => {
  it('reads the aws xray batch-get-traces example: one trace, its two segments and the DynamoDB table node', async () => {
    const file = fixturePath('aws-cli-examples/batch-get-traces_output.json');
    const docs = batchDocuments(file);
    const { code, summary } = await inspectJson(file);
    expect(code).toBe(0);
    expect(summary.traces).toBe(1);
    expect(summary.segments).toBe(docs.length);
    expect(summary.subsegments).toBe(countSubsegments(docs));
    expect(summary.inProgress).toBe(0);
    expect(summary.services).toEqual(
      expect.arrayContaining([
        { name: 'Scorekeep', type: 'AWS::ElasticBeanstalk::Environment' },
        { name: 'Scorekeep', type: 'client' },
        { name: 'scorekeep-user', type: 'AWS::DynamoDB::Table' },
      ]),
    );
    expect(summary.edges).toBe(2);
    expect(summary.problems).toEqual([]);
    expect(summary.start).toBe('2019-09-18T19:40:10.432Z');
  });

  it('names the API Gateway stage and both Lambda nodes of the aws-iatk documents', async () => {
    const file = fixturePath('aws-iatk/go_test_documents_as_BatchGetTraces.json');
    const docs = batchDocuments(file);
    const { summary } = await inspectJson(file);
    expect(summary.segments).toBe(docs.length);
    expect(summary.subsegments).toBe(countSubsegments(docs));
    expect(summary.services).toEqual(
      expect.arrayContaining([
        { name: 'some-app/Prod', type: 'AWS::ApiGateway::Stage' },
        { name: 'my-function', type: 'AWS::Lambda' },
        { name: 'Events', type: 'AWS::Events' },
      ]),
    );
  });

  it('counts faults, errors and throttles per trace on the reference example (throttled DynamoDB, 5xx stage)', async () => {
    const { summary } = await inspectJson(fixturePath('aws-reference-appendices/batch-get-traces.json'));
    expect(summary).toMatchObject({ traces: 1, segments: 4, faultTraces: 1, errorTraces: 1, throttleTraces: 1 });
    expect(summary.services).toEqual(
      expect.arrayContaining([
        { name: 'orders-api/prod', type: 'AWS::ApiGateway::Stage' },
        { name: 'orders-handler', type: 'AWS::Lambda' },
        { name: 'orders-handler', type: 'AWS::Lambda::Function' },
        { name: 'Orders', type: 'AWS::DynamoDB::Table' },
      ]),
    );
  });

  it('reads raw segment documents and daemon datagrams, counting the same segment once', async () => {
    const raw = fixturePath('otel-contrib-awsxray/ddbSample.txt');
    const datagram = fixturePath('otel-contrib-awsxray/udp-datagram-with-header/ddbSample.txt');
    const alone = await inspectJson(raw);
    const both = await inspectJson(raw, datagram, raw);
    expect(alone.summary.segments).toBe(1);
    expect(both.summary).toEqual(alone.summary);
    const doc = JSON.parse(readFileSync(raw, 'utf8')) as Doc;
    expect(alone.summary.subsegments).toBe(countSubsegments([doc]));
    expect(alone.summary.faultTraces).toBe(1);
    expect(alone.summary.services).toEqual(expect.arrayContaining([{ name: 'xray_sample_table', type: 'AWS::DynamoDB::Table' }]));
  });
});

describe('trace-explorer inspect --json on the public CloudTrail data', () => {
  it('counts the stratus-red-team events, writes, errors and configuration changes', async () => {
    const dir = fixturePath('stratus-red-team');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => `${dir}/${f}`);
    const records = files.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>[]);
    const ids = new Set(records.map((r) => r.eventID));
    const { code, summary } = await inspectJson(...files);
    expect(code).toBe(0);
    expect(summary.events).toBe(ids.size);
    const byId = new Map(records.map((r) => [r.eventID, r]));
    expect(summary.writeEvents).toBe([...byId.values()].filter((r) => r.readOnly === false).length);
    expect(summary.errorEvents).toBe([...byId.values()].filter((r) => typeof r.errorCode === 'string').length);
    // Successful calls of the §6 table that these attacks make.
    const changeNames = /^(UpdateFunctionConfiguration|UpdateFunctionCode|AddPermission|PublishLayerVersion|AuthorizeSecurityGroupIngress|PutRolePolicy|AttachRolePolicy|UpdateAssumeRolePolicy|CreatePolicyVersion|ModifyDBInstance|ModifyDBCluster)/;
    const expected = [...byId.values()].filter((r) => changeNames.test(String(r.eventName)) && !r.errorCode).length;
    expect(expected).toBeGreaterThan(0);
    expect(summary.changes).toBe(expected);
    expect(summary.traces).toBe(0);
  });

  it('reads lookup-events output, S3 log files (plain and gzip) and EventBridge envelopes together', async () => {
    const { summary } = await inspectJson(
      fixturePath('aws-cli-examples/lookup-events_output.json'),
      fixturePath('otel-contrib-awslogs-cloudtrail/cloudtrail_log.json'),
      fixturePath('cloud-custodian-cwe/event-cloud-trail-create-rest-stage.json'),
    );
    const log = JSON.parse(readFileSync(fixturePath('otel-contrib-awslogs-cloudtrail/cloudtrail_log.json'), 'utf8')) as { Records: unknown[] };
    expect(summary.events).toBe(1 + log.Records.length + 1);
    expect(summary.changes).toBeGreaterThanOrEqual(1);
  });
});

describe('trace-explorer inspect on bad input', () => {
  const cases: [string, string, RegExp][] = [
    ['a GuardDuty finding', 'cloud-custodian-cwe/ec2-duty-event.json', /GuardDuty/],
    ['a CloudTrail digest file', 'otel-contrib-awslogs-cloudtrail/cloudtrail_digest.json', /digest/i],
    ['broken JSON', 'cloudtrail-processing-library/SerializerTestFileBadJsonFormat.json', /not valid JSON: .* line \d+, column \d+/],
    ['a segment without start_time', 'otel-contrib-awsxray/segmentValidationFailed.txt', /start_time/],
    ['a text file', 'otel-contrib-awsxray/SOURCE.txt', /not JSON/],
  ];
  for (const [what, file, message] of cases) {
    it(`refuses ${what} with a message naming the file, and exits non-zero`, async () => {
      const path = fixturePath(file);
      const run = await runCli('inspect', path);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(path);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('reports a bad file among good ones as a problem and still reads the rest', async () => {
    const good = fixturePath('aws-cli-examples/batch-get-traces_output.json');
    const bad = fixturePath('cloud-custodian-cwe/iam-duty-event.json');
    const { code, summary } = await inspectJson(good, bad, '/no/such/file.json');
    expect(code).toBe(0);
    expect(summary.traces).toBe(1);
    expect(summary.problems.map((p) => p.file)).toEqual(expect.arrayContaining([bad, '/no/such/file.json']));
    expect(summary.problems.find((p) => p.file === '/no/such/file.json')?.message).toBe('no such file');
  });

  it('reports bad items inside a good file with their JSON path and keeps the good ones', async () => {
    const file = fixturePath('panther-analysis/cloudtrail_rule_test_records.json');
    const records = (JSON.parse(readFileSync(file, 'utf8')) as { Records: Record<string, unknown>[] }).Records;
    const complete = records.filter(
      (r) => typeof r.eventID === 'string' && typeof r.eventName === 'string' && typeof r.eventSource === 'string' && !Number.isNaN(Date.parse(String(r.eventTime))),
    );
    const { code, summary } = await inspectJson(file);
    expect(code).toBe(0);
    // Panther's hand-made test events reuse eventIDs: distinct ids count once…
    expect(summary.events).toBe(new Set(complete.map((r) => r.eventID)).size);
    // …and a record under a reused eventID that differs from the one kept for it is reported (the
    // first is kept, or the first write over reads): worked out here with key-sorted JSON text.
    const canonical = (value: unknown): string =>
      JSON.stringify(value, (_key, item: unknown) => (item && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.keys(item).sort().map((key) => [key, (item as Record<string, unknown>)[key]])) : item));
    const kept = new Map<unknown, Record<string, unknown>>();
    let conflicts = 0;
    for (const record of complete) {
      const held = kept.get(record.eventID);
      if (held === undefined) kept.set(record.eventID, record);
      else if (canonical(held) !== canonical(record)) {
        conflicts++;
        if (record.readOnly === false && held.readOnly !== false) kept.set(record.eventID, record);
      }
    }
    expect(conflicts).toBe(276);
    const conflictProblems = summary.problems.filter((p) => /^same eventID /.test(p.message));
    expect(conflictProblems).toHaveLength(conflicts);
    for (const problem of conflictProblems) expect(problem.message).toContain(`as ${file} (records[`);
    expect(summary.problems.length - conflicts).toBe(records.length - complete.length);
    expect(summary.problems.length).toBeGreaterThan(0);
    for (const problem of summary.problems.filter((p) => !conflictProblems.includes(p))) expect(problem.at).toMatch(/^Records\[\d+\]/);
  });

  it('gives usage, not a stack trace, for a missing argument or an unknown option', async () => {
    const none = await runCli('inspect');
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/No files given/);
    const unknown = await runCli('inspect', '--frobnicate', 'x');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/Unknown option/i);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('trace-explorer inspect on sampling rules', () => {
  it('counts the rules of `aws xray get-sampling-rules` output, detected by content, beside the traces', async () => {
    const { code, summary } = await inspectJson(fixturePath('aws-cli-examples/get-sampling-rules_output.json'), fixturePath('aws-cli-examples/batch-get-traces_output.json'));
    expect(code).toBe(0);
    expect(summary).toMatchObject({ samplingRules: 3, traces: 1, problems: [] });
    const text = await runCli('inspect', fixturePath('aws-cli-examples/get-sampling-rules_output.json'));
    expect(text.stdout).toContain('Sampling:   3 X-Ray sampling rules');
  });
});

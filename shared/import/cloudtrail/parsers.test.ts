import { readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixturePath, fixtureText } from '../../../test/support/fixtures.ts';
import type { RawKind } from '../../model/index.ts';
import type { FormatParser, ImportSink } from '../format/types.ts';
import { cloudTrailParsers } from './index.ts';

interface Collected {
  readonly format: string | undefined;
  readonly docs: { readonly kind: RawKind; readonly doc: unknown; readonly at: string }[];
  readonly problems: { readonly at: string | undefined; readonly message: string }[];
}

/** Does what the dispatcher does with one parsed value: the first parser that matches reads it. */
function importValue(value: unknown, at = '', into?: Collected): Collected {
  const collected: Collected = into ?? { format: undefined, docs: [], problems: [] };
  const parser: FormatParser | undefined = cloudTrailParsers.find((candidate) => candidate.matches(value));
  if (parser === undefined) return collected;
  const sink: ImportSink = {
    file: 'test',
    add: (kind, doc, docAt) => collected.docs.push({ kind, doc, at: docAt }),
    problem: (problemAt, message) => collected.problems.push({ at: problemAt, message }),
  };
  parser.parse(value, sink, at);
  return { ...collected, format: into?.format ?? parser.format };
}

function importFixture(path: string): Collected {
  return importValue(JSON.parse(fixtureText(path)));
}

const formatOf = (value: unknown) => cloudTrailParsers.find((parser) => parser.matches(value))?.format;

describe('stratus-red-team: JSON arrays of records', () => {
  const files = readdirSync(fixturePath('stratus-red-team')).filter((name) => name.endsWith('.json'));

  it('reads every record of all 35 files as cloudtrail.record', () => {
    let expected = 0;
    let read = 0;
    for (const file of files) {
      const value: unknown = JSON.parse(fixtureText(`stratus-red-team/${file}`));
      expect(Array.isArray(value)).toBe(true);
      expected += (value as unknown[]).length;
      const result = importValue(value);
      expect(result.format, file).toBe('cloudtrail.records');
      expect(result.problems, file).toEqual([]);
      expect(result.docs.every((doc) => doc.kind === 'cloudtrail.record')).toBe(true);
      read += result.docs.length;
    }
    expect(files).toHaveLength(35);
    expect(read).toBe(expected);
    expect(read).toBe(310);
  });

  it('keeps each record unchanged and names its place', () => {
    const value = JSON.parse(fixtureText('stratus-red-team/aws.persistence.lambda-backdoor-function.json')) as unknown[];
    const result = importValue(value);
    expect(result.docs.map((doc) => doc.doc)).toEqual(value);
    expect(result.docs.map((doc) => doc.at)).toEqual(value.map((_, i) => `[${i}]`));
  });
});

describe('S3 log files {"Records":[…]}', () => {
  it('panther-analysis: keeps the valid records and names every bad one', () => {
    const file = JSON.parse(fixtureText('panther-analysis/cloudtrail_rule_test_records.json')) as { Records: Record<string, unknown>[] };
    const result = importValue(file);
    expect(result.format).toBe('cloudtrail.logFile');
    expect(result.docs.length + result.problems.length).toBe(file.Records.length);
    // Hand-written test events: some lack eventID, others eventSource or a readable eventTime.
    const withoutId = file.Records.flatMap((record, i) => (typeof record.eventID === 'string' ? [] : [`Records[${i}]`]));
    expect(withoutId.length).toBeGreaterThan(0);
    for (const at of withoutId) expect(result.problems).toContainEqual({ at, message: 'record without eventID' });
    expect(result.problems.some((p) => p.message.startsWith('record with an unreadable eventTime'))).toBe(true);
    for (const doc of result.docs) expect(doc.doc).toBe(file.Records[Number(/\[(\d+)\]/.exec(doc.at)?.[1])]);
  });

  it('otel-contrib cloudtrail_log.json: all seven records, the Insights event included', () => {
    const result = importFixture('otel-contrib-awslogs-cloudtrail/cloudtrail_log.json');
    expect(result.format).toBe('cloudtrail.logFile');
    expect(result.problems).toEqual([]);
    expect(result.docs).toHaveLength(7);
    expect(result.docs.map((doc) => (doc.doc as { eventType: string }).eventType)).toContain('AwsCloudTrailInsight');
  });

  it('cloudtrail-processing-library: the gzip log file (decompressed as the dispatcher does) is a log file', () => {
    const compressed = fixtureBytes('cloudtrail-processing-library/SerializerTestFileCompact.json.gz');
    const value: unknown = JSON.parse(new TextDecoder().decode(gunzipSync(compressed)));
    const result = importValue(value);
    expect(result.format).toBe('cloudtrail.logFile');
    // The library's samples are placeholders without eventID: each is reported where it is, none kept.
    const count = (value as { Records: unknown[] }).Records.length;
    expect(result.docs).toEqual([]);
    expect(result.problems).toEqual(Array.from({ length: count }, (_, i) => ({ at: `Records[${i}]`, message: 'record without eventID' })));
  });

  it('cloudtrail-processing-library: unknown fields and all-null fields are recognised, never thrown on', () => {
    for (const file of ['SerializerTestFile.json', 'SerializerAllFieldsNull.json', 'SerializerTestFileNewFieldAtRandomPlaces.json', 'SerializerTestFileNewFieldsInRoot.json', 'SerializerVariousUserIdentityTestFile.json']) {
      const value = JSON.parse(fixtureText(`cloudtrail-processing-library/${file}`)) as { Records: unknown[] };
      const result = importValue(value);
      expect(result.format, file).toBe('cloudtrail.logFile');
      expect(result.problems.length + result.docs.length, file).toBe(value.Records.length);
    }
  });

  it('reports a record that is not an object, and a record with its eventID but an unreadable time', () => {
    const good = { eventVersion: '1.08', eventID: 'a', eventName: 'CreateTable', eventSource: 'dynamodb.amazonaws.com', eventTime: '2024-05-24T14:15:03Z' };
    const result = importValue({ Records: [good, 'oops', { ...good, eventID: 'b', eventTime: '24/05/2024' }, { ...good, eventID: 'c', eventTime: null }] }, 'line 3');
    expect(result.docs).toEqual([{ kind: 'cloudtrail.record', doc: good, at: 'line 3: Records[0]' }]);
    expect(result.problems).toEqual([
      { at: 'line 3: Records[1]', message: 'record is "oops", not an object' },
      { at: 'line 3: Records[2]', message: 'record with an unreadable eventTime "24/05/2024"' },
      { at: 'line 3: Records[3]', message: 'record without eventTime' },
    ]);
  });
});

describe('LookupEvents output', () => {
  it('aws-cli-examples: the CLI output item is kept unchanged', () => {
    const value = JSON.parse(fixtureText('aws-cli-examples/lookup-events_output.json')) as { Events: unknown[] };
    const result = importValue(value);
    expect(result.format).toBe('cloudtrail.lookupEvents');
    expect(result.problems).toEqual([]);
    expect(result.docs).toEqual([{ kind: 'cloudtrail.lookupEvent', doc: value.Events[0], at: 'Events[0]' }]);
  });

  it('reports a bad CloudTrailEvent at its path and keeps the others', () => {
    const good = JSON.parse(fixtureText('aws-cli-examples/lookup-events_output.json')).Events[0] as Record<string, unknown>;
    const events = [
      { ...good, CloudTrailEvent: '{"eventVersion":"1.08",' },
      good,
      { ...good, CloudTrailEvent: '{"eventName":"ConsoleLogin"}' },
      { ...good, CloudTrailEvent: '[1,2]' },
      { EventId: 'x', EventName: 'ConsoleLogin' },
    ];
    const result = importValue({ Events: events, NextToken: 'abc' });
    expect(result.docs.map((doc) => doc.at)).toEqual(['Events[1]']);
    expect(result.problems.map((p) => p.at)).toEqual(['Events[0].CloudTrailEvent', 'Events[2].CloudTrailEvent', 'Events[3].CloudTrailEvent', 'Events[4]']);
    expect(result.problems[0]?.message).toMatch(/^CloudTrailEvent is not valid JSON/);
    expect(result.problems[1]?.message).toBe('CloudTrailEvent without eventID');
    expect(result.problems[3]?.message).toBe('lookup event without CloudTrailEvent');
  });

  it('also reads the Events array alone (`--query Events`) and an empty page', () => {
    const events = JSON.parse(fixtureText('aws-cli-examples/lookup-events_output.json')).Events as unknown[];
    expect(importValue(events).docs.map((doc) => doc.at)).toEqual(['[0]']);
    expect(formatOf({ Events: [] })).toBe('cloudtrail.lookupEvents');
    expect(formatOf({ Events: [], Other: 1 })).toBeUndefined();
  });
});

describe('bare records, JSON lines, EventBridge envelopes', () => {
  it('otrf-security-datasets: JSON lines with Logstash fields (time in @timestamp) are all read', () => {
    const lines = fixtureText('otrf-security-datasets/ec2_proxy_s3_exfiltration_2020-09-14011940.json').split('\n');
    let collected: Collected = { format: undefined, docs: [], problems: [] };
    let values = 0;
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      values++;
      collected = importValue(JSON.parse(line), `line ${i + 1}`, collected);
    });
    expect(values).toBe(103);
    expect(collected.format).toBe('cloudtrail.record');
    expect(collected.problems).toEqual([]);
    expect(collected.docs).toHaveLength(values);
    expect(collected.docs[0]?.at).toBe('line 1');
  });

  it('cloud-custodian-cwe: envelopes as cloudtrail.eventBridge, bare records as cloudtrail.record', () => {
    const files = readdirSync(fixturePath('cloud-custodian-cwe')).filter((name) => name.startsWith('event-cloud-trail-'));
    expect(files).toHaveLength(20);
    let envelopes = 0;
    for (const file of files) {
      const value = JSON.parse(fixtureText(`cloud-custodian-cwe/${file}`)) as Record<string, unknown>;
      const result = importValue(value);
      const isEnvelope = value['detail-type'] === 'AWS API Call via CloudTrail';
      if (isEnvelope) envelopes++;
      expect(result.format, file).toBe(isEnvelope ? 'cloudtrail.eventBridge' : 'cloudtrail.record');
      if (file.includes('bedrock')) continue; // no eventID: see the next test
      expect(result.problems, file).toEqual([]);
      expect(result.docs, file).toEqual([{ kind: isEnvelope ? 'cloudtrail.eventBridge' : 'cloudtrail.record', doc: value, at: '' }]);
    }
    expect(envelopes).toBeGreaterThan(0);
    expect(envelopes).toBeLessThan(files.length);
  });

  it('cloud-custodian-cwe: a bare record without eventID is reported, not kept', () => {
    const result = importFixture('cloud-custodian-cwe/event-cloud-trail-bedrock-create-customization-jobs.json');
    expect(result.format).toBe('cloudtrail.record');
    expect(result.docs).toEqual([]);
    expect(result.problems).toEqual([{ at: undefined, message: 'record without eventID' }]);
  });

  it('an envelope whose detail is broken is reported at detail', () => {
    const value = { 'detail-type': 'AWS Console Sign In via CloudTrail', detail: { eventID: 'x', eventName: 'ConsoleLogin' } };
    expect(importValue(value, 'line 4').problems).toEqual([{ at: 'line 4: detail', message: 'record without eventSource' }]);
  });
});

describe('CloudWatch Logs subscription data', () => {
  it('otel-contrib cloudtrail_log_cw.json: each message becomes a cloudtrail.record', () => {
    const value = JSON.parse(fixtureText('otel-contrib-awslogs-cloudtrail/cloudtrail_log_cw.json')) as { logEvents: { message: string }[] };
    const result = importValue(value);
    expect(result.format).toBe('cloudwatchLogs.subscription');
    expect(result.problems).toEqual([]);
    expect(result.docs).toEqual(value.logEvents.map((logEvent, i) => ({ kind: 'cloudtrail.record', doc: JSON.parse(logEvent.message), at: `logEvents[${i}].message` })));
  });

  it('reports a message that is not JSON', () => {
    const value = JSON.parse(fixtureText('otel-contrib-awslogs-cloudtrail/cloudtrail_log_cw.json')) as { logEvents: { message: string }[] };
    const broken = { ...value, logEvents: [...value.logEvents, { id: 'x', timestamp: 1, message: 'START RequestId' }] };
    const result = importValue(broken);
    expect(result.docs).toHaveLength(value.logEvents.length);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.at).toBe(`logEvents[${value.logEvents.length}].message`);
  });
});

describe('what the CloudTrail parsers never claim', () => {
  const xrayValues: [string, unknown][] = [
    ['batch-get-traces output', JSON.parse(fixtureText('aws-cli-examples/batch-get-traces_output.json'))],
    ['BatchGetTraces (aws-iatk)', JSON.parse(fixtureText('aws-iatk/go_test_documents_as_BatchGetTraces.json'))],
    ['TraceSummaries', { TraceSummaries: [{ Id: '1-5f8a1c2b-0123456789abcdef01234567', Duration: 0.1 }] }],
    ['GetServiceGraph', { Services: [{ Name: 'orders', Edges: [] }], StartTime: 1, EndTime: 2 }],
    ['segment documents', [{ id: '70de5b6f19ff9a0a', name: 'orders', trace_id: '1-5f8a1c2b-0123456789abcdef01234567', start_time: 1, end_time: 2 }]],
    ['empty array', []],
  ];
  for (const file of readdirSync(fixturePath('otel-contrib-awsxray')).filter((name) => name.endsWith('.txt'))) {
    try {
      xrayValues.push([file, JSON.parse(fixtureText(`otel-contrib-awsxray/${file}`))]);
    } catch {
      // Some are deliberately invalid JSON: the dispatcher's concern, not a shape to test here.
    }
  }

  it.each(xrayValues)('%s', (_, value) => {
    expect(formatOf(value)).toBeUndefined();
  });

  it('Lambda event payloads that share field names (S3, DynamoDB Streams)', () => {
    const s3 = { Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', eventTime: '2024-05-24T14:15:03Z' }] };
    const dynamodb = { Records: [{ eventID: '1', eventVersion: '1.1', eventSource: 'aws:dynamodb', eventName: 'INSERT' }] };
    expect(formatOf(s3)).toBeUndefined();
    expect(formatOf(dynamodb)).toBeUndefined();
  });
});

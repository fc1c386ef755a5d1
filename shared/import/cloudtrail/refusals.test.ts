import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath, fixtureText } from '../../../test/support/fixtures.ts';
import { cloudTrailParsers, cloudTrailRefusals } from './index.ts';

const refusalOf = (value: unknown) => cloudTrailRefusals.find((refusal) => refusal.matches(value));
const parserOf = (value: unknown) => cloudTrailParsers.find((parser) => parser.matches(value));
const fixture = (path: string): unknown => JSON.parse(fixtureText(path));

describe('CloudTrail look-alikes are refused with a reason', () => {
  it.each([
    ['otel-contrib-awslogs-cloudtrail/cloudtrail_digest.json', 'a CloudTrail digest file', /log files, not events/],
    ['cloud-custodian-cwe/ec2-duty-event.json', 'a GuardDuty finding', /not a record of the API calls/],
    ['cloud-custodian-cwe/iam-duty-event.json', 'a GuardDuty finding', /lookup-events/],
    ['cloud-custodian-cwe/event-securityhub-cloudtrail-finding-action.json', 'a Security Hub finding', /not CloudTrail events/],
    ['cloudtrail-processing-library/SQSMessageBody', "CloudTrail's notice of a log file delivery (SNS/SQS message)", /\.json\.gz files it lists/],
  ])('%s', (path, label, reason) => {
    const value = fixture(path);
    expect(parserOf(value)).toBeUndefined();
    const refusal = refusalOf(value);
    expect(refusal?.label).toBe(label);
    expect(refusal?.reason).toMatch(reason);
  });

  it('the delivery notice is also refused as the bare SNS Message', () => {
    const notice = fixture('cloudtrail-processing-library/SQSMessageBody') as { Message: string };
    expect(refusalOf(JSON.parse(notice.Message))?.label).toMatch(/notice of a log file delivery/);
  });

  it('GuardDuty and Security Hub GetFindings output', () => {
    expect(refusalOf({ Findings: [{ SchemaVersion: '2.0', Type: 'Recon:EC2/PortProbeUnprotectedPort', Service: { ServiceName: 'guardduty' } }] })?.label).toBe('a GuardDuty finding');
    expect(refusalOf({ Findings: [{ SchemaVersion: '2018-10-08', ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub' }] })?.label).toBe('a Security Hub finding');
  });

  it('Lambda event payloads (S3 notifications) are named for what they are', () => {
    const s3 = { Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { object: { key: 'AWSLogs/1/CloudTrail/x.json.gz' } } }] };
    expect(refusalOf(s3)?.label).toMatch(/AWS event notification/);
  });

  it('no refusal claims anything the CloudTrail parsers read', () => {
    const readable: unknown[] = [
      fixture('otel-contrib-awslogs-cloudtrail/cloudtrail_log.json'),
      fixture('otel-contrib-awslogs-cloudtrail/cloudtrail_log_cw.json'),
      fixture('aws-cli-examples/lookup-events_output.json'),
      fixture('panther-analysis/cloudtrail_rule_test_records.json'),
    ];
    for (const file of readdirSync(fixturePath('cloud-custodian-cwe')).filter((name) => name.startsWith('event-cloud-trail-'))) {
      readable.push(fixture(`cloud-custodian-cwe/${file}`));
    }
    for (const file of readdirSync(fixturePath('stratus-red-team')).filter((name) => name.endsWith('.json'))) {
      const records = fixture(`stratus-red-team/${file}`) as unknown[];
      readable.push(records, ...records);
    }
    for (const value of readable) {
      expect(parserOf(value)).toBeDefined();
      expect(refusalOf(value)).toBeUndefined();
    }
  });
});

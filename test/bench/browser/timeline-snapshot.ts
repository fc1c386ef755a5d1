import { writeSnapshotFile } from '../../../electron/files/snapshot-file.ts';
import { createRandom, generateScaleSegments } from '../../../shared/generator/index.ts';
import { SnapshotBuilder } from '../../../shared/import/snapshot-builder.ts';
import type { BenchSnapshot } from './map-snapshots.ts';
import { cachedSnapshot } from './map-snapshots.ts';

/**
 * The timeline benchmark's incident: 30 days of the generator's scale traffic (a trace every 30 s,
 * 12 spans each: 86,400 traces, 1,036,800 spans, one-minute buckets over 43,200 minutes) and 10,000
 * CloudTrail records over the same days — a fifth of them writes on the scale system's functions,
 * tables and API (configuration changes in bursts, some failed), the rest reads — so the change
 * lane, its grouping and the suspects work on a month of an account's activity.
 */
const DAYS = 30;
const EVERY = 30;
const SPANS = 12;
const EVENTS = 10_000;
const START = 1_716_508_800; // 2024-05-24T00:00:00Z
const CREATED_AT = '2024-06-24T00:00:00.000Z';
const ACCOUNT = '123456789012';

const WRITES: readonly { source: string; name: string; parameters: (target: string) => Record<string, unknown>; targets: readonly string[] }[] = [
  { source: 'lambda.amazonaws.com', name: 'UpdateFunctionConfiguration20150331v2', parameters: (fn) => ({ functionName: fn, memorySize: 512 }), targets: ['scale-entry', 'image-resizer', 'fraud-check', 'ledger-writer', 'notifier'] },
  { source: 'lambda.amazonaws.com', name: 'UpdateFunctionCode20150331v2', parameters: (fn) => ({ functionName: fn, publish: true }), targets: ['scale-entry', 'image-resizer', 'fraud-check'] },
  { source: 'dynamodb.amazonaws.com', name: 'UpdateTable', parameters: (table) => ({ tableName: table, billingMode: 'PAY_PER_REQUEST' }), targets: ['Orders', 'Inventory', 'Sessions', 'Prices'] },
  { source: 'apigateway.amazonaws.com', name: 'CreateDeployment', parameters: (api) => ({ restApiId: api, createDeploymentInput: { stageName: 'bench' } }), targets: ['a1b2c3d4e5', 'z9y8x7w6v5'] },
  { source: 'iam.amazonaws.com', name: 'PutRolePolicy', parameters: (role) => ({ roleName: role, policyName: 'inline' }), targets: ['scale-entry-role', 'reporting-role'] },
];
const READS: readonly { source: string; name: string }[] = [
  { source: 'lambda.amazonaws.com', name: 'GetFunction20150331v2' },
  { source: 'dynamodb.amazonaws.com', name: 'DescribeTable' },
  { source: 'ec2.amazonaws.com', name: 'DescribeInstances' },
  { source: 'monitoring.amazonaws.com', name: 'DescribeAlarms' },
  { source: 'sts.amazonaws.com', name: 'GetCallerIdentity' },
];

function* cloudTrailRecords(seed: number): Generator<Record<string, unknown>> {
  const random = createRandom(seed);
  const span = DAYS * 86_400;
  let made = 0;
  while (made < EVENTS) {
    const write = random.int(0, 4) === 0;
    const time = START + random.int(0, span - 3600);
    const kind = write ? random.pick(WRITES) : undefined;
    const read = write ? undefined : random.pick(READS);
    const target = kind ? random.pick(kind.targets) : undefined;
    // A deploy script: a burst of the same write, a minute apart.
    const burst = write && random.int(0, 9) === 0 ? random.int(2, 8) : 1;
    for (let b = 0; b < burst && made < EVENTS; b++, made++) {
      const failed = write && random.int(0, 19) === 0;
      yield {
        eventVersion: '1.08',
        userIdentity: { type: 'AssumedRole', principalId: 'AROAEXAMPLE:deploy', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/ci`, accountId: ACCOUNT },
        eventTime: new Date((time + b * 60) * 1000).toISOString().replace('.000', ''),
        eventSource: kind?.source ?? read!.source,
        eventName: kind?.name ?? read!.name,
        awsRegion: 'us-east-1',
        sourceIPAddress: '192.0.2.10',
        userAgent: 'aws-cli/2.15.30',
        requestParameters: kind ? kind.parameters(target!) : null,
        responseElements: null,
        ...(failed ? { errorCode: 'AccessDenied', errorMessage: 'not authorized' } : {}),
        requestID: random.uuid(),
        eventID: random.uuid(),
        readOnly: !write,
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: ACCOUNT,
        eventCategory: 'Management',
      };
    }
  }
}

export function timelineSnapshot(path: string): Promise<BenchSnapshot> {
  return cachedSnapshot(path, async () => {
    const builder = new SnapshotBuilder();
    const xray = builder.addSource({ name: 'generator.scale', format: 'generator.scale', importedAt: CREATED_AT });
    const trail = builder.addSource({ name: 'generator.cloudtrail', format: 'generator.cloudtrail', importedAt: CREATED_AT });
    const traces = (DAYS * 86_400) / EVERY;
    let segments = 0;
    for (const doc of generateScaleSegments({ seed: 7, traces, spansPerTrace: SPANS, start: START, every: EVERY })) {
      segments++;
      builder.add('xray.segment', doc, xray);
    }
    for (const record of cloudTrailRecords(11)) builder.add('cloudtrail.record', record, trail);
    await writeSnapshotFile(path, builder.build({ appVersion: 'bench', createdAt: CREATED_AT }));
    return { traces, segments, summaries: 0, description: `${DAYS} days: generateScaleSegments({ seed: 7, traces: ${traces}, spansPerTrace: ${SPANS}, every: ${EVERY} }) and ${EVENTS} CloudTrail records` };
  });
}

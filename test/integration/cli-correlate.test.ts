import { mkdtemp, rm } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { toSnapshotContent } from '../../shared/generator/index.ts';
import type { GeneratedIncident } from '../../shared/generator/types.ts';
import type { CorrelateJson, SamplingJson } from '../../shared/analysis/timeline/index.ts';
import { demoIncident } from '../support/demo-incident.ts';
import { fixturePath } from '../support/fixtures.ts';
import { runCli } from './cli-run.ts';

let dir: string;
let incident: GeneratedIncident;
let demo: string;

async function correlateJson(...files: string[]): Promise<CorrelateJson & { problems: unknown[] }> {
  const run = await runCli('correlate', ...files, '--json');
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as CorrelateJson & { problems: unknown[] };
}

/** The demo's snapshot content with its traces cut at `until` (epoch seconds) and `extra` LookupEvents items added. */
async function variant(name: string, until: number, extra: GeneratedIncident['events'] = []): Promise<string> {
  const cut: GeneratedIncident = { ...incident, traces: incident.traces.filter((trace) => JSON.parse(trace.Segments[0]!.Document).start_time < until), events: [...incident.events, ...extra] };
  const path = join(dir, name);
  await writeSnapshotFile(path, toSnapshotContent(cut, { appVersion: 'test', createdAt: '2024-05-24T16:00:00.000Z' }));
  return path;
}

/** EventIds of the LookupEvents items that are writes and did not fail, read from the items themselves. */
function successfulWrites(): string[] {
  return incident.events.filter((item) => item.ReadOnly === 'false' && !(JSON.parse(item.CloudTrailEvent) as { errorCode?: string }).errorCode).map((item) => item.EventId);
}

let demoResult: Promise<CorrelateJson> | undefined;
/** The demo's correlation, run once for the tests that only read it. */
const demoCorrelation = (): Promise<CorrelateJson> => (demoResult ??= correlateJson(demo));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-correlate-'));
  incident = demoIncident();
  demo = join(dir, 'demo.json.gz');
  await writeSnapshotFile(demo, toSnapshotContent(incident, { appVersion: 'test', createdAt: '2024-05-24T16:00:00.000Z' }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trace-explorer correlate on the generated incident', () => {
  it("names the function's memory change as the first suspect, on the failing node itself", async () => {
    const { facts } = incident;
    const result = await demoCorrelation();
    const first = result.suspects[0]!;
    expect([first.eventId, first.eventName, first.resource, first.relation]).toEqual([facts.changeEventId, facts.changeEventName, facts.functionName, 'same']);
    expect(first.at).toBe(new Date(facts.changeTime * 1000).toISOString());
    expect(first.reasons).toContain(`it set memorySize=${facts.memoryAfter}`);
    expect(first.reasons).toContain(`joined by functionName=${facts.functionName}`);
    // Every other successful write before the onset follows it; the refused AttachRolePolicy is no suspect.
    expect(result.suspects.map((s) => s.eventId).sort()).toEqual(successfulWrites().sort());
    expect(result.suspects.every((s, i) => i === 0 || s.score <= result.suspects[i - 1]!.score)).toBe(true);
  });

  it('finds the onsets at the change, none before it: the stage faults by the minute the generator says 5 % of requests failed', async () => {
    const { facts } = incident;
    const changeMinute = Math.floor(facts.changeTime / 60) * 60;
    const result = await demoCorrelation();
    expect(result.onsets.length).toBeGreaterThan(0);
    for (const onset of result.onsets) expect(Date.parse(onset.at) / 1000).toBeGreaterThanOrEqual(changeMinute);
    const stageFaults = result.onsets.find((o) => o.node === facts.stageNodeName && o.kind === 'fault');
    expect(stageFaults).toMatchObject({ type: 'AWS::ApiGateway::Stage', confidence: 'high' });
    expect(Date.parse(stageFaults!.at) / 1000).toBeLessThanOrEqual(facts.onsetTime);
    const functionFaults = result.onsets.find((o) => o.node === facts.functionName && o.type === 'AWS::Lambda::Function' && o.kind === 'fault');
    expect(functionFaults).toBeDefined();
    expect(result.onsets.find((o) => o.node === facts.tableName && o.kind === 'throttle')).toBeDefined();
  });

  it('finds the onsets of the calls too: the clients see the stage fail, the function sees the table throttle, none before the change', async () => {
    const { facts } = incident;
    const changeMinute = Math.floor(facts.changeTime / 60) * 60;
    const result = await demoCorrelation();
    for (const onset of result.edgeOnsets) expect(Date.parse(onset.at) / 1000).toBeGreaterThanOrEqual(changeMinute);
    const clients = result.edgeOnsets.find((o) => o.fromType === 'client' && o.to === facts.stageNodeName && o.kind === 'fault');
    expect(clients).toMatchObject({ toType: 'AWS::ApiGateway::Stage', label: `clients → ${facts.stageNodeName}`, confidence: 'high' });
    expect(Date.parse(clients!.at) / 1000).toBeLessThanOrEqual(facts.onsetTime);
    const table = result.edgeOnsets.find((o) => o.from === facts.functionName && o.to === facts.tableName && o.kind === 'throttle');
    expect(table).toMatchObject({ fromType: 'AWS::Lambda::Function', toType: 'AWS::DynamoDB::Table', label: `${facts.functionName} → ${facts.tableName}` });
    // The timeline's id of the call: `edge:` and the map's edge id (source key → target key).
    expect(table!.series).toBe(`edge:AWS::Lambda::Function|${facts.functionName}→AWS::DynamoDB::Table|${facts.tableName}`);
    // By time, then by series.
    expect(result.edgeOnsets.every((o, i) => i === 0 || o.at >= result.edgeOnsets[i - 1]!.at)).toBe(true);
    const text = await runCli('correlate', demo);
    expect(text.stdout).toContain(`Onsets of calls (${result.edgeOnsets.length}):`);
    expect(text.stdout).toMatch(new RegExp(`clients → ${facts.stageNodeName.replace('/', '\\/')}  faults [^\\n]+ \\(high\\)`));
  });

  it("draws one marker per successful write and counts the rest off the lane once", async () => {
    const { facts } = incident;
    const result = await demoCorrelation();
    expect(result.hidden).toEqual({ readOnly: facts.counts.events - facts.counts.writeEvents, failed: 1, notConfig: 0 });
    expect(result.lane.map((m) => m.eventIds).flat().sort()).toEqual(successfulWrites().sort());
    expect(result.lane.every((m) => m.count === 1)).toBe(true);
  });

  it('has no onset and no suspects in the hour before the change', async () => {
    const result = await correlateJson(await variant('before.json.gz', incident.facts.changeTime - 60));
    expect(result.onsets).toEqual([]);
    expect(result.edgeOnsets).toEqual([]);
    expect(result.suspects).toEqual([]);
    expect(result.lane.length).toBe(5);
    const text = await runCli('correlate', join(dir, 'before.json.gz'));
    expect(text.stdout).toMatch(/^No onset: no node's faults, errors, throttles or latency departed from its own baseline in [\d,]+ traces\. No suspects\./);
  });

  it('never makes a change after the onset its suspect', async () => {
    const change = incident.events.find((item) => item.EventId === incident.facts.changeEventId)!;
    const record = JSON.parse(change.CloudTrailEvent) as Record<string, unknown>;
    const later = incident.facts.onsetTime + 600;
    const moved = { ...change, EventId: 'later-change', EventTime: later, CloudTrailEvent: JSON.stringify({ ...record, eventID: 'later-change', eventTime: new Date(later * 1000).toISOString().replace('.000', '') }) };
    const result = await correlateJson(await variant('later.json.gz', Number.POSITIVE_INFINITY, [moved]));
    expect(result.lane.some((m) => m.eventIds.includes('later-change'))).toBe(true);
    expect(result.suspects.map((s) => s.eventId)).not.toContain('later-change');
    expect(result.suspects[0]!.eventId).toBe(incident.facts.changeEventId);
  });
});

describe('trace-explorer correlate on real CloudTrail data', () => {
  it("keeps Stratus Red Team's 310 events to 6 markers: its configuration changes, each reachable", async () => {
    const folder = fixturePath('stratus-red-team');
    const files = readdirSync(folder).filter((name) => name.endsWith('.json')).map((name) => join(folder, name));
    const result = await correlateJson(...files);
    expect(result.onsets).toEqual([]);
    expect(result.suspects).toEqual([]);
    // Hand-counted from the files (jq): 261 read-only; of the 49 writes, 3 carry an errorCode and
    // 6 are §6 configuration changes (three Lambda, two IAM role, one security group).
    expect(result.hidden).toEqual({ readOnly: 261, failed: 3, notConfig: 40 });
    expect(result.lane.map((m) => `${m.kind} ${m.eventName}`).sort()).toEqual([
      'ec2 AuthorizeSecurityGroupIngress',
      'iam AttachRolePolicy',
      'iam UpdateAssumeRolePolicy',
      'lambda AddPermission',
      'lambda UpdateFunctionCode',
      'lambda UpdateFunctionConfiguration',
    ]);
  });
});

describe('trace-explorer correlate: the sampling rules', () => {
  it('--json has a sampling field: the rules in X-Ray’s order and the one each service’s requests matched (the AWS CLI examples)', async () => {
    const result = (await correlateJson(fixturePath('aws-cli-examples/batch-get-traces_output.json'), fixturePath('aws-cli-examples/get-sampling-rules_output.json'))) as unknown as { sampling: SamplingJson };
    expect(result.sampling).toEqual({
      rules: [
        { name: 'polling-scorekeep', priority: 5000, reservoir: 0, fixedRate: 0.003 },
        { name: 'base-scorekeep', priority: 9000, reservoir: 2, fixedRate: 0.1 },
        { name: 'Default', priority: 10000, reservoir: 0, fixedRate: 0.01 },
      ],
      // POST /api/user: not the polling rule's GET /api/state/*.
      services: [{ node: 'Scorekeep', type: 'AWS::ElasticBeanstalk::Environment', requests: 1, matched: 1, decides: true, rules: [{ name: 'base-scorekeep', requests: 1, share: 1 }], unmatched: 0, undecided: [], metric: null, measured: null, expected: null }],
    });
  });

  it('prints the rules of the services where traces start, and says when the files hold none', async () => {
    const withRules = await runCli('correlate', fixturePath('aws-cli-examples/batch-get-traces_output.json'), fixturePath('aws-cli-examples/get-sampling-rules_output.json'));
    expect(withRules.stdout).toContain('Sampling rules (3 rules), where traces start:\n  Scorekeep [AWS::ElasticBeanstalk::Environment]: base-scorekeep 100%\n');
    const without = await runCli('correlate', fixturePath('aws-cli-examples/batch-get-traces_output.json'));
    expect(without.stdout).toContain('Sampling rules: none in the files.');
  });
});

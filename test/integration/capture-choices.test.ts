import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotContent, XRayTraceSummary } from '../../shared/model/index.ts';
import { runCaptureCommand } from '../../electron/cli/capture-command.ts';
import { recordedIo } from './capture-io.ts';
import { fromAppRequest } from '../../electron/capture/capture-request.ts';
import { runCapture } from '../../electron/capture/run-capture.ts';
import { readSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { compareSnapshot, minimumCalls, sumCalls, type CheckedRequest } from '../emulator/capture-check.ts';
import { traceIdSeconds } from '../emulator/dataset.ts';
import { startAwsEmulator, type AwsEmulator, type EmulatorCall } from '../emulator/server.ts';
import { makeTestDataset } from '../emulator/test-dataset.ts';

const SCALE = 0.02;
const CREDENTIALS = { accessKeyId: 'AKIDCHOICES', secretAccessKey: 'x' };
const start = Math.floor(Date.now() / 60_000) * 60 - 2 * 3600;
const dataset = makeTestDataset({ start, minutes: 60, traces: 150, events: 120, iamEvents: 6, seed: 71 });
const from = new Date(start * 1000).toISOString();
const to = new Date((start + 3600) * 1000).toISOString();
const checked: CheckedRequest = { region: dataset.region, from: start * 1000, to: (start + 3600) * 1000, cloudtrail: 'changes', metrics: true };
let folder: string;
let emulator: AwsEmulator;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'capture-choices-'));
  emulator = await startAwsEmulator(dataset, { rateWindowMs: 1000 * SCALE });
});
afterAll(async () => {
  await emulator.close();
  rmSync(folder, { recursive: true, force: true });
});

let runs = 0;
/** Runs the command over the dataset's window; returns what it wrote and the calls it made. */
async function capture(args: string[]): Promise<{ code: number; err: string; content: SnapshotContent; calls: EmulatorCall[] }> {
  const file = join(folder, `run-${++runs}.json.gz`);
  const before = emulator.calls.length;
  const console = recordedIo(SCALE, { credentials: CREDENTIALS });
  const code = await runCaptureCommand(['--region', dataset.region, '--from', from, '--to', to, '--out', file, '--endpoint-url', emulator.url, ...args], console);
  return { code, err: console.err.join(''), content: await readSnapshotFile(file), calls: emulator.calls.slice(before) };
}

const ofKind = <T>(content: SnapshotContent, kind: string): T[] => content.records.filter((r) => r.kind === kind).map((r) => r.doc as T);
const traceIds = (content: SnapshotContent): Set<string> => new Set(ofKind<{ trace_id: string }>(content, 'xray.segment').map((d) => d.trace_id));
const byOperation = (calls: readonly EmulatorCall[], operation: string): EmulatorCall[] => calls.filter((c) => c.operation === operation);
const newestFirst = [...dataset.summaries].sort((a, b) => (b.StartTime as number) - (a.StartTime as number) || (a.Id < b.Id ? -1 : 1));

describe('what the capture is asked to fetch', () => {
  it('caps and chooses the full traces (--traces N, slowest:N, faults:N, share:F) while the summaries stay complete', async () => {
    const slowest = [...dataset.summaries].sort((a, b) => (b.Duration as number) - (a.Duration as number) || (a.Id < b.Id ? -1 : 1));
    const cases: [string, string[] | undefined][] = [
      ['7', newestFirst.slice(0, 7).map((s) => s.Id)],
      ['slowest:9', slowest.slice(0, 9).map((s) => s.Id)],
      ['faults:6', newestFirst.filter((s) => s.HasFault === true).slice(0, 6).map((s) => s.Id)],
      ['share:0.2', undefined],
    ];
    for (const [choice, expected] of cases) {
      const run = await capture(['--traces', choice, '--cloudtrail', 'none', '--no-metrics']);
      expect(run.code, choice).toBe(0);
      expect(ofKind(run.content, 'xray.summary'), choice).toHaveLength(150);
      const got = traceIds(run.content);
      if (expected !== undefined) {
        expect(got, choice).toEqual(new Set(expected));
      } else {
        // A fifth of the traces, spread over the window: no run of more than 5 newest-first traces left out.
        expect(got.size).toBe(30);
        const positions = newestFirst.map((s, i) => (got.has(s.Id) ? i : -1)).filter((i) => i >= 0);
        expect(Math.max(positions[0] as number, ...positions.slice(1).map((p, i) => p - (positions[i] as number)))).toBeLessThanOrEqual(5);
      }
      expect(compareSnapshot(run.content, dataset, { ...checked, cloudtrail: 'none', metrics: false, traceIds: [...got] })).toEqual([]);
      expect(byOperation(run.calls, 'BatchGetTraces').map((c) => (c.body.TraceIds as string[]).length).every((n) => n <= 5)).toBe(true);
      expect(byOperation(run.calls, 'BatchGetTraces')).toHaveLength(Math.ceil(got.size / 5));
      expect(run.content.header.gaps).toEqual([{ kind: 'skipped', what: 'xray.BatchGetTraces', detail: `--traces ${choice}: ${got.size} of 150 traces fetched in full; every summary is in the snapshot.` }]);
    }
  });

  it('sends the filter expression and the group (--filter, --group) and keeps what X-Ray matched', async () => {
    const run = await capture(['--filter', 'fault', '--group', 'Default', '--no-metrics', '--cloudtrail', 'none']);
    expect(run.code, run.err).toBe(0);
    const summaries = byOperation(run.calls, 'GetTraceSummaries');
    expect(summaries.map((c) => c.body.FilterExpression)).toEqual(['group.name = "Default" AND (fault)']);
    expect(byOperation(run.calls, 'GetServiceGraph').map((c) => c.body.GroupName)).toEqual(['Default']);
    const faulted = dataset.summaries.filter((s) => s.HasFault === true).map((s) => s.Id);
    expect(faulted.length).toBeGreaterThan(5);
    expect(new Set(ofKind<XRayTraceSummary>(run.content, 'xray.summary').map((s) => s.Id))).toEqual(new Set(faulted));
    expect(traceIds(run.content)).toEqual(new Set(faulted));
    expect(run.content.header.provenance.queries[0]).toMatchObject({ api: 'xray.GetTraceSummaries', FilterExpression: 'group.name = "Default" AND (fault)' });
    const unknownGroup = await capture(['--group', 'NoSuchGroup', '--no-metrics', '--cloudtrail', 'none']);
    expect(unknownGroup.code).toBe(3);
    expect(unknownGroup.err).toMatch(/xray:GetTraceSummaries failed: InvalidRequestException: Group NoSuchGroup not found/);
  });

  it('sends TimeRangeType and the sampling strategy (--time-range-type, --sampling)', async () => {
    const run = await capture(['--time-range-type', 'Event', '--sampling', 'FixedRate:0.5', '--no-metrics', '--cloudtrail', 'none']);
    expect(run.code, run.err).toBe(0);
    const bodies = byOperation(run.calls, 'GetTraceSummaries').map((c) => c.body);
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(body).toMatchObject({ TimeRangeType: 'Event', Sampling: true, SamplingStrategy: { Name: 'FixedRate', Value: 0.5 } });
    expect(run.content.header.provenance.queries[0]).toMatchObject({ TimeRangeType: 'Event' });
    expect(run.content.header.provenance.sampling).toMatch(/FixedRate 0\.5/);
    const plain = await capture(['--no-metrics', '--cloudtrail', 'none']);
    expect(new Set(byOperation(plain.calls, 'GetTraceSummaries').map((c) => `${String(c.body.TimeRangeType)} ${String(c.body.Sampling)}`))).toEqual(new Set(['TraceId undefined']));
    for (const bad of [['--time-range-type', 'Start'], ['--sampling', 'Half:2']]) {
      const console = recordedIo(SCALE, { credentials: CREDENTIALS });
      expect(await runCaptureCommand(['--region', dataset.region, '--from', from, '--out', join(folder, 'bad.json.gz'), ...bad], console)).toBe(2);
    }
  });

  it('looks up the write events (ReadOnly=false), all of them, or none, in the Region and in us-east-1, 50 a page', async () => {
    const changes = await capture(['--no-metrics']);
    const lookups = byOperation(changes.calls, 'LookupEvents');
    expect(new Set(lookups.map((c) => c.region))).toEqual(new Set([dataset.region, 'us-east-1']));
    expect(lookups.every((c) => c.body.MaxResults === 50 && JSON.stringify(c.body.LookupAttributes) === '[{"AttributeKey":"ReadOnly","AttributeValue":"false"}]')).toBe(true);
    expect(compareSnapshot(changes.content, dataset, { ...checked, metrics: false })).toEqual([]);

    const all = await capture(['--cloudtrail', 'all', '--no-metrics']);
    expect(byOperation(all.calls, 'LookupEvents').every((c) => c.body.LookupAttributes === undefined)).toBe(true);
    expect(compareSnapshot(all.content, dataset, { ...checked, cloudtrail: 'all', metrics: false })).toEqual([]);
    expect(ofKind(all.content, 'cloudtrail.lookupEvent').length).toBeGreaterThan(ofKind(changes.content, 'cloudtrail.lookupEvent').length);

    const none = await capture(['--cloudtrail', 'none', '--no-metrics']);
    expect(byOperation(none.calls, 'LookupEvents')).toEqual([]);
    expect(none.calls.some((c) => c.service === 'cloudwatch')).toBe(false);
    expect(ofKind(none.content, 'cloudtrail.lookupEvent')).toEqual([]);

    const east = await capture(['--region', 'us-east-1', '--no-metrics']);
    expect(new Set(byOperation(east.calls, 'LookupEvents').map((c) => c.region))).toEqual(new Set(['us-east-1']));
  });

  it('fetches the API Gateway metrics of the traced APIs only, per stage and per method, or per stage only when not detailed', async () => {
    const full = await capture(['--cloudtrail', 'none']);
    const dims = (content: SnapshotContent) =>
      ofKind<{ query: { MetricStat: { Metric: { MetricName: string; Dimensions: { Name: string; Value: string }[] }; Stat: string } } }>(content, 'metrics.result').map((m) => m.query.MetricStat);
    const names = (stats: ReturnType<typeof dims>, method: boolean) => new Set(stats.filter((s) => s.Metric.Dimensions.some((d) => d.Name === 'Method') === method).map((s) => s.Metric.MetricName));
    const seven = new Set(['Count', '4XXError', '5XXError', 'CacheHitCount', 'CacheMissCount', 'Latency', 'IntegrationLatency']);
    expect(names(dims(full.content), false)).toEqual(seven);
    expect(names(dims(full.content), true)).toEqual(seven);
    expect(dims(full.content).every((s) => s.Metric.Dimensions.some((d) => d.Name === 'ApiName' && d.Value === 'orders-api'))).toBe(true);
    expect(byOperation(full.calls, 'ListMetrics').map((c) => JSON.stringify(c.body.Dimensions))).toEqual(['[{"Name":"ApiName","Value":"orders-api"}]']);
    expect(compareSnapshot(full.content, dataset, { ...checked, cloudtrail: 'none' })).toEqual([]);

    const request = fromAppRequest({ regions: [dataset.region], window: { start: from, end: to }, apiGatewayMetrics: { detailed: false } }, Date.now());
    const stageOnly = await runCapture({ out: join(folder, 'stage-only.json.gz'), endpointUrl: emulator.url, credentials: CREDENTIALS, timeScale: SCALE, durableJournal: false, request });
    const stageDims = dims(await readSnapshotFile(stageOnly.out));
    expect(names(stageDims, false)).toEqual(seven);
    expect(names(stageDims, true)).toEqual(new Set());
  });

  it('splits a window longer than a day, and stays within 5 % of the fewest calls', async () => {
    const longStart = Math.floor(Date.now() / 3_600_000) * 3600 - 27 * 3600;
    const long = makeTestDataset({ start: longStart, minutes: 26 * 60, traces: 700, events: 200, iamEvents: 10, seed: 73 });
    const longEmulator = await startAwsEmulator(long, { rateWindowMs: 1000 * SCALE });
    try {
      const request = { region: long.region, from: longStart * 1000, to: (longStart + 26 * 3600) * 1000, cloudtrail: 'changes' as const, metrics: false };
      const summary = await runCapture({ out: join(folder, 'long.json.gz'), endpointUrl: longEmulator.url, credentials: CREDENTIALS, timeScale: SCALE, durableJournal: false, request: { ...request, traces: { mode: 'all' } } });
      expect(compareSnapshot(await readSnapshotFile(summary.out), long, request)).toEqual([]);
      const windows = byOperation(longEmulator.calls, 'GetTraceSummaries').filter((c) => c.body.NextToken === undefined).map((c) => [c.body.StartTime, c.body.EndTime]);
      expect(windows).toEqual([[longStart, longStart + 24 * 3600], [longStart + 24 * 3600, longStart + 26 * 3600]]);
      expect(long.summaries.every((s) => (traceIdSeconds(s.Id) ?? 0) < longStart + 26 * 3600)).toBe(true);
      const minimum = minimumCalls(long, request);
      const ratio = summary.calls / sumCalls(minimum);
      console.log(`26-hour window: ${summary.calls} calls ${JSON.stringify(summary.callsByOperation)}, minimum ${sumCalls(minimum)} ${JSON.stringify(minimum)}, ratio ${ratio.toFixed(3)} (a service graph per 6 hours)`);
      expect(ratio).toBeLessThanOrEqual(1.05);
    } finally {
      await longEmulator.close();
    }
  });
});

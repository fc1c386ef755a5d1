import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaptureCommand } from '../../electron/cli/capture-command.ts';
import { recordedIo } from './capture-io.ts';
import { readSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { compareSnapshot, minimumCalls, sumCalls, type CheckedRequest } from '../emulator/capture-check.ts';
import { startAwsEmulator, type AwsEmulator } from '../emulator/server.ts';
import { makeTestDataset } from '../emulator/test-dataset.ts';

const SCALE = 0.02;
const ENV_KEYS = ['AWS_ENDPOINT_URL_CLOUDTRAIL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_REGION', 'AWS_ENDPOINT_URL'];
const saved = new Map(ENV_KEYS.map((k) => [k, process.env[k]]));
let folder: string;
let emulator: AwsEmulator;
const start = Math.floor(Date.now() / 60_000) * 60 - 2 * 3600;
const dataset = makeTestDataset({ start, minutes: 60, traces: 60, events: 80, iamEvents: 6, seed: 5 });
const from = new Date(start * 1000).toISOString();
const to = new Date((start + 3600) * 1000).toISOString();

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'capture-cli-'));
  // Hermetic AWS configuration: fake static keys, no shared files, no instance metadata.
  for (const key of ENV_KEYS) delete process.env[key];
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEMULATOR';
  process.env.AWS_SECRET_ACCESS_KEY = 'not-a-secret';
  process.env.AWS_CONFIG_FILE = join(folder, 'no-config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(folder, 'no-credentials');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  emulator = await startAwsEmulator(dataset, { rateWindowMs: 1000 * SCALE });
});
afterAll(async () => {
  await emulator.close();
  for (const [key, value] of saved) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(folder, { recursive: true, force: true });
});

const checked: CheckedRequest = { region: dataset.region, from: start * 1000, to: (start + 3600) * 1000, cloudtrail: 'changes', metrics: true };

describe('trace-explorer capture', () => {
  it('captures with credentials from the environment and prints a one-line summary', async () => {
    const file = join(folder, 'cli.json.gz');
    const console = recordedIo(SCALE);
    const code = await runCaptureCommand(['--region', dataset.region, '--from', from, '--to', to, '--out', file, '--endpoint-url', emulator.url], console);
    expect(console.err.join('')).toContain('Plan: at least');
    expect(code).toBe(0);
    expect(console.out).toHaveLength(1);
    expect(console.out[0]).toMatch(/^Captured eu-west-1 .* 60 traces \(240 segments, 60 summaries\), \d+ CloudTrail events/);
    expect(compareSnapshot(await readSnapshotFile(file), dataset, checked)).toEqual([]);
  });

  it('says clearly when there are no credentials (exit 1), before calling AWS and leaving nothing behind', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    try {
      const calls = emulator.calls.length;
      const file = join(folder, 'none.json.gz');
      const console = recordedIo(SCALE);
      const code = await runCaptureCommand(['--region', 'eu-west-1', '--from', '-1h', '--out', file, '--endpoint-url', emulator.url], console);
      expect(code).toBe(1);
      expect(console.err.join('')).toMatch(/^error: No AWS credentials found\. Sign in \(aws sso login --profile P, or aws configure\)/m);
      expect(console.out).toEqual([]);
      expect(emulator.calls.length).toBe(calls);
      expect([existsSync(file), existsSync(`${file}.capture.json`), existsSync(`${file}.capture.ndjson`)]).toEqual([false, false, false]);
    } finally {
      process.env.AWS_ACCESS_KEY_ID = 'AKIDEMULATOR';
    }
  });

  it('says which Region is unknown when its endpoint does not exist (exit 1), without asking any other Region', async () => {
    const file = join(folder, 'nowhere.json.gz');
    const console = recordedIo(SCALE);
    // CloudTrail (this Region and us-east-1) would go to the emulator: it must not be asked at all.
    process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = emulator.url;
    const calls = emulator.calls.length;
    try {
      // Well-formed but not a Region: xray.eu-nowhere-9.amazonaws.com has no address (the first call finds out).
      const code = await runCaptureCommand(['--region', 'eu-nowhere-9', '--from', '-1h', '--out', file], console);
      expect(code).toBe(1);
    } finally {
      delete process.env.AWS_ENDPOINT_URL_CLOUDTRAIL;
    }
    expect(console.err.join('')).toMatch(/^error: Unknown region 'eu-nowhere-9': its endpoint cannot be reached \(host not found\)/m);
    expect(emulator.calls.length).toBe(calls);
    expect([existsSync(file), existsSync(`${file}.capture.json`)]).toEqual([false, false]);
  });

  it('refuses an empty window (exit 2), and says so when a window holds nothing (exit 0)', async () => {
    const console = recordedIo(SCALE);
    expect(await runCaptureCommand(['--region', dataset.region, '--from', from, '--to', from, '--out', join(folder, 'empty.json.gz')], console)).toBe(2);
    expect(console.err.join('')).toMatch(/^error: The window is empty: --from .* is not before --to/m);
    const quiet = recordedIo(SCALE);
    const before = new Date((start - 6 * 3600) * 1000).toISOString();
    const code = await runCaptureCommand(['--region', dataset.region, '--from', before, '--to', new Date((start - 5 * 3600) * 1000).toISOString(), '--out', join(folder, 'quiet.json.gz'), '--endpoint-url', emulator.url], quiet);
    expect(code).toBe(0);
    expect(quiet.err.join('')).toMatch(/The window holds no traces, CloudTrail events or metrics in eu-west-1: check --region, the times/);
    expect(quiet.out[0]).toMatch(/: 0 traces \(0 segments, 0 summaries\), 0 CloudTrail events/);
  });

  it('refuses an unknown region, an empty window and bad options before calling AWS', async () => {
    const calls = emulator.calls.length;
    const cases: [string[], RegExp][] = [
      [['--region', 'moon-base', '--from', '-1h', '--out', 'x.json.gz'], /Unknown region 'moon-base'/],
      [['--region', 'eu-west-1', '--from', '-1h', '--to', '-2h', '--out', 'x.json.gz'], /The window is empty/],
      [['--region', 'eu-west-1', '--from', '-1h', '--out', 'x.json.gz', '--traces', 'fastest:3'], /slowest:N/],
      [['--region', 'eu-west-1', '--from', '-1h', '--out', 'x.json.gz', '--cloudtrail', 'some'], /changes, all or none/],
      [['--region', 'eu-west-1', '--from', '-1h'], /Missing --out/],
    ];
    for (const [args, message] of cases) {
      const console = recordedIo(SCALE);
      expect(await runCaptureCommand(args, console)).toBe(2);
      expect(console.err.join('')).toMatch(message);
    }
    expect(emulator.calls.length).toBe(calls);
  });

  it('names the missing permission when access is denied (exit 3, the rest is captured)', async () => {
    const denied: [service: 'xray' | 'cloudtrail' | 'cloudwatch', operation: string][] = [
      ['xray', 'GetTraceSummaries'],
      ['xray', 'BatchGetTraces'],
      ['xray', 'GetServiceGraph'],
      ['cloudtrail', 'LookupEvents'],
      ['cloudwatch', 'ListMetrics'],
      ['cloudwatch', 'GetMetricData'],
    ];
    for (const [service, operation] of denied) {
      emulator.addFault({ kind: 'accessDenied', service, operation, times: Number.POSITIVE_INFINITY });
      try {
        const console = recordedIo(SCALE);
        const code = await runCaptureCommand(['--region', dataset.region, '--from', from, '--to', to, '--out', join(folder, `denied-${operation}.json.gz`), '--endpoint-url', emulator.url], console);
        expect(code, operation).toBe(3);
        expect(console.err.join('')).toMatch(new RegExp(`missing: .*Access denied: the credentials may not call ${service}:${operation} in eu-west-1\\. Grant ${service}:${operation} to this identity`));
        expect(console.err.join('')).toContain('Run the same command with --resume');
        const content = await readSnapshotFile(join(folder, `denied-${operation}.json.gz`));
        expect(content.header.gaps.some((g) => g.kind === 'failed' && g.detail.includes(`Grant ${service}:${operation}`))).toBe(true);
        if (operation !== 'GetTraceSummaries') expect(content.records.filter((r) => r.kind === 'xray.summary')).toHaveLength(60);
      } finally {
        emulator.clearFaults();
      }
    }
  });

  it('fetches X-Ray time-series statistics when asked (--time-series), as xray.timeSeries records the snapshot reader accepts', async () => {
    const file = join(folder, 'series.json.gz');
    const calls = emulator.calls.length;
    const console = recordedIo(SCALE);
    const selector = 'service("orders-api/prod")';
    const code = await runCaptureCommand(['--region', dataset.region, '--from', from, '--to', to, '--out', file, '--endpoint-url', emulator.url, '--time-series', '--time-series-selector', selector], console);
    expect(code).toBe(0);
    expect(console.out[0]).toMatch(/, 1 time-series windows; /);
    const content = await readSnapshotFile(file);
    expect(compareSnapshot(content, dataset, { ...checked, timeSeries: true })).toEqual([]);
    const series = content.records.filter((r) => r.kind === 'xray.timeSeries');
    expect(series).toHaveLength(1);
    expect(series[0]?.doc).toMatchObject({ Period: 60, EntitySelectorExpression: selector, StartTime: start, EndTime: start + 3600 });
    expect(content.header.provenance.queries).toContainEqual({ api: 'xray.GetTimeSeriesServiceStatistics', region: dataset.region, Period: 60, EntitySelectorExpression: selector });
    const used = emulator.calls.slice(calls);
    expect(used.filter((c) => c.operation === 'GetTimeSeriesServiceStatistics')).toHaveLength(1);
    expect(used.length).toBe(sumCalls(minimumCalls(dataset, { ...checked, timeSeries: true })));
    // Without the option, none: the default capture does not ask for them.
    const plain = await readSnapshotFile(join(folder, 'cli.json.gz'));
    expect(plain.records.some((r) => r.kind === 'xray.timeSeries')).toBe(false);
  });

  it('is cancelled with exit 130 and continues with --resume', async () => {
    const file = join(folder, 'resume.json.gz');
    const controller = new AbortController();
    const first = recordedIo(SCALE, {}, { signal: controller.signal });
    let seen = 0;
    const code = await runCaptureCommand(['--region', dataset.region, '--from', from, '--to', to, '--out', file, '--endpoint-url', emulator.url, '--no-metrics'], {
      ...first,
      stderr: {
        write: (t: string) => {
          first.err.push(t);
          if (++seen === 3) controller.abort();
        },
      },
    });
    expect(code).toBe(130);
    expect(first.err.join('')).toContain('--resume');
    const mismatch = recordedIo(SCALE);
    expect(await runCaptureCommand(['--out', file, '--resume', '--cloudtrail', 'all'], mismatch)).toBe(2);
    expect(mismatch.err.join('')).toContain('--cloudtrail changes');
    const second = recordedIo(SCALE);
    expect(await runCaptureCommand(['--out', file, '--resume', '--endpoint-url', emulator.url], second)).toBe(0);
    expect(second.out[0]).toContain('(resumed)');
    expect(compareSnapshot(await readSnapshotFile(file), dataset, { ...checked, metrics: false })).toEqual([]);
  });
});

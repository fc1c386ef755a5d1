import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIncident } from '../../shared/generator/index.ts';
import type { SnapshotContent } from '../../shared/model/index.ts';
import { runCapture, type CaptureOptions } from '../../electron/capture/run-capture.ts';
import { readSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { compareSnapshot, minimumCalls, sumCalls, type CheckedRequest } from '../emulator/capture-check.ts';
import type { EmulatorDataset } from '../emulator/dataset.ts';
import { startAwsEmulator } from '../emulator/server.ts';
import { makeTestDataset } from '../emulator/test-dataset.ts';

const SCALE = 0.02;
const CREDENTIALS = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'not-a-secret' };
let folder: string;

/** A whole minute `hours` ago, so CloudWatch's one-minute data would still be kept for it. */
function recentStart(hours: number): number {
  return Math.floor(Date.now() / 60_000) * 60 - hours * 3600;
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'capture-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function options(url: string, out: string, dataset: EmulatorDataset, extra: Partial<CaptureOptions> = {}): CaptureOptions {
  const from = Number(dataset.window.start) * 1000;
  const to = Number(dataset.window.end) * 1000;
  return {
    out,
    endpointUrl: url,
    credentials: CREDENTIALS,
    timeScale: SCALE,
    durableJournal: false,
    request: { region: dataset.region, from, to, traces: { mode: 'all' }, cloudtrail: 'changes', metrics: true },
    ...extra,
  };
}

function checked(dataset: EmulatorDataset): CheckedRequest {
  return { region: dataset.region, from: Number(dataset.window.start) * 1000, to: Number(dataset.window.end) * 1000, cloudtrail: 'changes', metrics: true };
}

describe('capture against the emulator', () => {
  it('captures a generated incident completely, once each, with the minimum number of calls', async () => {
    const dataset = generateIncident({ start: recentStart(2), minutes: 60, tracesPerMinute: 12, changeMinute: 30 }) as EmulatorDataset;
    const emulator = await startAwsEmulator(dataset, { rateWindowMs: 1000 * SCALE });
    try {
      const out = join(folder, 'generated.json.gz');
      const progress: number[] = [];
      const summary = await runCapture(options(emulator.url, out, dataset), { onProgress: (p) => progress.push(p.done) });
      const content: SnapshotContent = await readSnapshotFile(out);
      expect(compareSnapshot(content, dataset, checked(dataset))).toEqual([]);
      expect(summary.complete).toBe(true);
      expect(content.header.gaps).toEqual([]);
      const minimum = minimumCalls(dataset, checked(dataset));
      const ratio = summary.calls / sumCalls(minimum);
      console.log(`generated incident: ${summary.calls} calls, minimum ${sumCalls(minimum)} (${JSON.stringify(minimum)}), ratio ${ratio.toFixed(3)}`);
      expect(summary.calls).toBe(emulator.calls.length);
      expect(ratio).toBeLessThanOrEqual(1.05);
      expect(ratio).toBeGreaterThanOrEqual(1);
      expect(existsSync(`${out}.capture.ndjson`)).toBe(false);
      expect(progress.length).toBeGreaterThan(0);
    } finally {
      await emulator.close();
    }
  });

  it('pages summaries, traces, events and metrics past every limit without losing or doubling anything', async () => {
    const dataset = makeTestDataset({ start: recentStart(3), minutes: 90, traces: 1234, events: 420, iamEvents: 57 });
    const limits = { summariesPageSize: 100, servicesPerGraphPage: 2, metricDatapointsPerPage: 700, listMetricsPageSize: 7, rateWindowMs: 1000 * SCALE };
    const emulator = await startAwsEmulator(dataset, limits);
    try {
      const out = join(folder, 'paged.json.gz');
      const summary = await runCapture(options(emulator.url, out, dataset), {});
      const content = await readSnapshotFile(out);
      expect(compareSnapshot(content, dataset, checked(dataset))).toEqual([]);
      const minimum = minimumCalls(dataset, checked(dataset), limits, 1);
      const ratio = summary.calls / sumCalls(minimum);
      console.log(`paged dataset: ${summary.calls} calls ${JSON.stringify(summary.callsByOperation)}, minimum ${sumCalls(minimum)} ${JSON.stringify(minimum)}, ratio ${ratio.toFixed(3)}`);
      expect(ratio).toBeLessThanOrEqual(1.05);
      expect(emulator.calls.filter((c) => c.status !== 200)).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});

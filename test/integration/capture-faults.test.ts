import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapture, type CaptureOptions } from '../../electron/capture/run-capture.ts';
import { readSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { compareSnapshot, minimumCalls, sumCalls, type CheckedRequest } from '../emulator/capture-check.ts';
import type { EmulatorDataset } from '../emulator/dataset.ts';
import type { EmulatorLimits } from '../emulator/limits.ts';
import type { AwsEmulator } from '../emulator/server.ts';
import { emulatorCaptureOptions, withAwsEmulator } from './capture-io.ts';
import { makeTestDataset } from '../emulator/test-dataset.ts';

const SCALE = 0.02;
let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'capture-faults-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const start = Math.floor(Date.now() / 60_000) * 60 - 3 * 3600;
const dataset = makeTestDataset({ start, minutes: 120, traces: 400, events: 260, iamEvents: 30, seed: 11 });
const checked: CheckedRequest = { region: dataset.region, from: start * 1000, to: (start + 7200) * 1000, cloudtrail: 'changes', metrics: true };

const options = (emulator: AwsEmulator, name: string, extra: Partial<CaptureOptions> = {}): CaptureOptions => emulatorCaptureOptions(emulator, join(folder, name), checked, SCALE, 2000, extra);
const withEmulator = (limits: Partial<EmulatorLimits>, run: (emulator: AwsEmulator) => Promise<void>, data: EmulatorDataset = dataset): Promise<void> => withAwsEmulator(data, SCALE, limits, run);

const answered = (emulator: AwsEmulator): number => emulator.calls.filter((c) => c.status === 200 && c.fault !== 'slow').length;

describe('capture with faults', () => {
  it('rides out throttling bursts, 500s, dropped connections and a slow answer: nothing lost, nothing doubled', async () => {
    await withEmulator({}, async (emulator) => {
      emulator.addFault({ kind: 'throttle', service: 'xray', operation: 'BatchGetTraces', fromCall: 5, times: 4 });
      emulator.addFault({ kind: 'throttle', service: 'cloudtrail', fromCall: 2, times: 3 });
      emulator.addFault({ kind: 'serverError', service: 'xray', operation: 'GetTraceSummaries', fromCall: 2, times: 2 });
      emulator.addFault({ kind: 'serverError', service: 'cloudwatch', operation: 'GetMetricData', times: 1 });
      emulator.addFault({ kind: 'reset', service: 'xray', operation: 'BatchGetTraces', fromCall: 30, times: 2 });
      emulator.addFault({ kind: 'reset', service: 'cloudtrail', fromCall: 4, times: 1 });
      // The slow answer never comes: the emulator holds it until the capture gives up on it (its
      // request timeout), however long the other answers take on a busy machine. The timeout is
      // generous so that no real answer ever reaches it.
      emulator.addFault({ kind: 'slow', service: 'xray', operation: 'BatchGetTraces', fromCall: 50, times: 1 });
      const summary = await runCapture(options(emulator, 'faults.json.gz', { requestTimeoutMs: 5000 }));
      const content = await readSnapshotFile(summary.out);
      expect(compareSnapshot(content, dataset, checked)).toEqual([]);
      expect(summary.complete).toBe(true);
      const minimum = sumCalls(minimumCalls(dataset, checked));
      const injected = emulator.faultsInjected() + 1; // the slow answer timed out and was asked again
      const ratio = (summary.calls - injected) / minimum;
      console.log(`faults: ${summary.calls} calls, ${injected} answered with faults, minimum ${minimum}; ratio without the fault retries ${ratio.toFixed(3)}, with them ${(summary.calls / minimum).toFixed(3)}`);
      // The held answer is logged once the capture has closed its connection: wait until the
      // emulator has nothing in flight.
      await emulator.idle();
      expect(summary.calls).toBe(emulator.calls.length);
      expect(emulator.calls.filter((c) => c.fault === 'slow')).toHaveLength(1);
      expect(ratio).toBeLessThanOrEqual(1.05);
      expect(summary.throttles).toBe(7);
      expect(answered(emulator)).toBe(minimum);
    });
  });

  it('stops on expired credentials with a valid snapshot that lists what is missing, and resumes without fetching anything twice', async () => {
    await withEmulator({}, async (emulator) => {
      emulator.addFault({ kind: 'expiredToken', service: 'xray', operation: 'BatchGetTraces', fromCall: 20, times: Number.POSITIVE_INFINITY });
      const first = await runCapture(options(emulator, 'expired.json.gz'));
      expect(first.stoppedBecause).toBe('expiredCredentials');
      expect(first.complete).toBe(false);
      expect(first.message).toMatch(/expired.*--resume/);
      const partial = await readSnapshotFile(first.out);
      const missing = partial.header.gaps.filter((g) => g.kind === 'failed');
      expect(missing.some((g) => g.what === 'xray.BatchGetTraces' && (g.ids?.length ?? 0) > 0)).toBe(true);
      expect(partial.records.filter((r) => r.kind === 'xray.segment').length).toBe(first.counts.segments);
      expect(existsSync(`${first.out}.capture.ndjson`)).toBe(true);

      emulator.clearFaults();
      const second = await runCapture({ ...options(emulator, 'expired.json.gz'), request: undefined, resume: true });
      expect(second.complete).toBe(true);
      expect(second.resumed).toBe(true);
      const content = await readSnapshotFile(second.out);
      expect(compareSnapshot(content, dataset, checked)).toEqual([]);
      expect(content.header.gaps).toEqual([]);
      expect(answered(emulator)).toBe(sumCalls(minimumCalls(dataset, checked)));
    });
  });

  it('stops when the network is lost with a valid snapshot that lists what is missing, and resumes without fetching anything twice', async () => {
    await withEmulator({}, async (emulator) => {
      // From the 25th call on, every connection is dropped: the retries run out and the capture stops.
      emulator.addFault({ kind: 'reset', fromCall: 25, times: Number.POSITIVE_INFINITY });
      const first = await runCapture(options(emulator, 'network.json.gz'));
      expect(first.stoppedBecause).toBe('failed');
      expect(first.message).toMatch(/^Cannot reach AWS \(ECONNRESET, on every retry\): .* --resume\.$/);
      const partial = await readSnapshotFile(first.out);
      expect(partial.header.gaps.length).toBeGreaterThan(0);
      expect(partial.header.gaps.every((g) => g.kind === 'failed' && /Cannot reach AWS|Not fetched/.test(g.detail))).toBe(true);
      expect(compareSnapshot(partial, dataset, checked).filter((p) => /doubled|differs/.test(p))).toEqual([]);
      // Each part gave up after its retries; the capture did not go on calling into a dead network.
      const resets = emulator.calls.filter((c) => c.fault === 'reset').length;
      expect(resets).toBeLessThanOrEqual(8 * 4);

      emulator.clearFaults();
      const second = await runCapture({ ...options(emulator, 'network.json.gz'), request: undefined, resume: true });
      expect(second.complete).toBe(true);
      expect(compareSnapshot(await readSnapshotFile(second.out), dataset, checked)).toEqual([]);
      expect(answered(emulator)).toBe(sumCalls(minimumCalls(dataset, checked)));
    });
  });

  it('cancels at any moment with a valid snapshot, and resumes to the same result', async () => {
    await withEmulator({}, async (emulator) => {
      const controller = new AbortController();
      let seen = 0;
      const first = await runCapture(options(emulator, 'cancel.json.gz'), {
        signal: controller.signal,
        onProgress: () => {
          if (++seen === 40) controller.abort();
        },
      });
      expect(first.stoppedBecause).toBe('cancelled');
      const partial = await readSnapshotFile(first.out);
      expect(partial.header.gaps.length).toBeGreaterThan(0);
      expect(partial.header.gaps.every((g) => g.kind === 'notFetched')).toBe(true);
      const second = await runCapture({ ...options(emulator, 'cancel.json.gz'), request: undefined, resume: true });
      expect(second.complete).toBe(true);
      expect(compareSnapshot(await readSnapshotFile(second.out), dataset, checked)).toEqual([]);
      expect(answered(emulator)).toBe(sumCalls(minimumCalls(dataset, checked)));
    });
  });

  it('splits a summaries window X-Ray calls too wide, and remembers the width that worked', async () => {
    await withEmulator({ maxSummariesWindowSeconds: 1800 }, async (emulator) => {
      const summary = await runCapture(options(emulator, 'wide.json.gz'));
      expect(compareSnapshot(await readSnapshotFile(summary.out), dataset, checked)).toEqual([]);
      const refused = emulator.calls.filter((c) => c.operation === 'GetTraceSummaries' && c.status === 400);
      // 2 h → 1 h → 30 min: two refusals, then every window is fetched at the width that worked.
      expect(refused.length).toBe(2);
      const minimum = minimumCalls(dataset, checked, { maxSummariesWindowSeconds: 1800 });
      expect(answered(emulator)).toBe(sumCalls(minimum));
    });
  });

  it('asks again for trace ids X-Ray left unprocessed', async () => {
    await withEmulator({}, async (emulator) => {
      emulator.addFault({ kind: 'unprocessed', service: 'xray', operation: 'BatchGetTraces', fromCall: 3, times: 3 });
      const summary = await runCapture(options(emulator, 'unprocessed.json.gz'));
      expect(summary.complete).toBe(true);
      expect(compareSnapshot(await readSnapshotFile(summary.out), dataset, checked)).toEqual([]);
      expect(summary.callsByOperation.BatchGetTraces).toBe(Math.ceil(400 / 5) + 3);
    });
  });

  it('keeps going when one API is denied, and names the missing permission', async () => {
    await withEmulator({}, async (emulator) => {
      emulator.addFault({ kind: 'accessDenied', service: 'cloudtrail', times: Number.POSITIVE_INFINITY });
      const summary = await runCapture(options(emulator, 'denied.json.gz'));
      expect(summary.complete).toBe(false);
      const content = await readSnapshotFile(summary.out);
      const denied = content.header.gaps.filter((g) => g.what.startsWith('cloudtrail.LookupEvents'));
      expect(denied.map((g) => g.kind)).toEqual(['failed', 'failed']);
      expect(denied[0]?.detail).toContain('cloudtrail:LookupEvents');
      expect(compareSnapshot(content, dataset, { ...checked, cloudtrail: 'none' })).toEqual([]);
    });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapture } from '../../electron/capture/run-capture.ts';
import { readSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { compareSnapshot, type CheckedRequest } from '../emulator/capture-check.ts';
import { startAwsEmulator, type AwsEmulator } from '../emulator/server.ts';
import { makeTestDataset } from '../emulator/test-dataset.ts';

// Real time: pacing at timeScale 1 and the emulator's 2-per-second limit over real seconds.
// Few traces and enough events for several LookupEvents pages per Region keep it to a few seconds.
const start = Math.floor(Date.now() / 60_000) * 60 - 2 * 3600;
const dataset = makeTestDataset({ start, minutes: 60, traces: 12, events: 330, iamEvents: 110, seed: 61 });
const checked: CheckedRequest = { region: dataset.region, from: start * 1000, to: (start + 3600) * 1000, cloudtrail: 'changes', metrics: false };
let folder: string;
let emulator: AwsEmulator;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'capture-rate-'));
  emulator = await startAwsEmulator(dataset, { rateWindowMs: 1000 });
});
afterAll(async () => {
  await emulator.close();
  rmSync(folder, { recursive: true, force: true });
});

/** The most arrivals in any window of `windowMs` (sliding, starting at each arrival). */
function busiest(times: readonly number[], windowMs: number): number {
  let most = 0;
  let left = 0;
  for (let right = 0; right < times.length; right++) {
    while ((times[right] as number) - (times[left] as number) >= windowMs) left++;
    most = Math.max(most, right - left + 1);
  }
  return most;
}

describe('capture pacing at real speed', () => {
  it('never sends AWS more than 2 LookupEvents calls in any second per Region', async () => {
    const summary = await runCapture({
      out: join(folder, 'rate.json.gz'),
      endpointUrl: emulator.url,
      credentials: { accessKeyId: 'AKIDRATE', secretAccessKey: 'x' },
      durableJournal: false,
      request: { region: dataset.region, from: checked.from, to: checked.to, traces: { mode: 'all' }, cloudtrail: 'changes', metrics: false },
    });
    expect(summary.complete).toBe(true);
    expect(compareSnapshot(await readSnapshotFile(summary.out), dataset, checked)).toEqual([]);
    const lookups = emulator.calls.filter((c) => c.operation === 'LookupEvents');
    // The emulator throttles anything over 2 per second per key and Region: it never had to.
    expect(lookups.filter((c) => c.status !== 200)).toEqual([]);
    const report: string[] = [];
    for (const region of [dataset.region, 'us-east-1']) {
      const times = lookups.filter((c) => c.region === region).map((c) => c.at).sort((a, b) => a - b);
      expect(times.length, region).toBeGreaterThanOrEqual(3);
      const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
      const thirds = times.slice(2).map((t, i) => t - (times[i] as number));
      report.push(`${region}: ${times.length} calls, at most ${busiest(times, 1000)} in any second, neighbours at least ${Math.min(...gaps).toFixed(0)} ms apart, every third call at least ${Math.min(...thirds).toFixed(0)} ms after the first`);
      expect(busiest(times, 1000), region).toBeLessThanOrEqual(2);
    }
    console.log(`LookupEvents at real pacing: ${report.join('; ')}`);
  });
});

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaptureCommand } from '../../electron/cli/capture-command.ts';
import type { CaptureProgress } from '../../electron/capture/progress.ts';
import { runCapture, type CaptureOptions } from '../../electron/capture/run-capture.ts';
import { readSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { compareSnapshot, minimumCalls, sumCalls, type CheckedRequest } from '../emulator/capture-check.ts';
import { startAwsEmulator, type AwsEmulator } from '../emulator/server.ts';
import { makeTestDataset } from '../emulator/test-dataset.ts';

const SCALE = 0.02;
const start = Math.floor(Date.now() / 60_000) * 60 - 2 * 3600;
const dataset = makeTestDataset({ start, minutes: 60, traces: 90, events: 160, iamEvents: 8, seed: 51 });
// Time series asked too, so that every kind of work is cut by the cancels below.
const checked: CheckedRequest = { region: dataset.region, from: start * 1000, to: (start + 3600) * 1000, cloudtrail: 'changes', metrics: true, timeSeries: true };
const MINIMUM = sumCalls(minimumCalls(dataset, checked));
let folder: string;
let emulator: AwsEmulator;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'capture-progress-'));
  emulator = await startAwsEmulator(dataset, { rateWindowMs: 1000 * SCALE });
});
afterAll(async () => {
  await emulator.close();
  rmSync(folder, { recursive: true, force: true });
});

function options(name: string, extra: Partial<CaptureOptions> = {}): CaptureOptions {
  return {
    out: join(folder, name),
    endpointUrl: emulator.url,
    credentials: { accessKeyId: 'AKIDPROGRESS', secretAccessKey: 'not-a-secret' },
    timeScale: SCALE,
    durableJournal: false,
    request: { region: dataset.region, from: checked.from, to: checked.to, traces: { mode: 'all' }, cloudtrail: 'changes', metrics: true, timeSeries: {} },
    ...extra,
  };
}

const answered = (): number => emulator.calls.filter((c) => c.status === 200).length;
const PHASES = new Set(['plan', 'summaries', 'traces', 'serviceGraph', 'cloudtrail', 'metrics', 'write', 'done']);

describe('capture progress', () => {
  it('plans and shows the estimate before the first call, on the command line too', async () => {
    const calls = emulator.calls.length;
    const lines: { text: string; callsSoFar: number }[] = [];
    const code = await runCaptureCommand(
      ['--region', dataset.region, '--from', new Date(checked.from).toISOString(), '--to', new Date(checked.to).toISOString(), '--out', join(folder, 'cli.json.gz'), '--endpoint-url', emulator.url, '--time-series'],
      {
        stdout: { write: () => undefined },
        stderr: { write: (text: string) => lines.push({ text, callsSoFar: emulator.calls.length - calls }), isTTY: false },
        captureOptions: { timeScale: SCALE, durableJournal: false, credentials: { accessKeyId: 'AKIDPROGRESS', secretAccessKey: 'x' } },
        signal: new AbortController().signal,
      },
    );
    expect(code).toBe(0);
    const plan = lines.find((l) => l.text.startsWith('Plan:'));
    expect(plan?.text).toMatch(/^Plan: at least \d+ more calls, paced per API \(CloudTrail 2\/s per Region\), about \d+ s\.\n$/);
    expect(plan?.callsSoFar).toBe(0);
    expect(lines.indexOf(plan as (typeof lines)[number])).toBe(0);
    // Then a progress line per phase on a non-terminal stderr.
    expect(lines.some((l) => /^\[#*\.*\] +\d+% traces · \d+\/\d+ pages · \d+ calls/.test(l.text))).toBe(true);
  });

  it('reports {phase, done, total, calls, throttles, etaSeconds} as it goes, throttles counted, ending at the total', async () => {
    emulator.addFault({ kind: 'throttle', service: 'xray', operation: 'BatchGetTraces', fromCall: 3, times: 3 });
    emulator.addFault({ kind: 'throttle', service: 'cloudtrail', fromCall: 2, times: 2 });
    const events: { progress: CaptureProgress; callsSoFar: number }[] = [];
    const calls = emulator.calls.length;
    let summary;
    try {
      summary = await runCapture(options('shape.json.gz'), { onProgress: (progress) => events.push({ progress, callsSoFar: emulator.calls.length - calls }) });
    } finally {
      emulator.clearFaults();
    }
    const progress = events.map((e) => e.progress);
    const first = events[0];
    expect(first?.progress.phase).toBe('plan');
    expect(first?.callsSoFar).toBe(0);
    expect(first?.progress.calls).toBe(0);
    expect(first?.progress.total).toBeGreaterThan(0);
    expect(first?.progress.etaSeconds).toEqual(expect.any(Number));
    for (const p of progress) {
      expect(Object.keys(p).sort()).toEqual(expect.arrayContaining(['calls', 'done', 'etaSeconds', 'fetched', 'phase', 'throttles', 'total']));
      expect(PHASES.has(p.phase)).toBe(true);
      expect(p.done).toBeLessThanOrEqual(p.total);
      if (p.etaSeconds !== undefined) expect(p.etaSeconds).toBeGreaterThanOrEqual(0);
    }
    for (let i = 1; i < progress.length; i++) {
      const [a, b] = [progress[i - 1], progress[i]] as [CaptureProgress, CaptureProgress];
      expect(b.done).toBeGreaterThanOrEqual(a.done);
      expect(b.calls).toBeGreaterThanOrEqual(a.calls);
      expect(b.throttles).toBeGreaterThanOrEqual(a.throttles);
      expect(b.fetched.segments).toBeGreaterThanOrEqual(a.fetched.segments);
    }
    const last = progress.at(-1) as CaptureProgress;
    expect(last.phase).toBe('done');
    expect(summary.complete).toBe(true);
    expect([last.done, last.total]).toEqual([MINIMUM, MINIMUM]);
    expect(last.throttles).toBe(5);
    expect(last.calls).toBe(MINIMUM + 5);
    expect(last.etaSeconds).toBe(0);
    expect(last.fetched).toEqual({ summaries: 90, traces: 90, segments: 360, events: expect.any(Number), metricSeries: summary.counts.metricSeries });
    expect(new Set(progress.map((p) => p.phase))).toEqual(PHASES);
  });

  it('can be cancelled at any moment: each stop leaves a valid snapshot of what it holds, and --resume finishes without asking anything twice', async () => {
    const cuts: (number | 'before' | 'write')[] = ['before', 1, 2, 4, 8, 15, 25, 'write'];
    const ratios: string[] = [];
    for (const cut of cuts) {
      const name = `cut-${cut}.json.gz`;
      const before = answered();
      const controller = new AbortController();
      if (cut === 'before') controller.abort();
      let seen = 0;
      const first = await runCapture(options(name), {
        signal: controller.signal,
        onProgress: (p) => {
          seen += 1;
          if (seen === cut || (cut === 'write' && p.phase === 'write')) controller.abort();
        },
      });
      const partial = await readSnapshotFile(first.out);
      if (cut === 'write') {
        // Too late to stop anything: the capture is complete and says so.
        expect(first.complete).toBe(true);
        expect(existsSync(`${first.out}.capture.ndjson`)).toBe(false);
        expect(compareSnapshot(partial, dataset, checked)).toEqual([]);
        continue;
      }
      expect(first.stoppedBecause, String(cut)).toBe('cancelled');
      expect(partial.header.gaps.length).toBeGreaterThan(0);
      expect(partial.header.gaps.every((g) => g.kind === 'notFetched')).toBe(true);
      // What it holds is right; what it lacks is listed: nothing doubled, nothing changed.
      expect(compareSnapshot(partial, dataset, checked).filter((p) => /doubled|differs/.test(p))).toEqual([]);
      const second = await runCapture({ ...options(name), request: undefined, resume: true });
      expect(second.complete, String(cut)).toBe(true);
      expect(compareSnapshot(await readSnapshotFile(second.out), dataset, checked)).toEqual([]);
      const used = answered() - before;
      ratios.push(`${cut}: ${used}/${MINIMUM}`);
      expect(used, `answers used when cancelled at ${cut}`).toBe(MINIMUM);
    }
    console.log(`cancel + resume, answered calls against the minimum: ${ratios.join(', ')}`);
  });
});

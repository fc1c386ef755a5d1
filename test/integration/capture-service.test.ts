import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureRequest as AppRequest } from '../../shared/contract/host/index.ts';
import { createCaptureService, type CaptureServiceOptions } from '../../electron/capture/capture-service.ts';
import { runServeCommand } from '../../electron/cli/serve-command.ts';
import { readSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { compareSnapshot, minimumCalls, sumCalls, type CheckedRequest } from '../emulator/capture-check.ts';
import { startTestHost, type TestHost } from '../emulator/host-client.ts';
import { startAwsEmulator, type AwsEmulator } from '../emulator/server.ts';
import { makeTestDataset } from '../emulator/test-dataset.ts';

const start = Math.floor(Date.now() / 60_000) * 60 - 2 * 3600;
const dataset = makeTestDataset({ start, minutes: 60, traces: 200, events: 150, iamEvents: 12, seed: 21 });
const window = { start: new Date(start * 1000).toISOString(), end: new Date((start + 3600) * 1000).toISOString() };
const checked: CheckedRequest = { region: dataset.region, from: start * 1000, to: (start + 3600) * 1000, cloudtrail: 'changes', metrics: true };
const CREDENTIALS = { accessKeyId: 'AKIDSERVICETEST', secretAccessKey: 'service-test-secret' };

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'capture-service-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function withHost(emulator: AwsEmulator, scale: number, run: (host: TestHost) => Promise<void>, extra: Partial<CaptureServiceOptions> = {}): Promise<void> {
  const service = createCaptureService({
    outputDir: join(folder, 'captures'),
    captureOptions: { endpointUrl: emulator.url, credentials: CREDENTIALS, timeScale: scale, durableJournal: false },
    ...extra,
  });
  const host = await startTestHost(service);
  try {
    await run(host);
  } finally {
    await host.close();
    await rm(host.folder, { recursive: true, force: true });
  }
}

function request(outputPath: string, extra: Partial<AppRequest> = {}): AppRequest {
  return { regions: [dataset.region], window, cloudTrail: { includeReadOnly: false }, apiGatewayMetrics: { detailed: true }, outputPath, ...extra };
}

const answered = (emulator: AwsEmulator): number => emulator.calls.filter((c) => c.status === 200).length;

describe('capture from the app, over the local web host', () => {
  it('runs a capture from startCapture, streams its progress to the page, and writes the snapshot', async () => {
    const emulator = await startAwsEmulator(dataset, { rateWindowMs: 20 });
    try {
      await withHost(emulator, 0.02, async (host) => {
        const info = await host.call('getAppInfo', {});
        expect(info.ok && info.value.canCapture).toBe(true);
        const out = join(folder, 'app.json.gz');
        const started = await host.call('startCapture', request(out));
        expect(started.ok).toBe(true);
        const captureId = String(started.ok && started.value.captureId);
        const events = await host.finished(captureId);
        const phases = events.map((e) => e.phase);
        // The estimate comes first, before any answer; the last event says done, with the file.
        expect(phases[0]).toBe('estimating');
        expect(events[0]?.total).toBeGreaterThan(0);
        expect(events[0]?.message).toMatch(/^Plan: at least \d+ more calls/);
        // Calls, throttles and time left travel as fields for the UI, not only inside the message.
        const running = events.filter((e) => e.phase !== 'estimating' && e.phase !== 'done');
        expect(running.every((e) => typeof e.throttles === 'number' && e.counts.requests >= 0)).toBe(true);
        expect(running.some((e) => typeof e.etaSeconds === 'number')).toBe(true);
        expect(new Set(phases)).toEqual(new Set(['estimating', 'summaries', 'traces', 'serviceGraph', 'events', 'metrics', 'writing', 'done']));
        expect(phases.at(-1)).toBe('done');
        for (let i = 1; i < events.length; i++) {
          const [before, after] = [events[i - 1], events[i]] as [(typeof events)[number], (typeof events)[number]];
          expect(after.done).toBeGreaterThanOrEqual(before.done);
          expect(after.counts.requests).toBeGreaterThanOrEqual(before.counts.requests);
          expect(after.counts.segments).toBeGreaterThanOrEqual(before.counts.segments);
        }
        const last = events.at(-1);
        expect(last?.outputPath).toBe(out);
        expect(last?.counts).toEqual({ traces: 200, segments: 800, events: expect.any(Number), metricResults: expect.any(Number), requests: answered(emulator) });
        expect(compareSnapshot(await readSnapshotFile(out), dataset, checked)).toEqual([]);
        expect(answered(emulator)).toBe(sumCalls(minimumCalls(dataset, checked)));
      });
    } finally {
      await emulator.close();
    }
  });

  it('cancels from cancelCapture with a valid partial snapshot that lists the gaps, and continues when started again', async () => {
    const emulator = await startAwsEmulator(dataset, { rateWindowMs: 100 });
    try {
      const out = join(folder, 'cancelled.json.gz');
      await withHost(emulator, 0.1, async (host) => {
        const started = await host.call('startCapture', request(out));
        const captureId = String(started.ok && started.value.captureId);
        await host.waitFor((e) => e.captureId === captureId && e.phase === 'traces');
        expect(await host.call('cancelCapture', { captureId })).toEqual({ ok: true, value: { cancelled: true } });
        const events = await host.finished(captureId);
        const last = events.at(-1);
        expect(last?.phase).toBe('cancelled');
        expect(last?.message).toMatch(/start the same capture into the same file/);
        expect(await host.call('cancelCapture', { captureId })).toEqual({ ok: true, value: { cancelled: false } });
        const partial = await readSnapshotFile(out);
        expect(partial.header.gaps.length).toBeGreaterThan(0);
        expect(partial.header.gaps.every((g) => g.kind === 'notFetched')).toBe(true);
        expect(partial.header.gaps.some((g) => g.what === 'xray.BatchGetTraces' && (g.ids?.length ?? 0) > 0)).toBe(true);
        // What it holds is right: only "lost" differences (the gaps), nothing doubled or changed.
        const problems = compareSnapshot(partial, dataset, checked);
        expect(problems.length).toBeGreaterThan(0);
        expect(problems.filter((p) => !/ lost$|^summaries: \d+ in snapshot|^service graph: 0 services/.test(p))).toEqual([]);

        // Started again into the same file, the capture continues where it stopped.
        const again = await host.call('startCapture', request(out));
        const againId = String(again.ok && again.value.captureId);
        const resumed = await host.finished(againId);
        expect(resumed[0]?.message).toMatch(/^Resuming: \d+ calls already answered/);
        expect(resumed.at(-1)?.phase).toBe('done');
      });
      expect(compareSnapshot(await readSnapshotFile(out), dataset, checked)).toEqual([]);
      // Only answers already in flight at the cancel may have been asked for twice; the grace period keeps them.
      expect(answered(emulator)).toBe(sumCalls(minimumCalls(dataset, checked)));
    } finally {
      await emulator.close();
    }
  });

  it('refuses what it cannot do with a clear error, and reports a failed capture as an event', async () => {
    const emulator = await startAwsEmulator(dataset, { rateWindowMs: 100 });
    try {
      await withHost(emulator, 0.1, async (host) => {
        const refused = async (body: AppRequest): Promise<string> => {
          const answer = await host.call('startCapture', body);
          expect(answer.ok).toBe(false);
          return answer.ok ? '' : answer.error.message;
        };
        expect(await refused(request(join(folder, 'r1.json.gz'), { regions: ['eu-west-1', 'us-east-1'] }))).toMatch(/One Region per capture/);
        expect(await refused(request(join(folder, 'r2.json.gz'), { window: { start: window.end, end: window.start } }))).toMatch(/The window is empty/);
        expect(await refused(request(join(folder, 'r3.json.gz'), { regions: ['moon-base'] }))).toMatch(/Unknown region 'moon-base'/);
        const existing = join(folder, 'someone-elses.json.gz');
        await writeFile(existing, 'not ours');
        expect(await refused(request(existing))).toMatch(/already exists/);
        const bad = await host.call('startCapture', { regions: [], window });
        expect(!bad.ok && bad.error.kind).toBe('invalidInput');

        const first = await host.call('startCapture', request(join(folder, 'busy.json.gz')));
        expect(first.ok).toBe(true);
        expect(await refused(request(join(folder, 'second.json.gz')))).toMatch(/already running/);
        const firstId = String(first.ok && first.value.captureId);
        await host.call('cancelCapture', { captureId: firstId });
        await host.finished(firstId);

        emulator.addFault({ kind: 'accessDenied', service: 'xray', operation: 'BatchGetTraces', times: Number.POSITIVE_INFINITY });
        const denied = await host.call('startCapture', request(join(folder, 'denied.json.gz')));
        const events = await host.finished(String(denied.ok && denied.value.captureId));
        const last = events.at(-1);
        expect(last?.phase).toBe('failed');
        expect(last?.message).toMatch(/Grant xray:BatchGetTraces/);
        expect(last?.error?.kind).toBe('auth');
        expect(existsSync(join(folder, 'denied.json.gz'))).toBe(true);
        emulator.clearFaults();
      });
    } finally {
      await emulator.close();
    }
  });

  it('stops a running capture when the host closes, writing its partial snapshot and sending the last event', async () => {
    const emulator = await startAwsEmulator(dataset, { rateWindowMs: 100 });
    try {
      const out = join(folder, 'closing.json.gz');
      await withHost(emulator, 0.1, async (host) => {
        const started = await host.call('startCapture', request(out));
        const captureId = String(started.ok && started.value.captureId);
        await host.waitFor((e) => e.captureId === captureId && e.phase === 'traces');
        await host.close();
        expect(host.events.at(-1)).toMatchObject({ captureId, phase: 'cancelled', outputPath: out });
      });
      const partial = await readSnapshotFile(out);
      expect(partial.header.gaps.length).toBeGreaterThan(0);
      expect(existsSync(`${out}.capture.ndjson`)).toBe(true);
    } finally {
      await emulator.close();
    }
  });

  it('is switched on in `trace-explorer serve`', async () => {
    const staticDir = join(folder, 'serve-static');
    await mkdir(staticDir, { recursive: true });
    await writeFile(join(staticDir, 'index.html'), '<!doctype html>');
    let canCapture: unknown;
    const { decodeFrame, encodeFrame, HTTP_TOKEN_HEADER } = await import('../../shared/contract/host/index.ts');
    const code = await runServeCommand([], { stdout: { write: () => undefined }, stderr: { write: () => undefined } }, {
      staticDir,
      demoPath: join(folder, 'none'),
      untilStopped: async (server) => {
        const answer = await fetch(`${server.origin}/api/getAppInfo`, { method: 'POST', headers: { [HTTP_TOKEN_HEADER]: server.token }, body: encodeFrame({}) });
        canCapture = (decodeFrame(new Uint8Array(await answer.arrayBuffer())) as { value: { canCapture: boolean } }).value.canCapture;
      },
    });
    expect(code).toBe(0);
    expect(canCapture).toBe(true);
  });
});

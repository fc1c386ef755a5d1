import { existsSync, readFileSync } from 'node:fs';
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

/** The host's captures folder for one test (the page never names where a capture goes). */
const capturesOf = (name: string): string => join(folder, name, 'captures');

async function withHost(emulator: AwsEmulator, scale: number, captures: string, run: (host: TestHost) => Promise<void>, extra: Partial<CaptureServiceOptions> = {}): Promise<void> {
  const service = createCaptureService({
    outputDir: captures,
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

function request(extra: Partial<AppRequest> = {}): AppRequest {
  return { regions: [dataset.region], window, cloudTrail: { includeReadOnly: false }, apiGatewayMetrics: { detailed: true }, ...extra };
}

/** The name the host gives a capture of this request: `capture-<window start, UTC minute>-<region>[-n].json.gz`. */
function expectedName(n = 1): string {
  const at = new Date(start * 1000);
  const two = (value: number): string => String(value).padStart(2, '0');
  const stamp = `${at.getUTCFullYear()}-${two(at.getUTCMonth() + 1)}-${two(at.getUTCDate())}T${two(at.getUTCHours())}${two(at.getUTCMinutes())}Z`;
  return `capture-${stamp}-${dataset.region}${n === 1 ? '' : `-${n}`}.json.gz`;
}

interface StartedFile {
  readonly captureId: string;
  readonly file: { readonly handle: string; readonly name: string; readonly folder: string };
}

async function startedIn(host: TestHost, body: AppRequest): Promise<StartedFile> {
  const started = await host.call('startCapture', body);
  if (!started.ok) throw new Error(started.error.message);
  return started.value as unknown as StartedFile;
}

const answered = (emulator: AwsEmulator): number => emulator.calls.filter((c) => c.status === 200).length;

describe('capture from the app, over the local web host', () => {
  it('runs a capture from startCapture, streams its progress to the page, and writes the snapshot', async () => {
    const emulator = await startAwsEmulator(dataset, { rateWindowMs: 20 });
    try {
      const captures = capturesOf('app');
      await withHost(emulator, 0.02, captures, async (host) => {
        const info = await host.call('getAppInfo', {});
        expect(info.ok && info.value.canCapture).toBe(true);
        const { captureId, file } = await startedIn(host, request());
        expect(file).toEqual({ handle: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), name: expectedName(), folder: captures });
        const out = join(captures, expectedName());
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
        expect(JSON.stringify(events)).not.toContain(captures);
        expect(last?.counts).toEqual({ traces: 200, segments: 800, events: expect.any(Number), metricResults: expect.any(Number), requests: answered(emulator) });
        expect(compareSnapshot(await readSnapshotFile(out), dataset, checked)).toEqual([]);
        expect(answered(emulator)).toBe(sumCalls(minimumCalls(dataset, checked)));
        // The handle opens what was written, and only through the host.
        const opened = await host.call('openSnapshot', { handles: [file.handle] });
        const bytes = opened.ok ? (opened.value as { files: { bytes: Uint8Array }[] }).files[0]?.bytes : undefined;
        expect(Buffer.from(bytes ?? []).equals(readFileSync(out))).toBe(true);
      });
    } finally {
      await emulator.close();
    }
  });

  it('cancels from cancelCapture with a valid partial snapshot that lists the gaps, and continues when started again', async () => {
    const emulator = await startAwsEmulator(dataset, { rateWindowMs: 100 });
    try {
      const captures = capturesOf('cancelled');
      const out = join(captures, expectedName());
      await withHost(emulator, 0.1, captures, async (host) => {
        const { captureId, file } = await startedIn(host, request());
        expect(file.name).toBe(expectedName());
        await host.waitFor((e) => e.captureId === captureId && e.phase === 'traces');
        expect(await host.call('cancelCapture', { captureId })).toEqual({ ok: true, value: { cancelled: true } });
        const events = await host.finished(captureId);
        const last = events.at(-1);
        expect(last?.phase).toBe('cancelled');
        expect(last?.message).toMatch(/start the same capture again to fetch the rest/);
        expect(await host.call('cancelCapture', { captureId })).toEqual({ ok: true, value: { cancelled: false } });
        const partial = await readSnapshotFile(out);
        expect(partial.header.gaps.length).toBeGreaterThan(0);
        expect(partial.header.gaps.every((g) => g.kind === 'notFetched')).toBe(true);
        expect(partial.header.gaps.some((g) => g.what === 'xray.BatchGetTraces' && (g.ids?.length ?? 0) > 0)).toBe(true);
        // What it holds is right: only "lost" differences (the gaps), nothing doubled or changed.
        const problems = compareSnapshot(partial, dataset, checked);
        expect(problems.length).toBeGreaterThan(0);
        expect(problems.filter((p) => !/ lost$|^summaries: \d+ in snapshot|^service graph: 0 services/.test(p))).toEqual([]);

        // The same request started again continues the stopped capture, in its file, under its handle.
        const again = await startedIn(host, request());
        expect(again.file).toEqual(file);
        const againId = again.captureId;
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
      const captures = capturesOf('refused');
      await withHost(emulator, 0.1, captures, async (host) => {
        const refused = async (body: AppRequest): Promise<string> => {
          const answer = await host.call('startCapture', body);
          expect(answer.ok).toBe(false);
          return answer.ok ? '' : answer.error.message;
        };
        expect(await refused(request({ regions: ['eu-west-1', 'us-east-1'] }))).toMatch(/One Region per capture/);
        expect(await refused(request({ window: { start: window.end, end: window.start } }))).toMatch(/The window is empty/);
        expect(await refused(request({ regions: ['moon-base'] }))).toMatch(/Unknown region 'moon-base'/);
        const bad = await host.call('startCapture', { regions: [], window });
        expect(!bad.ok && bad.error.kind).toBe('invalidInput');
        expect(existsSync(captures)).toBe(false);

        // A file already at the capture's name is not the host's to overwrite: the capture takes the next name.
        await mkdir(captures, { recursive: true });
        await writeFile(join(captures, expectedName()), 'not ours');
        const first = await startedIn(host, request());
        expect(first.file.name).toBe(expectedName(2));
        expect(await refused(request())).toMatch(/already running/);
        await host.call('cancelCapture', { captureId: first.captureId });
        await host.finished(first.captureId);
        expect(readFileSync(join(captures, expectedName()), 'utf8')).toBe('not ours');

        // Another request from the same minute: not the stopped one's, so a name of its own.
        emulator.addFault({ kind: 'accessDenied', service: 'xray', operation: 'BatchGetTraces', times: Number.POSITIVE_INFINITY });
        const denied = await startedIn(host, request({ apiGatewayMetrics: { detailed: false } }));
        expect(denied.file.name).toBe(expectedName(3));
        const events = await host.finished(denied.captureId);
        const last = events.at(-1);
        expect(last?.phase).toBe('failed');
        expect(last?.message).toMatch(/Grant xray:BatchGetTraces/);
        expect(last?.error?.kind).toBe('auth');
        expect(existsSync(join(captures, expectedName(3)))).toBe(true);
        emulator.clearFaults();
      });
    } finally {
      await emulator.close();
    }
  });

  it('stops a running capture when the host closes, writing its partial snapshot and sending the last event', async () => {
    const emulator = await startAwsEmulator(dataset, { rateWindowMs: 100 });
    try {
      const captures = capturesOf('closing');
      const out = join(captures, expectedName());
      await withHost(emulator, 0.1, captures, async (host) => {
        const { captureId } = await startedIn(host, request());
        await host.waitFor((e) => e.captureId === captureId && e.phase === 'traces');
        await host.close();
        expect(host.events.at(-1)).toMatchObject({ captureId, phase: 'cancelled' });
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
      home: join(folder, 'serve-home'),
      untilStopped: async (server) => {
        const answer = await fetch(`${server.origin}/api/getAppInfo`, { method: 'POST', headers: { [HTTP_TOKEN_HEADER]: server.token }, body: encodeFrame({}) });
        canCapture = (decodeFrame(new Uint8Array(await answer.arrayBuffer())) as { value: { canCapture: boolean } }).value.canCapture;
      },
    });
    expect(code).toBe(0);
    expect(canCapture).toBe(true);
  });
});

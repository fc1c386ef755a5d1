import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCaptureCommand } from '../../electron/cli/capture-command.ts';
import { createCaptureService } from '../../electron/capture/capture-service.ts';
import { redactSecrets } from '../../electron/capture/redact.ts';
import { journalPaths } from '../../electron/capture/journal.ts';
import { runCapture } from '../../electron/capture/run-capture.ts';
import type { CaptureProgress } from '../../electron/capture/progress.ts';
import { startTestHost } from '../emulator/host-client.ts';
import { startAwsEmulator, type AwsEmulator } from '../emulator/server.ts';
import { makeTestDataset } from '../emulator/test-dataset.ts';

// Distinctive fake credentials: none of these strings may leave the capture's process side.
const KEY_ID = 'AKIACANARYKEY7Q3W9ZX';
const SECRET = 'canarySecret/Zq8+Xv2Lm0Pw4Rt6Yu1Io3';
const TOKEN = 'canarySessionToken//IQoJb3JpZ2luX2VjEKr+canary==';
const SECRETS = [KEY_ID, SECRET, TOKEN, 'CANARYKEY7Q3W9ZX', 'Zq8+Xv2Lm0Pw4Rt6Yu1Io3', 'IQoJb3JpZ2luX2VjEKr'];
const FORMS = SECRETS.flatMap((s) => [s, encodeURIComponent(s), Buffer.from(s).toString('base64')]);

const ENV_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_REGION', 'AWS_ENDPOINT_URL'];
const saved = new Map(ENV_KEYS.map((k) => [k, process.env[k]]));
const SCALE = 0.02;
const start = Math.floor(Date.now() / 60_000) * 60 - 2 * 3600;
const dataset = makeTestDataset({ start, minutes: 60, traces: 120, events: 90, iamEvents: 6, seed: 31 });
const from = new Date(start * 1000).toISOString();
const to = new Date((start + 3600) * 1000).toISOString();
let folder: string;
let emulator: AwsEmulator;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'capture-secrets-'));
  for (const key of ENV_KEYS) delete process.env[key];
  // Credentials reach the capture only through the default provider chain (the environment here).
  process.env.AWS_ACCESS_KEY_ID = KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY = SECRET;
  process.env.AWS_SESSION_TOKEN = TOKEN;
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

function leaks(where: string, text: string): string[] {
  return FORMS.filter((secret) => text.includes(secret)).map((secret) => `${where} holds ${secret}`);
}

/** Everything written to the process's stdout, stderr and console while `run` runs. */
async function capturingOutput<T>(run: () => Promise<T>): Promise<{ result: T; text: string }> {
  const written: string[] = [];
  const keep = (...args: unknown[]): void => {
    written.push(args.map((a) => (typeof a === 'string' ? a : a instanceof Uint8Array ? Buffer.from(a).toString('utf8') : JSON.stringify(a) ?? String(a))).join(' '));
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (keep(chunk), true)),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (keep(chunk), true)),
    ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) => vi.spyOn(console, method).mockImplementation(keep)),
  ];
  try {
    return { result: await run(), text: written.join('\n') };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('credentials never leave the capture', () => {
  it('the emulator really saw them, and echoes them in its errors (so the checks below can fail)', async () => {
    emulator.addFault({ kind: 'serverError', service: 'xray', operation: 'GetServiceGraph', echoCredentials: true });
    const response = await fetch(`${emulator.url}/ServiceGraph`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `AWS4-HMAC-SHA256 Credential=${KEY_ID}/20240524/eu-west-1/xray/aws4_request`, 'x-amz-security-token': TOKEN },
      body: '{}',
    });
    const body = await response.text();
    emulator.clearFaults();
    expect(body).toContain(KEY_ID);
    expect(body).toContain(TOKEN);
    expect(redactSecrets(body)).not.toContain(KEY_ID);
    expect(redactSecrets(body)).not.toContain(TOKEN);
  });

  it('not in the snapshot, the journal, stdout/stderr or the messages of a capture that failed in parts and stopped on an expired token', async () => {
    const out = join(folder, 'cli.json.gz');
    // Every GetServiceGraph answers 500 quoting the caller's key and token; BatchGetTraces expires part-way, quoting them too.
    emulator.addFault({ kind: 'serverError', service: 'xray', operation: 'GetServiceGraph', times: Number.POSITIVE_INFINITY, echoCredentials: true });
    emulator.addFault({ kind: 'expiredToken', service: 'xray', operation: 'BatchGetTraces', fromCall: 8, times: Number.POSITIVE_INFINITY, echoCredentials: true });
    const out1: string[] = [];
    const err1: string[] = [];
    const { result: code, text } = await capturingOutput(() =>
      runCaptureCommand(['--region', dataset.region, '--from', from, '--to', to, '--out', out, '--endpoint-url', emulator.url], {
        stdout: { write: (t: string) => out1.push(t) },
        stderr: { write: (t: string) => err1.push(t), isTTY: false },
        captureOptions: { timeScale: SCALE, durableJournal: false, keepJournal: true },
        signal: new AbortController().signal,
      }),
    );
    emulator.clearFaults();
    expect(code).toBe(3);
    expect(emulator.calls.some((c) => c.accessKeyId === KEY_ID)).toBe(true);
    const stderr = err1.join('');
    expect(stderr).toMatch(/credentials expired/);
    expect(stderr).toMatch(/xray:GetServiceGraph failed: InternalFailure: .*Credential=\[redacted\]/);
    const snapshotText = gunzipSync(readFileSync(out)).toString('utf8');
    expect(snapshotText).toContain('[redacted]');
    const paths = journalPaths(out);
    expect(existsSync(paths.journal)).toBe(true);
    expect([
      ...leaks('stdout', out1.join('')),
      ...leaks('stderr', stderr),
      ...leaks('process output', text),
      ...leaks('snapshot', snapshotText),
      ...leaks('journal', readFileSync(paths.journal, 'utf8')),
      ...leaks('journal state', readFileSync(paths.state, 'utf8')),
    ]).toEqual([]);

    // Resumed and finished: the same holds for the complete snapshot.
    const done = await capturingOutput(() =>
      runCaptureCommand(['--out', out, '--resume', '--endpoint-url', emulator.url], {
        stdout: { write: (t: string) => out1.push(t) },
        stderr: { write: (t: string) => err1.push(t), isTTY: false },
        captureOptions: { timeScale: SCALE, durableJournal: false },
        signal: new AbortController().signal,
      }),
    );
    expect(done.result).toBe(0);
    expect([...leaks('output', out1.join('') + err1.join('') + done.text), ...leaks('snapshot', gunzipSync(readFileSync(out)).toString('utf8'))]).toEqual([]);
  });

  it('not in progress events or error messages, whatever the error', async () => {
    const progress: CaptureProgress[] = [];
    const messages: string[] = [];
    for (const kind of ['signatureMismatch', 'expiredToken', 'accessDenied', 'serverError'] as const) {
      emulator.addFault({ kind, service: 'xray', operation: 'GetTraceSummaries', times: Number.POSITIVE_INFINITY, echoCredentials: true });
      const { result: outcome, text } = await capturingOutput(async () => {
        try {
          const summary = await runCapture(
            { out: join(folder, `${kind}.json.gz`), endpointUrl: emulator.url, timeScale: SCALE, durableJournal: false, request: { region: dataset.region, from: start * 1000, to: (start + 3600) * 1000, traces: { mode: 'all' }, cloudtrail: 'none', metrics: false } },
            { onProgress: (p) => progress.push(p) },
          );
          return JSON.stringify(summary);
        } catch (error) {
          return `${(error as Error).message}\n${(error as Error).stack ?? ''}`;
        }
      });
      expect(leaks(`${kind} summary or error`, outcome)).toEqual([]);
      messages.push(outcome);
      emulator.clearFaults();
      expect(leaks(`${kind} output`, text)).toEqual([]);
    }
    expect(progress.length).toBeGreaterThan(0);
    expect(leaks('progress', JSON.stringify(progress))).toEqual([]);
    // The messages say what happened, with the quoted request cut out.
    expect(messages.join('\n')).toMatch(/refused the request signature/);
    expect(messages.join('\n')).toMatch(/credentials expired/);
    expect(messages.join('\n')).toMatch(/Grant xray:GetTraceSummaries/);
    expect(messages.join('\n')).toMatch(/InternalFailure: .*Credential=\[redacted\]/);
  });

  it('not in any answer of the local web host, its events included', async () => {
    const service = createCaptureService({ outputDir: folder, captureOptions: { endpointUrl: emulator.url, timeScale: SCALE, durableJournal: false } });
    const host = await startTestHost(service);
    try {
      const window = { start: from, end: to };
      const full = { regions: [dataset.region], window, cloudTrail: { includeReadOnly: true }, apiGatewayMetrics: { detailed: true } };
      emulator.addFault({ kind: 'serverError', service: 'cloudwatch', operation: 'ListMetrics', times: Number.POSITIVE_INFINITY, echoCredentials: true });
      // Three different requests (the window's end moves), so none resumes the one before.
      const first = await host.call('startCapture', full);
      const firstEvents = await host.finished(String(first.ok && first.value.captureId));
      expect(firstEvents.at(-1)?.phase).toBe('failed');
      expect(firstEvents.at(-1)?.message).toContain('[redacted]');
      emulator.clearFaults();

      emulator.addFault({ kind: 'signatureMismatch', service: 'xray', times: Number.POSITIVE_INFINITY });
      const second = await host.call('startCapture', { ...full, window: { start: from, end: new Date(Date.parse(to) - 60_000).toISOString() } });
      const secondEvents = await host.finished(String(second.ok && second.value.captureId));
      expect(secondEvents.at(-1)?.error?.message).toMatch(/refused the request signature/);
      emulator.clearFaults();

      emulator.addFault({ kind: 'expiredToken', service: 'cloudtrail', fromCall: 2, times: Number.POSITIVE_INFINITY, echoCredentials: true });
      const third = await host.call('startCapture', { ...full, window: { start: from, end: new Date(Date.parse(to) - 120_000).toISOString() } });
      const thirdEvents = await host.finished(String(third.ok && third.value.captureId));
      expect(thirdEvents.at(-1)?.error?.kind).toBe('auth');
      emulator.clearFaults();

      for (const channel of ['getAppInfo', 'listRecent']) await host.call(channel, {});
      await host.call('cancelCapture', { captureId: 'none' });
      expect(host.transcript.length).toBeGreaterThan(20);
      expect(leaks('host answers and events', host.transcript.join('\n'))).toEqual([]);
      // host-1 and host-3 failed after answers came (a snapshot records them); host-2's very first
      // X-Ray call was refused, and a capture that fetched nothing leaves nothing behind (its name
      // stays free for the next one): exactly the first and third snapshots exist, and hold no secret.
      const written = [first, second, third].map((answer) => (answer.ok ? (answer.value as { file: { name: string } }).file.name : ''));
      expect(written.every((name) => name.startsWith('capture-'))).toBe(true);
      const snapshots = readdirSync(folder).filter((name) => name.startsWith('capture-') && name.endsWith('.json.gz'));
      expect(new Set(snapshots)).toEqual(new Set([written[0], written[2]]));
      for (const name of snapshots) expect(leaks(name, gunzipSync(readFileSync(join(folder, name))).toString('utf8'))).toEqual([]);
    } finally {
      await host.close();
    }
  });
});

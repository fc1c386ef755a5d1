import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapture } from '../../electron/capture/run-capture.ts';
import { readSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { compareSnapshot, minimumCalls, sumCalls, type CheckedRequest } from '../emulator/capture-check.ts';
import { startAwsEmulator, type AwsEmulator } from '../emulator/server.ts';
import { makeTestDataset } from '../emulator/test-dataset.ts';

const SCALE = 0.1;
const start = Math.floor(Date.now() / 60_000) * 60 - 2 * 3600;
const dataset = makeTestDataset({ start, minutes: 60, traces: 300, events: 200, iamEvents: 10, seed: 3 });
const checked: CheckedRequest = { region: dataset.region, from: start * 1000, to: (start + 3600) * 1000, cloudtrail: 'changes', metrics: true };
let folder: string;
let emulator: AwsEmulator;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'capture-crash-'));
  emulator = await startAwsEmulator(dataset, { rateWindowMs: 1000 * SCALE });
});
afterAll(async () => {
  await emulator.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('a capture killed part-way', () => {
  it('leaves a valid snapshot and a journal; --resume finishes it without asking again for what was journaled', async () => {
    const out = join(folder, 'crash.json.gz');
    const child = spawn(
      process.execPath,
      ['bin/run-ts.mjs', 'test/emulator/capture-child.ts', '--region', dataset.region, '--from', new Date(checked.from).toISOString(), '--to', new Date(checked.to).toISOString(), '--out', out, '--endpoint-url', emulator.url],
      {
        stdio: 'ignore',
        env: {
          PATH: process.env.PATH,
          AWS_ACCESS_KEY_ID: 'AKIDEMULATOR',
          AWS_SECRET_ACCESS_KEY: 'not-a-secret',
          AWS_CONFIG_FILE: join(folder, 'none'),
          AWS_SHARED_CREDENTIALS_FILE: join(folder, 'none'),
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          CAPTURE_TIME_SCALE: String(SCALE),
        },
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Kill it once 25 calls have reached the emulator, however long that takes; a child that ends
    // first fails the test with its exit code.
    const early = exited.then((code) => {
      throw new Error(`the capture exited (code ${code}) after ${emulator.calls.length} calls, before the kill`);
    });
    await Promise.race([emulator.callsReached(25), early]);
    early.catch(() => undefined);
    child.kill('SIGKILL');
    await exited;
    const answeredBeforeCrash = emulator.calls.filter((c) => c.status === 200).length;

    expect(existsSync(`${out}.capture.ndjson`)).toBe(true);
    const partial = await readSnapshotFile(out);
    expect(partial.header.gaps.length).toBeGreaterThan(0);
    expect(partial.header.gaps.every((g) => g.kind === 'notFetched')).toBe(true);

    const resumed = await runCapture({ out, resume: true, endpointUrl: emulator.url, credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'not-a-secret' }, timeScale: 0.02, durableJournal: false });
    expect(resumed.complete).toBe(true);
    expect(compareSnapshot(await readSnapshotFile(out), dataset, checked)).toEqual([]);
    const minimum = sumCalls(minimumCalls(dataset, checked));
    const answered = emulator.calls.filter((c) => c.status === 200).length;
    console.log(`crash: ${answeredBeforeCrash} answers before the kill, ${answered} in all, minimum ${minimum}`);
    // Only answers still in flight when the process died (at most one per concurrent call) can be asked again.
    expect(answered).toBeGreaterThanOrEqual(minimum);
    expect(answered - minimum).toBeLessThanOrEqual(4);
  });
});

import type { CaptureCommandIo } from '../../electron/cli/capture-command.ts';
import type { CaptureOptions } from '../../electron/capture/index.ts';
import type { CheckedRequest } from '../emulator/capture-check.ts';
import type { EmulatorDataset } from '../emulator/dataset.ts';
import type { EmulatorLimits } from '../emulator/limits.ts';
import { startAwsEmulator, type AwsEmulator } from '../emulator/server.ts';

/** What `runCaptureCommand` wrote, kept for the test to read. */
export type RecordedIo = CaptureCommandIo & { readonly out: string[]; readonly err: string[] };

/**
 * Command I/O for capture tests: output collected, no TTY, pacing scaled by `timeScale` and no
 * fsync of the journal (the tests' emulator answers fast; the pacing logic is tested on a fake clock).
 */
export function recordedIo(timeScale: number, captureOptions: Partial<CaptureOptions> = {}, extra: Partial<CaptureCommandIo> = {}): RecordedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t), isTTY: false },
    captureOptions: { timeScale, durableJournal: false, ...captureOptions },
    signal: new AbortController().signal,
    ...extra,
  };
}

/**
 * Options of a capture of everything in `checked`'s window from `emulator`, written to `out`:
 * fake static credentials, intervals scaled by `timeScale`, no fsync of the journal.
 */
export function emulatorCaptureOptions(emulator: AwsEmulator, out: string, checked: CheckedRequest, timeScale: number, requestTimeoutMs: number, extra: Partial<CaptureOptions> = {}): CaptureOptions {
  return {
    out,
    endpointUrl: emulator.url,
    credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'not-a-secret' },
    timeScale,
    durableJournal: false,
    requestTimeoutMs,
    request: { region: checked.region, from: checked.from, to: checked.to, traces: { mode: 'all' }, cloudtrail: 'changes', metrics: true },
    ...extra,
  };
}

/** Runs `run` against an emulator of `data` whose rate windows are scaled by `timeScale`, closed afterwards. */
export async function withAwsEmulator(data: EmulatorDataset, timeScale: number, limits: Partial<EmulatorLimits>, run: (emulator: AwsEmulator) => Promise<void>): Promise<void> {
  const emulator = await startAwsEmulator(data, { rateWindowMs: 1000 * timeScale, ...limits });
  try {
    await run(emulator);
  } finally {
    await emulator.close();
  }
}

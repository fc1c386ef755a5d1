import type { CaptureCommandIo } from '../../electron/cli/capture-command.ts';
import type { CaptureOptions } from '../../electron/capture/index.ts';

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

/**
 * Runs `trace-explorer capture` in a child process for the crash test, with pacing slowed by
 * CAPTURE_TIME_SCALE so the test can kill it part-way: `node bin/run-ts.mjs capture-child.ts ARGS…`.
 */
import { runCaptureCommand } from '../../electron/cli/capture-command.ts';

const scale = Number(process.env.CAPTURE_TIME_SCALE ?? '1');
process.exitCode = await runCaptureCommand(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  captureOptions: { timeScale: scale, checkpointIntervalMs: 0 },
});

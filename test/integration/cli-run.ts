import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../electron/cli/cli.ts';
import type { IncidentSummary } from '../../shared/incident/index.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the `trace-explorer` command in this process with captured output. */
export async function runCli(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

/** `inspect --json`: checks stdout is exactly one JSON object and returns it. */
export async function inspectJson(...files: string[]): Promise<{ code: number; summary: IncidentSummary; stderr: string }> {
  const run = await runCli('inspect', ...files, '--json');
  const lines = run.stdout.trim().split('\n');
  if (lines.length !== 1) throw new Error(`inspect --json printed ${lines.length} lines:\n${run.stdout}`);
  return { code: run.code, summary: JSON.parse(lines[0]!) as IncidentSummary, stderr: run.stderr };
}

export interface MeasuredRun extends CliRun {
  /** Peak resident memory of the process that ran the command. */
  readonly maxRssBytes: number;
  /** CPU time (user + system) of that process, startup included. */
  readonly cpuMs: number;
}

const REPOSITORY = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/** Runs the command in a child process of its own (its peak memory and CPU time are the command's). */
export async function runCliMeasured(...args: string[]): Promise<MeasuredRun> {
  const { stdout } = await run(process.execPath, [join(REPOSITORY, 'bin/run-ts.mjs'), join(REPOSITORY, 'test/integration/cli-measured-child.ts'), ...args], {
    cwd: REPOSITORY,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as MeasuredRun;
}

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

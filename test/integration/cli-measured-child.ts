/**
 * Runs `trace-explorer ARGS…` in this process and prints one JSON line: the exit code, what the
 * command wrote, and this process's peak RSS and CPU time. Spawned by runCliMeasured (cli-run.ts)
 * so that memory and time belong to one command alone.
 */
import { main } from '../../electron/cli/cli.ts';

let stdout = '';
let stderr = '';
const code = await main(process.argv.slice(2), { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
const usage = process.resourceUsage();
process.stdout.write(`${JSON.stringify({ code, stdout, stderr, maxRssBytes: usage.maxRSS * 1024, cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000) })}\n`);

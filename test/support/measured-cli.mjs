// Runs the `trace-explorer` command the way bin/trace-explorer.mjs does (tsx, then the CLI's main,
// same arguments) and, as the process exits, writes its peak resident memory and CPU time to file
// descriptor 3 as one JSON line, so a test can bound what a command cost without guessing:
// `{"maxRssBytes":…,"userCpuMicros":…}`.
import { writeSync } from 'node:fs';
import { register } from 'tsx/esm/api';

process.on('exit', () => {
  try {
    const usage = process.resourceUsage();
    writeSync(3, `${JSON.stringify({ maxRssBytes: usage.maxRSS * 1024, userCpuMicros: usage.userCPUTime })}\n`);
  } catch {
    // No fd 3: run by hand.
  }
});
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../../electron/cli/cli.ts');
process.exitCode = await main(process.argv.slice(2));

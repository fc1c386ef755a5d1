import { AppError } from '../../shared/base/errors.ts';
import { terminalSafe, terminalSafeLines } from '../../shared/base/terminal-text.ts';
import { APP_VERSION } from '../../shared/base/version.ts';
import { processIo, type CliIo } from './cli-io.ts';

const USAGE = `Trace Explorer ${APP_VERSION} — X-Ray traces, CloudTrail changes and API Gateway metrics in one offline incident snapshot.

Usage:
  trace-explorer start                          open the app on the bundled demo incident
  trace-explorer inspect FILE… [--json]         import files (any supported format, snapshots too) and print a summary
  trace-explorer import FILE… --out SNAPSHOT    merge files into one incident snapshot (.json.gz)
  trace-explorer correlate FILE… [--json]       when nodes began to fail, and the changes before it, ranked
  trace-explorer compare FILE… --before RANGE|--change EVENT_ID [--after RANGE] [--json]   two ranges, node by node and call by call
  trace-explorer compare BEFORE AFTER --snapshots [--json]   two snapshots of one system, each file's traces a range
  trace-explorer compare FILE… --traces ID ID [--top N|all] [--json]   two traces span by span
  trace-explorer serve [FILE] [--port N]        serve the explorer on 127.0.0.1 (prints the URL with its token first)
  trace-explorer capture --region R --from T --to T --out FILE [options]   capture from AWS into a snapshot
  trace-explorer help | --version

Supported inputs: X-Ray BatchGetTraces (SDK or CLI JSON), segment documents (one, an array, JSON lines,
daemon UDP datagrams), GetTraceSummaries, GetServiceGraph, GetSamplingRules; CloudTrail LookupEvents (SDK or CLI),
S3 log files ({"Records":[…]}, .json.gz), records, EventBridge envelopes, JSON lines.
`;

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  inspect: async () => (await import('./inspect-command.ts')).runInspectCommand,
  import: async () => (await import('./import-command.ts')).runImportCommand,
  correlate: async () => (await import('./correlate-command.ts')).runCorrelateCommand,
  compare: async () => (await import('./compare-command.ts')).runCompareCommand,
  serve: async () => (await import('./serve-command.ts')).runServeCommand,
  start: async () => (await import('./start-command.ts')).runStartCommand,
  capture: async () => (await import('./capture-command.ts')).runCaptureCommand,
};

/** The `trace-explorer` command. Returns the exit code; never lets a stack trace reach the user. */
export async function main(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${APP_VERSION}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr.write(`Unknown command '${terminalSafe(name)}'.\n\n${USAGE}`);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    io.stderr.write(`${describeError(error)}\n`);
    if (process.env.TRACE_EXPLORER_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return error instanceof AppError && error.kind === 'cancelled' ? 130 : 1;
  }
}

/** The message for an error that ended a command; what it quotes (file names, file content) is escaped for the terminal. */
function describeError(error: unknown): string {
  if (error instanceof AppError) return `error: ${terminalSafeLines(error.message)}`;
  const code = (error as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return `error: ${terminalSafe((error as Error).message)}. Run 'trace-explorer help' for usage.`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `internal error: ${terminalSafeLines(message)}\nThis is a bug in Trace Explorer; run again with TRACE_EXPLORER_DEBUG=1 to see where it happened.`;
}

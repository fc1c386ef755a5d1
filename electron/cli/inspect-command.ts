import { parseArgs } from 'node:util';
import { openInputs, summarizeIncident, type IncidentSummary } from '../../shared/incident/index.ts';
import { AppError } from '../../shared/base/errors.ts';
import { formatCount } from '../../shared/base/format.ts';
import { terminalJson, terminalSafe } from '../../shared/base/terminal-text.ts';
import { formatProblem, type CliIo } from './cli-io.ts';
import { readInputFiles } from '../files/read-inputs.ts';
import { machineReadOptions } from '../files/machine-limits.ts';

export const INSPECT_USAGE = 'trace-explorer inspect FILE… [--json]';

/**
 * `trace-explorer inspect FILE… [--json]`: imports the files and prints what they hold. With
 * `--json` it prints exactly one JSON object whatever happens, a bug included (then as a problem
 * naming the files), so a script reading it never gets half a line or none.
 */
export async function runInspectCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length === 0) throw new AppError('invalidInput', `No files given. Usage: ${INSPECT_USAGE}`);
  const { files, problems } = await readInputFiles(positionals);
  if (files.length === 0) {
    if (values.json) io.stdout.write(`${terminalJson(emptySummary(problems))}\n`);
    else io.stderr.write(`Nothing could be read.\n${problems.map(formatProblem).join('\n')}\n`);
    return 1;
  }
  let summary: IncidentSummary;
  try {
    const opened = await openInputs(files, { ...machineReadOptions(), keepContent: false });
    summary = summarizeIncident(opened.dataset, [...problems, ...opened.problems]);
  } catch (error) {
    const expected = error instanceof AppError && error.kind === 'invalidInput';
    if (!expected && !values.json) throw error;
    const message = expected ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}; this is a bug in Trace Explorer`;
    const all = [...problems, { file: files.map((f) => f.name).join(', '), message }];
    if (values.json) io.stdout.write(`${terminalJson(emptySummary(all))}\n`);
    else io.stderr.write(`${[terminalSafe(message), ...problems.map(formatProblem)].join('\n')}\n`);
    return 1;
  }
  if (values.json) io.stdout.write(`${terminalJson(summary)}\n`);
  else io.stdout.write(formatSummary(summary, positionals.length));
  return 0;
}

function emptySummary(problems: IncidentSummary['problems']): IncidentSummary {
  return {
    traces: 0, segments: 0, subsegments: 0, inProgress: 0, inferredAdded: 0, services: [], edges: 0, serviceGraph: 'none',
    faultTraces: 0, errorTraces: 0, throttleTraces: 0, summaries: 0, events: 0, writeEvents: 0, errorEvents: 0, changes: 0,
    metricSeries: 0, samplingRules: 0, start: null, end: null, problems, gaps: [],
  };
}

const n = formatCount;

/** The summary for people; every name and message from the files is escaped for the terminal. */
export function formatSummary(s: IncidentSummary, fileCount: number): string {
  const lines: string[] = [];
  lines.push(`Read ${n(fileCount)} file${fileCount === 1 ? '' : 's'}.`);
  lines.push(`X-Ray:      ${n(s.traces)} traces, ${n(s.segments)} segments, ${n(s.subsegments)} subsegments, ${n(s.inProgress)} in progress`);
  if (s.inferredAdded) lines.push(`            ${n(s.inferredAdded)} inferred nodes added where X-Ray would infer them`);
  lines.push(`            faults in ${n(s.faultTraces)} traces, errors in ${n(s.errorTraces)}, throttles in ${n(s.throttleTraces)}; ${n(s.summaries)} trace summaries`);
  if (s.services.length) {
    lines.push(`Service map (${s.serviceGraph}): ${n(s.services.length)} nodes, ${n(s.edges)} edges`);
    for (const service of s.services) lines.push(`            ${terminalSafe(service.name)}  [${terminalSafe(service.type)}]`);
  }
  lines.push(`CloudTrail: ${n(s.events)} events, ${n(s.writeEvents)} writes, ${n(s.errorEvents)} with an error code, ${n(s.changes)} configuration changes`);
  if (s.metricSeries) lines.push(`Metrics:    ${n(s.metricSeries)} series`);
  if (s.samplingRules) lines.push(`Sampling:   ${n(s.samplingRules)} X-Ray sampling rules`);
  lines.push(`Time:       ${s.start ?? '—'} → ${s.end ?? '—'}`);
  if (s.gaps.length) {
    lines.push(`Gaps recorded in the snapshot (${n(s.gaps.length)}):`);
    for (const gap of s.gaps.slice(0, 20)) lines.push(`  ${terminalSafe(`${gap.kind}: ${gap.what} — ${gap.detail}`)}`);
    if (s.gaps.length > 20) lines.push(`  … and ${n(s.gaps.length - 20)} more (use --json for all)`);
  }
  if (s.problems.length) {
    lines.push(`Skipped ${n(s.problems.length)} item${s.problems.length === 1 ? '' : 's'}:`);
    for (const problem of s.problems.slice(0, 50)) lines.push(`  ${formatProblem(problem)}`);
    if (s.problems.length > 50) lines.push(`  … and ${n(s.problems.length - 50)} more (use --json for all)`);
  }
  return `${lines.join('\n')}\n`;
}

import { parseArgs } from 'node:util';
import { AppError } from '../../shared/base/errors.ts';
import { formatCount, formatDuration, formatPercent, formatQuantity, formatTime, formatTimeRange, parseTimeText } from '../../shared/base/format.ts';
import { terminalJson, terminalSafe } from '../../shared/base/terminal-text.ts';
import { compareJson, compareRequested, type ComparedFigure, type RangeComparison, type TimeRange } from '../../shared/analysis/compare/index.ts';
import { callLabel } from '../../shared/analysis/timeline/index.ts';
import type { CliIo } from './cli-io.ts';
import { openCommandFiles, writeSkipped } from './cli-open.ts';
import { compareTracesCommand } from './compare-traces-command.ts';
import { snapshotRanges } from './compare-snapshots.ts';

export const COMPARE_USAGE = 'trace-explorer compare FILE… --before RANGE|--change EVENT_ID [--after RANGE] [--json], or compare BEFORE AFTER --snapshots [--json]';

const HELP = `Usage: ${COMPARE_USAGE}

Compares the traces that start in two time ranges, node by node and edge by edge of the service
graph computed from them: requests, ok/4xx/429/5xx rates, latency p50/p90/p99, the change, and
whether it is larger than the noise of the samples (docs/compare.md). Changed most first.

  --before RANGE      the range before
  --change EVENT_ID   a CloudTrail event in the files: its time splits the traces, and both ranges
                      are as long as the traces allow on both sides
  --after RANGE       the range after (default: as long as the other range, on the other side of
                      the change or right after --before, within the traces)
  --snapshots         two files, two snapshots of the same system (last week's and today's): before
                      is the first file's traces' span (first to last start), after the second's;
                      each file is read once alone for its span, then both together
  --json              one JSON object: {"edges":[{"from","to","before","after","delta","significant",…}],"nodes":[…]}

RANGE is FROM~TO, both ends included, each an ISO-8601 time (UTC unless it carries an offset,
e.g. 2024-05-24T13:00:00Z) or epoch seconds (e.g. 1716555600~1716557400).

Two traces span by span instead: trace-explorer compare FILE… --traces ID ID (--traces --help).
`;

/** `--before`/`--after`'s FROM~TO; an error names the option and shows the form. */
export function parseRangeOption(text: string, option: string): TimeRange {
  const parts = text.split('~');
  const times = parts.length === 2 ? parts.map((part) => parseTimeText(part.trim())) : [];
  const [from, to] = times;
  const form = 'expected FROM~TO, each an ISO-8601 time (2024-05-24T13:00:00Z) or epoch seconds';
  if (from === undefined || to === undefined) throw new AppError('invalidInput', `${option} '${text}': ${form}.`);
  if (from > to) throw new AppError('invalidInput', `${option} '${text}': FROM is after TO.`);
  return [from, to];
}

/**
 * `trace-explorer compare FILE… --before RANGE|--change EVENT_ID [--after RANGE] [--json]`: opens
 * the files as one incident and compares two ranges of its traces (analysis/compare). With
 * `--traces ID ID`, two traces span by span instead (compare-traces-command.ts).
 */
export async function runCompareCommand(args: readonly string[], io: CliIo): Promise<number> {
  // Two traces: before these options are parsed (they would refuse --traces as unknown).
  if (args.includes('--traces')) return compareTracesCommand(args, io);
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { before: { type: 'string' }, after: { type: 'string' }, change: { type: 'string' }, snapshots: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length === 0) throw new AppError('invalidInput', `No files given. Usage: ${COMPARE_USAGE}`);
  if (values.snapshots) {
    if (values.before !== undefined || values.after !== undefined || values.change !== undefined) throw new AppError('invalidInput', `--snapshots takes its ranges from the two files: give no --before, --after or --change with it. Usage: ${COMPARE_USAGE}`);
    return compareSnapshots(positionals, values.json === true, io);
  }
  if ((values.before === undefined) === (values.change === undefined)) throw new AppError('invalidInput', `Give --before RANGE or --change EVENT_ID (one of them). Usage: ${COMPARE_USAGE}`);
  // Ranges are checked before any file is read: a typo costs nothing.
  const before = values.before === undefined ? undefined : parseRangeOption(values.before, '--before');
  const after = values.after === undefined ? undefined : parseRangeOption(values.after, '--after');
  const { files, opened, skipped } = await openCommandFiles(positionals);
  const { dataset } = opened;
  const names = files.map((file) => file.name).join(', ');
  if (dataset.traces.length === 0) throw new AppError('invalidInput', `${names}: no X-Ray traces to compare.`);
  if (values.change !== undefined && !dataset.events.some((event) => event.eventId === values.change)) {
    throw new AppError('notFound', `${names}: no CloudTrail event with eventId '${values.change}'.`);
  }
  const comparison = compareRequested(dataset, { ...(before ? { before } : {}), ...(after ? { after } : {}), ...(values.change !== undefined ? { change: values.change } : {}) });
  if (values.json) io.stdout.write(`${terminalJson(compareJson(comparison))}\n`);
  else io.stdout.write(formatComparison(comparison));
  writeSkipped(io, skipped);
  return 0;
}

/** `--snapshots`: both files opened together, each file's span of trace starts as a range (compare-snapshots.ts). */
async function compareSnapshots(paths: readonly string[], json: boolean, io: CliIo): Promise<number> {
  if (paths.length !== 2) throw new AppError('invalidInput', `--snapshots compares exactly two files (the before and the after snapshot), not ${paths.length}.`);
  const { files, opened, skipped } = await openCommandFiles(paths);
  const ranges = snapshotRanges(files, opened);
  const comparison = compareRequested(opened.dataset, { before: ranges.before, after: ranges.after });
  if (json) io.stdout.write(`${terminalJson(compareJson(comparison))}\n`);
  else io.stdout.write(`Snapshots: before = ${terminalSafe(paths[0]!)}, after = ${terminalSafe(paths[1]!)} (each its traces' span)\n${formatComparison(comparison)}`);
  writeSkipped(io, skipped);
  return 0;
}

const EDGES_SHOWN = 15;
const NODES_SHOWN = 10;

const pair = (before: string, after: string): string => (before === after ? before : `${before} → ${after}`);

function cells(figure: ComparedFigure): string[] {
  const { before: b, after: a } = figure;
  const latency = (q: 'p50' | 'p90' | 'p99'): string => pair(formatDuration(b.latency?.[q]), formatDuration(a.latency?.[q]));
  const rate = (status: 'error' | 'throttle' | 'fault'): string => pair(formatPercent(b.rates?.[status]), formatPercent(a.rates?.[status]));
  const verdict = figure.significant === true ? 'CHANGED' : figure.significant === false ? 'same' : 'too few';
  return [pair(formatCount(b.requests), formatCount(a.requests)), latency('p50'), latency('p90'), latency('p99'), rate('error'), rate('throttle'), rate('fault'), verdict];
}

const HEAD = ['requests', 'p50', 'p90', 'p99', '4xx', '429', '5xx', 'verdict'];

/** Rows as columns padded to their widest cell. */
function table(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => `  ${row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')}`.trimEnd());
}

function section(title: string, figures: readonly (ComparedFigure & { readonly label: string })[], shown: number): string[] {
  if (figures.length === 0) return [`${title}: none.`];
  const lines = [`${title}, changed most first:`, ...table([[title === 'Calls' ? 'call' : 'node', ...HEAD], ...figures.slice(0, shown).map((f) => [f.label, ...cells(f)])])];
  for (const figure of figures.slice(0, shown)) if (figure.significant === true) lines.push(`    ${figure.label}: ${terminalSafe(figure.reason)}`);
  if (figures.length > shown) lines.push(`  … and ${formatCount(figures.length - shown)} more (use --json for all)`);
  return lines;
}

/** The comparison for people; names from the files are escaped for the terminal. */
export function formatComparison(comparison: RangeComparison): string {
  const { ranges, traces } = comparison;
  const split = ranges.change ? `, split at ${terminalSafe(ranges.change.eventName)} (${terminalSafe(ranges.change.eventId)}) at ${formatTime(ranges.change.at * 1000)}` : '';
  const lines = [
    `Before: ${formatQuantity(traces.before, 'trace')} starting ${formatTimeRange(...ranges.before)}`,
    `After:  ${formatQuantity(traces.after, 'trace')} starting ${formatTimeRange(...ranges.after)}${split}`,
    `CHANGED: larger than the noise of the samples (Mann–Whitney for latency, two-proportion or Fisher's exact test for rates, ${formatPercent(comparison.alpha)} family-wise by Holm); too few: under ${formatCount(comparison.minRequests)} requests in a range.`,
    '',
    ...section('Calls', comparison.edges.map((edge) => ({ ...edge, label: terminalSafe(callLabel(edge.from, edge.to)) })), EDGES_SHOWN),
    '',
    ...section('Nodes', comparison.nodes.map((node) => ({ ...node, label: `${terminalSafe(node.name)} [${terminalSafe(node.type)}]` })), NODES_SHOWN),
  ];
  return `${lines.join('\n')}\n`;
}

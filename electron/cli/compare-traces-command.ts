import { parseArgs } from 'node:util';
import { AppError } from '../../shared/base/errors.ts';
import { formatCount, formatDuration, formatQuantity } from '../../shared/base/format.ts';
import { terminalJson, terminalSafe } from '../../shared/base/terminal-text.ts';
import { compareTraces, compareTracesJson, type CompareTracesJson, type TraceComparison, type TraceComparisonSide } from '../../shared/analysis/compare/index.ts';
import type { CliIo } from './cli-io.ts';
import { openCommandFiles, writeSkipped } from './cli-open.ts';

export const COMPARE_TRACES_USAGE = 'trace-explorer compare FILE… --traces ID ID [--top N|all] [--json]';

/** Pairs printed unless --top says otherwise. */
const DEFAULT_TOP = 20;

export const COMPARE_TRACES_HELP = `Usage: ${COMPARE_TRACES_USAGE}

Compares two traces of the files span by span: the first ID is "before", the second "after".
Spans are matched by their path from the root: each step is a span's service node and name and
its position among the siblings with the same ones (docs/compare-traces.md). Prints the matched
spans whose duration changed most (the largest --top N of them, default ${DEFAULT_TOP}; --top all for
every one), those whose status changed, and the subtrees only one trace has.

--json prints one object: {"pairs":[{"path","before","after","delta"}],"onlyBefore":[…],"onlyAfter":[…]}
  pairs    the --top N by |duration delta|, then every other pair whose status changed
  path     the span from the root, steps joined by " > ": a segment or inferred span is its node,
           "name (type)"; a subsegment its name; " #k" when it is the k-th (k ≥ 2, by start
           time) of its siblings with the same step, e.g.
           "some-app/Prod (AWS::ApiGateway::Stage) > Lambda > my-function (AWS::Lambda)"
  before, after   {"id","duration","selfTime","status","critical"} (seconds; duration null while in progress)
  delta    {"duration","selfTime","status"} (after − before; status "ok → fault", or null when the same)
  onlyBefore, onlyAfter   [{"path","id","spans","duration","status"}]: each subtree once, by its root
                          and its size in spans
`;

/** Splits `--traces ID ID` off the arguments (parseArgs takes one value an option). */
function tracesOption(args: readonly string[]): { readonly ids: readonly [string, string]; readonly rest: string[] } {
  const at = args.indexOf('--traces');
  const [first, second] = at < 0 ? [] : [args[at + 1], args[at + 2]];
  if (first === undefined || second === undefined || first.startsWith('--') || second.startsWith('--')) {
    throw new AppError('invalidInput', `--traces needs two trace ids, before and after. Usage: ${COMPARE_TRACES_USAGE}`);
  }
  return { ids: [first, second], rest: [...args.slice(0, at), ...args.slice(at + 3)] };
}

function topOf(value: string | undefined): number | undefined {
  if (value === undefined) return DEFAULT_TOP;
  if (value === 'all') return undefined;
  const top = Number(value);
  if (!Number.isInteger(top) || top < 0) throw new AppError('invalidInput', `--top takes a whole number ≥ 0 or "all", not '${value}'.`);
  return top;
}

/**
 * `trace-explorer compare FILE… --traces ID ID [--top N|all] [--json]`: opens the files as one
 * incident and compares the two traces (analysis/compare traces.ts). Takes the arguments after the
 * command's name, `--traces` among them.
 */
export async function compareTracesCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(COMPARE_TRACES_HELP);
    return 0;
  }
  const { ids, rest } = tracesOption(args);
  const { values, positionals } = parseArgs({ args: rest, options: { json: { type: 'boolean' }, top: { type: 'string' } }, allowPositionals: true });
  const top = topOf(values.top);
  if (positionals.length === 0) throw new AppError('invalidInput', `No files given. Usage: ${COMPARE_TRACES_USAGE}`);
  const { files, opened, skipped } = await openCommandFiles(positionals);
  const { traceById, traces } = opened.dataset;
  const names = files.map((file) => file.name).join(', ');
  const [before, after] = ids.map((id, k) => {
    const trace = traceById.get(id);
    if (!trace) throw new AppError('notFound', `${names}: no trace ${id} (the ${k === 0 ? 'before' : 'after'} trace) in ${formatQuantity(traces.length, 'trace')}.`);
    return trace;
  }) as [NonNullable<ReturnType<typeof traceById.get>>, NonNullable<ReturnType<typeof traceById.get>>];
  const comparison = compareTraces(before, after);
  const json = compareTracesJson(comparison, before, after, top);
  if (values.json) io.stdout.write(`${terminalJson(json)}\n`);
  else io.stdout.write(formatComparison(comparison, json));
  writeSkipped(io, skipped);
  return 0;
}

const signed = (seconds: number | null): string => (seconds === null ? formatDuration(undefined) : `${seconds > 0 ? '+' : ''}${formatDuration(seconds)}`);

/** The last steps of a path (the whole one is in --json). */
function shortPath(path: string): string {
  const steps = path.split(' > ');
  return terminalSafe(steps.length > 4 ? `… > ${steps.slice(-4).join(' > ')}` : path);
}

function sideLine(label: string, side: TraceComparisonSide): string {
  return `${label} ${terminalSafe(side.traceId)}: ${formatQuantity(side.spans, 'span')}, ${formatDuration(side.duration)}, ${formatQuantity(side.criticalSpans, 'span')} on the critical path`;
}

/** The comparison for people; names from the files are escaped for the terminal. */
export function formatComparison(comparison: TraceComparison, json: CompareTracesJson): string {
  const spansIn = (list: CompareTracesJson['onlyBefore']): number => list.reduce((sum, only) => sum + only.spans, 0);
  const lines = [
    sideLine('Before', comparison.before),
    sideLine('After ', comparison.after),
    `Matched ${formatQuantity(comparison.matched, 'span')}; only before: ${formatQuantity(spansIn(json.onlyBefore), 'span')} in ${formatQuantity(json.onlyBefore.length, 'subtree')}; only after: ${formatQuantity(spansIn(json.onlyAfter), 'span')} in ${formatQuantity(json.onlyAfter.length, 'subtree')}; ${formatQuantity(comparison.statusChanged.length, 'status change')}; the critical paths differ at ${formatQuantity(comparison.criticalChanged.length, 'span')}.`,
  ];
  const moved = json.pairs.filter((pair) => pair.delta.duration !== 0 || pair.delta.status !== null);
  lines.push('', moved.length === 0 ? 'No matched span changed its duration or status.' : `Largest changes of matched spans (${formatCount(moved.length)} of ${formatCount(comparison.matched)}):`);
  for (const pair of moved) {
    const status = pair.delta.status === null ? '' : `  ${pair.delta.status}`;
    lines.push(`  ${signed(pair.delta.duration).padStart(9)}  ${formatDuration(pair.before.duration ?? undefined)} → ${formatDuration(pair.after.duration ?? undefined)}  self ${signed(pair.delta.selfTime)}${status}  ${shortPath(pair.path)}`);
  }
  for (const [title, list] of [['Only before', json.onlyBefore], ['Only after', json.onlyAfter]] as const) {
    if (list.length === 0) continue;
    lines.push('', `${title} (${formatQuantity(list.length, 'subtree')}):`);
    for (const only of list.slice(0, 20)) lines.push(`  ${formatQuantity(only.spans, 'span').padStart(10)}  ${formatDuration(only.duration ?? undefined)}  ${only.status}  ${shortPath(only.path)}`);
    if (list.length > 20) lines.push(`  … and ${formatCount(list.length - 20)} more (use --json for all)`);
  }
  return `${lines.join('\n')}\n`;
}

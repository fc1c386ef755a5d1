import { parseArgs } from 'node:util';
import { AppError } from '../../shared/base/errors.ts';
import { formatCount, formatPercent, formatDuration, formatTime, formatQuantity } from '../../shared/base/format.ts';
import { terminalJson, terminalSafe } from '../../shared/base/terminal-text.ts';
import { correlate, correlateJson, samplingJson, type CorrelateJson, type SamplingJson } from '../../shared/analysis/timeline/index.ts';
import type { CliIo } from './cli-io.ts';
import { openCommandFiles, writeSkipped } from './cli-open.ts';

export const CORRELATE_USAGE = 'trace-explorer correlate FILE… [--json]';

/**
 * `trace-explorer correlate FILE… [--json]`: opens the files as one incident and prints when each
 * service node began to fail or slow down (onsets), the configuration changes before that ranked
 * with their reasons (suspects), and the default change lane with what it kept off.
 */
export async function runCorrelateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length === 0) throw new AppError('invalidInput', `No files given. Usage: ${CORRELATE_USAGE}`);
  const { opened, skipped } = await openCommandFiles(positionals);
  const correlation = correlate(opened.dataset);
  const result = correlateJson(correlation);
  const sampling = samplingJson(opened.dataset, correlation);
  if (values.json) io.stdout.write(`${terminalJson({ ...result, sampling, problems: skipped })}\n`);
  else {
    io.stdout.write(formatCorrelation(result, opened.dataset.traces.length));
    io.stdout.write(formatSampling(sampling));
    writeSkipped(io, skipped);
  }
  return 0;
}

/** The sampling rules of the services where traces start, for people (`--json` has every service). */
export function formatSampling(sampling: SamplingJson): string {
  if (sampling.rules.length === 0) return '\nSampling rules: none in the files.\n';
  const lines = ['', `Sampling rules (${formatQuantity(sampling.rules.length, 'rule')}), where traces start:`];
  for (const service of sampling.services.filter((s) => s.decides).slice(0, 10)) {
    const rules = service.rules.map((r) => `${terminalSafe(r.name)} ${formatPercent(r.share)}`).join(', ') || 'no rule matches';
    const rates = service.measured === null ? '' : `; measured ${formatPercent(service.measured)} of API Gateway's Count${service.expected === null ? '' : `, the rules predict ${formatPercent(service.expected)}`}`;
    lines.push(`  ${terminalSafe(service.node)} [${terminalSafe(service.type)}]: ${rules}${rates}`);
  }
  return `${lines.join('\n')}\n`;
}

const KIND_TEXT = { fault: 'faults', error: 'errors', throttle: 'throttles', latency: 'latency' } as const;

function change(kind: CorrelateJson['onsets'][number]['kind'], before: number, after: number): string {
  return kind === 'latency' ? `${formatDuration(before)} → ${formatDuration(after)} (geometric mean)` : `${formatPercent(before)} → ${formatPercent(after)}`;
}

/** The correlation for people; names and reasons from the files are escaped for the terminal. */
export function formatCorrelation(result: CorrelateJson, traces: number): string {
  const lines: string[] = [];
  if (traces === 0) lines.push('No traces: nothing to find onsets in.');
  else if (result.onsets.length === 0) lines.push(`No onset: no node's faults, errors, throttles or latency departed from its own baseline in ${formatQuantity(traces, 'trace')}. No suspects.`);
  else {
    lines.push(`Onsets (${formatCount(result.onsets.length)}), from traced requests:`);
    for (const o of result.onsets) {
      lines.push(`  ${formatTime(o.at)}  ${terminalSafe(o.node)} [${terminalSafe(o.type)}]  ${KIND_TEXT[o.kind]} ${change(o.kind, o.before.value, o.after.value)}, ${formatCount(o.after.requests)} requests after against ${formatCount(o.before.requests)} before (${o.confidence})`);
    }
    if (result.edgeOnsets.length > 0) lines.push('', `Onsets of calls (${formatCount(result.edgeOnsets.length)}):`);
    for (const o of result.edgeOnsets.slice(0, 20)) {
      lines.push(`  ${formatTime(o.at)}  ${terminalSafe(o.label)}  ${KIND_TEXT[o.kind]} ${change(o.kind, o.before.value, o.after.value)} (${o.confidence})`);
    }
    if (result.edgeOnsets.length > 20) lines.push(`  … and ${formatCount(result.edgeOnsets.length - 20)} more (use --json for all)`);
    lines.push('', result.suspects.length === 0 ? 'Suspects: no configuration change before the onsets.' : 'Suspects, best first:');
    for (const [i, s] of result.suspects.slice(0, 10).entries()) {
      lines.push(`  ${i + 1}. ${s.score.toFixed(3)}  ${formatTime(s.at)}  ${terminalSafe(s.eventName)}  ${terminalSafe(s.resource ?? '')}  (${terminalSafe(s.eventId)})`);
      for (const reason of s.reasons) lines.push(`       - ${terminalSafe(reason)}`);
    }
    if (result.suspects.length > 10) lines.push(`  … and ${formatCount(result.suspects.length - 10)} more (use --json for all)`);
  }
  const events = result.lane.reduce((sum, marker) => sum + marker.count, 0);
  const { readOnly, failed, notConfig } = result.hidden;
  if (result.lane.length === 0 && readOnly + failed + notConfig === 0) {
    lines.push('', 'Change lane: no CloudTrail events in the files.');
    return `${lines.join('\n')}\n`;
  }
  lines.push('', `Change lane: ${formatQuantity(result.lane.length, 'marker')} for ${formatQuantity(events, 'configuration change')}; kept off: ${formatCount(readOnly)} read-only, ${formatCount(failed)} failed, ${formatCount(notConfig)} not configuration changes`);
  for (const marker of result.lane.slice(0, 50)) {
    lines.push(`  ${formatTime(marker.at)}  ${terminalSafe(marker.kind)}  ${terminalSafe(marker.eventName)}  ${terminalSafe(marker.resource ?? '')}${marker.count > 1 ? `  ×${formatCount(marker.count)}` : ''}`);
  }
  if (result.lane.length > 50) lines.push(`  … and ${formatCount(result.lane.length - 50)} more markers (use --json for all)`);
  return `${lines.join('\n')}\n`;
}

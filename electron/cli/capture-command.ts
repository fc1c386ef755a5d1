/**
 * `trace-explorer capture --region R --from T --to T --out FILE [--profile P] [--endpoint-url U]
 * [--filter EXPR] [--group G] [--time-range-type T] [--sampling FixedRate:V|PartialScan:V]
 * [--traces all|N|slowest:N|faults:N|share:F]
 * [--cloudtrail changes|all|none] [--metrics|--no-metrics]
 * [--time-series [--time-series-selector EXPR]] [--resume]`. Exit codes: 0 complete; 1 nothing
 * captured (no credentials, access denied, unknown region…); 2 usage; 3 a snapshot was written
 * but parts are missing (its gaps say which; --resume fetches them); 130 cancelled (resumable).
 */
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/base/errors.ts';
import { terminalSafe, terminalSafeLines } from '../../shared/base/terminal-text.ts';
import type { CliIo } from './cli-io.ts';
import { checkRegion, describeTraceSelection, parseTime, parseTraceSelection, type CaptureRequest, type CloudTrailMode } from '../capture/capture-options.ts';
import { configuredRegion } from '../capture/aws-session.ts';
import { hasJournal, readStateFile } from '../capture/journal.ts';
import { formatDuration } from '../../shared/base/format.ts';
import { ProgressBar } from '../capture/progress-bar.ts';
import { runCapture, type CaptureOptions, type CaptureSummary } from '../capture/run-capture.ts';

export const CAPTURE_USAGE =
  'trace-explorer capture --region R --from T --to T --out FILE [--profile P] [--endpoint-url U] [--filter EXPR] [--group G] ' +
  '[--time-range-type TraceId|Event|Service] [--sampling FixedRate:V|PartialScan:V] [--traces all|N|slowest:N|faults:N|share:F] ' +
  '[--cloudtrail changes|all|none] [--metrics|--no-metrics] [--time-series [--time-series-selector EXPR]] [--resume]\n' +
  '  times: ISO-8601 (2024-05-24T14:00:00Z) or relative to now (-3h, -90m, -2d, now); --to defaults to now\n' +
  '  credentials and Region: the AWS default chain (environment, shared config and credentials files, SSO, roles); --region defaults to the profile\'s';

export interface CaptureCommandIo extends CliIo {
  /** Cancels the capture (the command line passes none and listens for Ctrl-C itself). */
  readonly signal?: AbortSignal;
  /** Extra options for tests (pacing scale, credentials); never set by the command line. */
  readonly captureOptions?: Partial<CaptureOptions>;
  readonly now?: () => number;
}

const OPTIONS = {
  region: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string', short: 'o' },
  profile: { type: 'string' },
  'endpoint-url': { type: 'string' },
  filter: { type: 'string' },
  group: { type: 'string' },
  traces: { type: 'string' },
  cloudtrail: { type: 'string' },
  metrics: { type: 'boolean' },
  'no-metrics': { type: 'boolean' },
  'time-range-type': { type: 'string' },
  sampling: { type: 'string' },
  'time-series': { type: 'boolean' },
  'time-series-selector': { type: 'string' },
  resume: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function usageError(message: string): AppError {
  return new AppError('invalidInput', `${message}\nUsage: ${CAPTURE_USAGE}`);
}

function parseTimeRangeType(text: string | undefined): CaptureRequest['timeRangeType'] {
  if (text === undefined || text === 'TraceId' || text === 'Event' || text === 'Service') return text;
  throw usageError(`--time-range-type takes TraceId, Event or Service (got '${text}').`);
}

/** `FixedRate:0.1` or `PartialScan:0.5`: GetTraceSummaries' own sampling of the summaries. */
function parseSampling(text: string | undefined): CaptureRequest['sampling'] {
  if (text === undefined) return undefined;
  const match = /^(FixedRate|PartialScan):(\d*\.?\d+)$/.exec(text);
  const value = Number(match?.[2]);
  if (match === null || !(value > 0 && value <= 1)) throw usageError(`--sampling takes FixedRate:V or PartialScan:V with 0 < V <= 1 (got '${text}').`);
  return { name: match[1] as 'FixedRate' | 'PartialScan', value };
}

function parseCloudTrail(text: string | undefined): CloudTrailMode {
  if (text === undefined) return 'changes';
  if (text === 'changes' || text === 'all' || text === 'none') return text;
  throw usageError(`--cloudtrail takes changes, all or none (got '${text}').`);
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: false }>>['values'];

async function buildRequest(values: Values, now: number): Promise<CaptureRequest> {
  if (values.from === undefined) throw usageError('Missing --from T.');
  const region = values.region ?? (await configuredRegion(values.profile));
  if (region === undefined) {
    throw usageError(`Missing --region R: no Region is configured${values.profile === undefined ? '' : ` for profile ${values.profile}`} (AWS_REGION, or region in the profile's config file).`);
  }
  checkRegion(region);
  const from = parseTime(values.from, now);
  const to = values.to === undefined ? now : parseTime(values.to, now);
  if (!(to > from)) throw new AppError('invalidInput', `The window is empty: --from ${new Date(from).toISOString()} is not before --to ${new Date(to).toISOString()}.`);
  if (from > now) throw new AppError('invalidInput', `The window starts in the future (${new Date(from).toISOString()}).`);
  return {
    region,
    from,
    to,
    ...(values.filter === undefined ? {} : { filterExpression: values.filter }),
    ...(values.group === undefined ? {} : { group: values.group }),
    ...(values['time-range-type'] === undefined ? {} : { timeRangeType: parseTimeRangeType(values['time-range-type']) }),
    ...(values.sampling === undefined ? {} : { sampling: parseSampling(values.sampling) }),
    traces: parseTraceSelection(values.traces ?? 'all'),
    cloudtrail: parseCloudTrail(values.cloudtrail),
    metrics: values['no-metrics'] !== true,
    ...(values['time-series'] || values['time-series-selector'] !== undefined
      ? { timeSeries: values['time-series-selector'] === undefined ? {} : { entitySelector: values['time-series-selector'] } }
      : {}),
  };
}

/** On --resume, what was given must match what the stopped capture asked for. */
function checkResumeMatches(values: Values, stored: CaptureRequest): void {
  const differs: string[] = [];
  if (values.region !== undefined && values.region !== stored.region) differs.push(`--region ${stored.region}`);
  if (values.filter !== undefined && values.filter !== stored.filterExpression) differs.push('--filter');
  if (values.group !== undefined && values.group !== stored.group) differs.push('--group');
  if (values.traces !== undefined && values.traces !== describeTraceSelection(stored.traces)) differs.push(`--traces ${describeTraceSelection(stored.traces)}`);
  if (values.cloudtrail !== undefined && values.cloudtrail !== stored.cloudtrail) differs.push(`--cloudtrail ${stored.cloudtrail}`);
  if (values['time-range-type'] !== undefined && values['time-range-type'] !== (stored.timeRangeType ?? 'TraceId')) differs.push(`--time-range-type ${stored.timeRangeType ?? 'TraceId'}`);
  if (values.sampling !== undefined && values.sampling !== (stored.sampling ? `${stored.sampling.name}:${stored.sampling.value}` : undefined)) differs.push('--sampling');
  if ((values['time-series'] === true || values['time-series-selector'] !== undefined) && (stored.timeSeries === undefined || (values['time-series-selector'] ?? stored.timeSeries.entitySelector) !== stored.timeSeries.entitySelector)) {
    differs.push(stored.timeSeries === undefined ? 'no --time-series' : '--time-series-selector');
  }
  if (differs.length > 0) {
    throw new AppError('invalidInput', `--resume continues the stopped capture as it was asked (${differs.join(', ')}); drop the options that differ, or start a new capture into another file.`);
  }
}

function summaryLine(s: CaptureSummary): string {
  const c = s.counts;
  const window = `${new Date(s.request.from).toISOString()} – ${new Date(s.request.to).toISOString()}`;
  return (
    `${s.complete ? 'Captured' : 'Partly captured'} ${s.request.region} ${window} into ${s.out}: ` +
    `${c.traces} traces (${c.segments} segments, ${c.summaries} summaries), ${c.events} CloudTrail events, ${c.metricSeries} metric series, ${c.serviceGraphs} service graphs, ${c.samplingRules} sampling rules` +
    `${s.request.timeSeries ? `, ${c.timeSeries} time-series windows` : ''}; ` +
    `${s.calls} calls${s.throttles ? `, ${s.throttles} throttled` : ''} in ${formatDuration(s.elapsedMs / 1000)}${s.resumed ? ' (resumed)' : ''}.\n`
  );
}

/** `--from -3h` reads as an option followed by an option to parseArgs; join relative times to their option. */
function joinRelativeTimes(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    if ((arg === '--from' || arg === '--to') && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

export async function runCaptureCommand(args: readonly string[], io: CaptureCommandIo): Promise<number> {
  let values: Values;
  try {
    ({ values } = parseArgs({ args: joinRelativeTimes(args), options: OPTIONS, allowPositionals: false, strict: true }));
  } catch (error) {
    io.stderr.write(`error: ${terminalSafe((error as Error).message)}\nUsage: ${CAPTURE_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`Usage: ${CAPTURE_USAGE}\n`);
    return 0;
  }
  const now = io.now?.() ?? Date.now();
  let request: CaptureRequest | undefined;
  try {
    if (values.out === undefined) throw usageError('Missing --out FILE.');
    if (values.metrics && values['no-metrics']) throw usageError('Give --metrics or --no-metrics, not both.');
    if (values.resume) {
      if (!hasJournal(values.out)) throw new AppError('invalidInput', `Nothing to resume for ${values.out}: no stopped capture was found beside it.`);
      checkResumeMatches(values, readStateFile(values.out).request);
    } else {
      request = await buildRequest(values, now);
    }
  } catch (error) {
    if (error instanceof AppError) {
      io.stderr.write(`error: ${terminalSafeLines(error.message)}\n`);
      return 2;
    }
    throw error;
  }

  const controller = new AbortController();
  const onSigint = (): void => {
    io.stderr.write('\nStopping: the snapshot so far will be written; run again with --resume to continue.\n');
    controller.abort(new AppError('cancelled', 'Cancelled.'));
  };
  if (io.signal === undefined) process.once('SIGINT', onSigint);
  else if (io.signal.aborted) controller.abort(io.signal.reason);
  else io.signal.addEventListener('abort', () => controller.abort(io.signal?.reason), { once: true });

  const bar = new ProgressBar(io.stderr);
  let plannedShown = false;
  try {
    const summary = await runCapture(
      {
        out: values.out,
        ...(request ? { request } : {}),
        resume: values.resume === true,
        ...(values.profile === undefined ? {} : { profile: values.profile }),
        ...(values['endpoint-url'] === undefined ? {} : { endpointUrl: values['endpoint-url'] }),
        ...io.captureOptions,
      },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (!plannedShown && p.phase === 'plan') {
            plannedShown = true;
            io.stderr.write(`${p.message ? `${terminalSafe(p.message)} ` : ''}Plan: at least ${p.total - p.done} more calls, paced per API (CloudTrail 2/s per Region)${p.etaSeconds ? `, about ${formatDuration(Math.round(p.etaSeconds))}` : ''}.\n`);
            return;
          }
          bar.update(p);
        },
      },
    );
    bar.finish();
    if (summary.complete) {
      const c = summary.counts;
      if (c.summaries === 0 && c.events === 0 && c.metricSeries === 0) {
        io.stderr.write(`The window holds no traces, CloudTrail events or metrics in ${summary.request.region}: check --region, the times (X-Ray keeps 30 days, CloudTrail event history 90), and --filter / --group.\n`);
      }
      io.stdout.write(summaryLine(summary));
      return 0;
    }
    io.stdout.write(summaryLine(summary));
    if (summary.message) io.stderr.write(`${terminalSafeLines(summary.message)}\n`);
    const missing = summary.gaps.filter((g) => g.kind !== 'skipped' && g.kind !== 'truncated');
    // Gaps quote what AWS answered: escaped, one line each.
    for (const gap of missing.slice(0, 8)) io.stderr.write(`  missing: ${terminalSafe(`${gap.what}${gap.window ? ` ${gap.window.start}–${gap.window.end}` : ''}${gap.ids ? ` (${gap.ids.length} ids)` : ''}: ${gap.detail}`)}\n`);
    if (missing.length > 8) io.stderr.write(`  … and ${missing.length - 8} more gaps, listed in the snapshot.\n`);
    io.stderr.write(`Run the same command with --resume to fetch what is missing.\n`);
    return summary.stoppedBecause === 'cancelled' ? 130 : 3;
  } catch (error) {
    bar.finish();
    if (error instanceof AppError) {
      io.stderr.write(`error: ${terminalSafeLines(error.message)}\n`);
      return error.kind === 'cancelled' ? 130 : 1;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

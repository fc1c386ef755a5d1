/**
 * One capture from AWS into an incident snapshot: plan, fetch (journaled call by call), write.
 * X-Ray runs in one lane (summaries, then traces, service graphs with the sampling rules, and
 * metrics side by side) and
 * each CloudTrail Region in its own, since their rate limits are separate. Cancel, expired
 * credentials or a lost network stop it with a valid snapshot whose gaps say what is missing;
 * `resume` replays the journal and fetches only the rest.
 */
import type { Gap, SnapshotContent } from '../../shared/model/index.ts';
import { AppError } from '../../shared/base/errors.ts';
import { APP_VERSION } from '../../shared/base/version.ts';
import { writeSnapshotFile } from '../files/snapshot-file.ts';
import { describeAwsError, isAbort, isExpiredToken, isFatal, toAppError } from './aws-errors.ts';
import { AwsSession, type AwsAccessOptions } from './aws-session.ts';
import { computeGaps, isComplete, type StopReason } from './capture-gaps.ts';
import { makeCall, runPart, settleAll, type CaptureContext } from './capture-context.ts';
import { checkRegion, type CaptureRequest } from './capture-options.ts';
import { CaptureState } from './capture-state.ts';
import { captureCloudTrail, cloudTrailRegions } from './cloudtrail-capture.ts';
import { realClock, type Clock } from './clock.ts';
import { hasJournal, isAnswer, Journal, readStateFile, removeJournal, writeStateFile, type JournalEntry } from './journal.ts';
import { captureMetrics, metricPeriod } from './metrics-capture.ts';
import { estimateRemaining, etaSeconds, totalRemaining, type CapturePhase, type CaptureProgress } from './progress.ts';
import { buildSnapshot, type SnapshotCounts } from './snapshot-builder.ts';
import { captureServiceGraphs, captureSummaries, captureTraces } from './xray-capture.ts';
import { captureSamplingRules } from './xray-sampling-rules.ts';
import { captureTimeSeries } from './xray-time-series.ts';

export interface CaptureOptions extends AwsAccessOptions {
  /** The snapshot file; the journal lives beside it (`<out>.capture.json`, `<out>.capture.ndjson`). */
  readonly out: string;
  /** What to fetch. Required for a new capture; a resume takes it from the journal. */
  readonly request?: CaptureRequest;
  readonly resume?: boolean;
  /**
   * First width of the GetTraceSummaries sub-windows (default 24 h, so that a window costs no
   * more calls than its pages; X-Ray publishes no limit, and a "time range too wide" answer
   * narrows it, see xray-capture.ts).
   */
  readonly summaryWindowMs?: number;
  /** Width of the GetServiceGraph (and time-series) windows (default 6 h: one graph per 6 hours of a long capture). */
  readonly graphWindowMs?: number;
  /** BatchGetTraces calls in flight at once, all under the same pacing (default 3). */
  readonly traceConcurrency?: number;
  /** A snapshot of what is fetched so far is written this often (default 60 s), and after the first answer. */
  readonly checkpointIntervalMs?: number;
  readonly keepJournal?: boolean;
  /** After a cancel, calls already in flight may answer for this long (default 2 s) before they are aborted. */
  readonly cancelGraceMs?: number;
  /** fdatasync after every journal line (default true). */
  readonly durableJournal?: boolean;
  /** Multiplies every pacing interval and backoff (tests use a fraction of real time). Default 1. */
  readonly timeScale?: number;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly appVersion?: string;
  /** How the snapshot is written (default: electron/host/snapshot-file.ts). */
  readonly writeSnapshot?: (path: string, content: SnapshotContent) => Promise<void>;
}

export interface CaptureHooks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: CaptureProgress) => void;
}

export interface CaptureSummary {
  readonly out: string;
  readonly complete: boolean;
  readonly stoppedBecause?: Exclude<StopReason, 'running'>;
  /** Why it stopped, for people. */
  readonly message?: string;
  readonly request: CaptureRequest;
  readonly resumed: boolean;
  readonly counts: SnapshotCounts;
  /** Calls made on the wire in this run, retries included. */
  readonly calls: number;
  readonly callsByOperation: Readonly<Record<string, number>>;
  readonly throttles: number;
  readonly retries: number;
  readonly gaps: readonly Gap[];
  readonly elapsedMs: number;
}

const HOUR = 3_600_000;
/** The first width of the summary sub-windows, and the width of the service-graph windows (see CaptureOptions). */
export const DEFAULT_SUMMARY_WINDOW_MS = 24 * HOUR;
export const DEFAULT_GRAPH_WINDOW_MS = 6 * HOUR;

const PHASE_OF_OP: ReadonlyMap<string, CapturePhase> = new Map([
  ['GetTraceSummaries', 'summaries'],
  ['split', 'summaries'],
  ['BatchGetTraces', 'traces'],
  ['GetServiceGraph', 'serviceGraph'],
  ['GetTimeSeriesServiceStatistics', 'serviceGraph'],
  ['GetSamplingRules', 'serviceGraph'],
  ['LookupEvents', 'cloudtrail'],
  ['restart', 'cloudtrail'],
  ['ListMetrics', 'metrics'],
  ['GetMetricData', 'metrics'],
]);

function resolveRequest(options: CaptureOptions): { request: CaptureRequest; resumed: boolean } {
  if (options.resume) {
    if (!hasJournal(options.out)) throw new AppError('invalidInput', `Nothing to resume: no capture journal next to ${options.out} (${options.out}.capture.json).`);
    return { request: readStateFile(options.out).request, resumed: true };
  }
  if (hasJournal(options.out)) {
    throw new AppError('invalidInput', `A capture into ${options.out} was stopped before it finished. Add --resume to continue it, or delete ${options.out}.capture.json and ${options.out}.capture.ndjson to start over.`);
  }
  const request = options.request;
  if (request === undefined) throw new AppError('invalidInput', 'No capture request given.');
  checkRegion(request.region);
  if (!(request.to > request.from)) throw new AppError('invalidInput', `The window is empty: --from (${new Date(request.from).toISOString()}) must be before --to (${new Date(request.to).toISOString()}).`);
  const withPeriod: CaptureRequest = request.metricPeriodSeconds === undefined ? { ...request, metricPeriodSeconds: metricPeriod(request.from, request.to, Date.now()) } : request;
  writeStateFile(options.out, { format: 'trace-explorer-capture', version: 1, request: withPeriod, startedAt: new Date().toISOString() });
  return { request: withPeriod, resumed: false };
}

export async function runCapture(options: CaptureOptions, hooks: CaptureHooks = {}): Promise<CaptureSummary> {
  const clock = options.clock ?? realClock;
  const started = clock.now();
  const { request, resumed } = resolveRequest(options);
  const regions = cloudTrailRegions(request.region, request.cloudtrail, request.cloudtrailGlobalRegion ?? true);
  const state = new CaptureState(request, options.summaryWindowMs ?? DEFAULT_SUMMARY_WINDOW_MS, options.graphWindowMs ?? DEFAULT_GRAPH_WINDOW_MS, regions);
  const { journal, entries } = Journal.open(options.out, options.durableJournal ?? true);
  for (const entry of entries) state.apply(entry);
  let answered = entries.filter(isAnswer).length;

  const inner = new AbortController();
  // In-flight calls get a grace period to answer after a stop, so what is already on its way is kept.
  const hard = new AbortController();
  const graceMs = options.cancelGraceMs ?? 2000;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  inner.signal.addEventListener('abort', () => {
    graceTimer = setTimeout(() => hard.abort(inner.signal.reason), graceMs);
  }, { once: true });
  const onUserAbort = (): void => inner.abort(hooks.signal?.reason);
  if (hooks.signal?.aborted) inner.abort(hooks.signal.reason);
  hooks.signal?.addEventListener('abort', onUserAbort, { once: true });
  const timeScale = options.timeScale ?? 1;
  const session = new AwsSession(options, clock, timeScale, inner.signal, options.random);
  const write = options.writeSnapshot ?? writeSnapshotFile;
  const meta = { appVersion: options.appVersion ?? APP_VERSION };

  let lastTotal = answered + 1;
  let lastEstimateAt = Number.NEGATIVE_INFINITY;
  const emit = (phase: CapturePhase, message?: string, force = false): void => {
    if (hooks.onProgress === undefined) return;
    const now = clock.now();
    let eta: number | undefined;
    if (force || now - lastEstimateAt > 250) {
      const remaining = estimateRemaining(state);
      lastTotal = answered + totalRemaining(remaining);
      eta = etaSeconds(remaining, (op, region) => session.pacer(op, region ?? request.region).intervalMs / timeScale);
      lastEstimateAt = now;
    }
    hooks.onProgress({
      phase,
      done: answered,
      total: Math.max(lastTotal, answered),
      calls: session.stats.calls,
      throttles: session.stats.throttles,
      etaSeconds: eta,
      fetched: state.fetchedCounts(),
      ...(message ? { message } : {}),
    });
  };

  let checkpoint: Promise<void> | undefined;
  let lastCheckpointAt = Number.NEGATIVE_INFINITY;
  const interval = options.checkpointIntervalMs ?? 60_000;
  const writeCheckpoint = (): void => {
    if (checkpoint !== undefined) return;
    lastCheckpointAt = clock.now();
    const { content } = buildSnapshot(state, computeGaps(state, 'running'), { ...meta, createdAt: new Date().toISOString() });
    checkpoint = write(options.out, content)
      .catch(() => undefined)
      .finally(() => {
        checkpoint = undefined;
      });
  };

  let closed = false;
  const ctx: CaptureContext = {
    request,
    state,
    session,
    signal: inner.signal,
    sendSignal: hard.signal,
    clock,
    timeScale,
    traceConcurrency: options.traceConcurrency ?? 3,
    call: makeCall(session),
    record(entry: JournalEntry) {
      if (closed) throw new AppError('cancelled', 'The capture has stopped.');
      journal.append(entry);
      state.apply(entry);
      if (isAnswer(entry)) answered += 1;
      emit(PHASE_OF_OP.get(entry.op) ?? 'plan');
      if (clock.now() - lastCheckpointAt >= interval) writeCheckpoint();
    },
  };

  emit('plan', resumed ? `Resuming: ${answered} calls already answered.` : undefined, true);
  let fatal: unknown;
  try {
    // Credentials first: no credentials is a clear message, not a snapshot of gaps.
    await ctx.call(() => session.checkCredentials());
    const guard = (lane: Promise<void>): Promise<void> =>
      lane.catch((error: unknown) => {
        fatal ??= error;
        inner.abort(error);
      });
    const xrayLane = async (): Promise<void> => {
      await captureSummaries(ctx);
      const traces = state.summariesDone || request.traces.mode === 'all' ? runPart(ctx, 'traces', 'xray:BatchGetTraces', () => captureTraces(ctx)) : Promise.resolve();
      await settleAll([traces, captureServiceGraphs(ctx)
          .then(() => captureTimeSeries(ctx))
          .then(() => captureSamplingRules(ctx)), state.summariesDone ? captureMetrics(ctx) : Promise.resolve()]);
    };
    const xray = guard(xrayLane());
    // CloudTrail (in this Region and in us-east-1) starts once X-Ray's endpoint has answered (or its
    // lane has ended), so a Region whose endpoint does not exist stops the capture before anything
    // is asked elsewhere.
    const cloudtrail = guard(Promise.race([session.firstCallSettled, xray]).then(() => captureCloudTrail(ctx)));
    await Promise.all([xray, cloudtrail]);
  } catch (error) {
    fatal ??= error;
  } finally {
    closed = true;
    if (graceTimer !== undefined) clearTimeout(graceTimer);
    hooks.signal?.removeEventListener('abort', onUserAbort);
    journal.close();
  }
  if (checkpoint !== undefined) await checkpoint;

  let stoppedBecause: Exclude<StopReason, 'running'> | undefined;
  let message: string | undefined;
  // A cancel that came once everything was fetched changes nothing: the capture is complete.
  const cancelledTooLate = hooks.signal?.aborted === true && (fatal === undefined || isAbort(fatal, inner.signal)) && isComplete(computeGaps(state, 'cancelled'));
  if (cancelledTooLate) {
    // nothing is missing
  } else if (hooks.signal?.aborted) {
    stoppedBecause = 'cancelled';
    message = 'Cancelled.';
  } else if (fatal !== undefined) {
    stoppedBecause = isExpiredToken(fatal) ? 'expiredCredentials' : 'failed';
    message = describeAwsError(fatal, 'the capture', request.region);
    if (answered === 0 && !resumed && isFatal(fatal)) {
      // Nothing was fetched: say why, and leave nothing behind.
      session.destroy();
      removeJournal(options.out);
      throw toAppError(fatal, 'the capture', request.region);
    }
  }
  const gaps = computeGaps(state, stoppedBecause, message);
  emit('write', undefined, true);
  const built = buildSnapshot(state, gaps, { ...meta, createdAt: new Date().toISOString() });
  await write(options.out, built.content);
  const complete = stoppedBecause === undefined && isComplete(gaps);
  if (complete && !options.keepJournal) removeJournal(options.out);
  session.destroy();
  emit('done', complete ? 'Capture complete.' : message, true);
  return {
    out: options.out,
    complete,
    ...(stoppedBecause ? { stoppedBecause } : {}),
    ...(message ? { message } : {}),
    request,
    resumed,
    counts: built.counts,
    calls: session.stats.calls,
    callsByOperation: Object.fromEntries(session.stats.byOperation),
    throttles: session.stats.throttles,
    retries: session.stats.retries,
    gaps,
    elapsedMs: clock.now() - started,
  };
}

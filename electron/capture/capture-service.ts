/**
 * Capture for the app: the host's `CaptureService` (below) on top of
 * runCapture. `start` checks the request and returns at once with an id; the capture runs in the
 * host process and reports through `emit` as the contract's `captureProgress` events, the last
 * one `done`, `failed` or `cancelled`. The snapshot goes into the service's own folder under a
 * name it picks (the request names no output) and `start` says which, for the host to hand out a
 * handle. One capture runs at a time (they would share the account's rate limits). Starting the
 * same request as a stopped capture continues that capture's file (the command line's `--resume`).
 *
 * Credentials never cross to the renderer: the request names at most a profile, the SDK's
 * provider chain resolves it here, and every message sent on is cleaned of anything shaped like
 * a credential (redact.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { captureProgressSchema, type CaptureCancelled, type CaptureEstimate, type CaptureSetup, type SignInAnswer, type SignInProgress, type CaptureProgress as AppProgress, type CaptureRequest as AppRequest } from '../../shared/contract/host/index.ts';
import { AppError, toErrorData } from '../../shared/base/errors.ts';
import { fromAppRequest, outputPathFor } from './capture-request.ts';
import type { CaptureRequest } from './capture-options.ts';
import type { FetchedCounts } from './capture-state.ts';
import { stoppedRequestIn } from './journal.ts';
import { estimateCapture } from './capture-estimate.ts';
import { captureSetup } from './capture-setup.ts';
import { signInProfile } from './sso-sign-in.ts';
import { DeviceSignIns } from './sso-device-sign-in.ts';
import { realClock } from './clock.ts';
import { formatDuration, formatQuantity } from '../../shared/base/format.ts';
import type { CapturePhase, CaptureProgress } from './progress.ts';
import { redactSecrets } from './redact.ts';
import { runCapture, type CaptureOptions, type CaptureSummary } from './run-capture.ts';

/** A capture that started: its id (on every event) and the snapshot file it writes. */
export interface StartedCapture {
  readonly captureId: string;
  /** Chosen by the service, in its output folder; the host gives the page a handle for it, never the path. */
  readonly outputPath: string;
}

/** What a host can plug in to capture from AWS (electron/host takes it as an option); without it, capture is refused. */
export interface CaptureService {
  start(request: AppRequest, emit: (event: AppProgress) => void): Promise<StartedCapture>;
  cancel(captureId: string): Promise<CaptureCancelled>;
  /** The AWS profiles and default Region of this machine, for the dialog (names and states only). */
  setup?(): Promise<CaptureSetup>;
  /** What `request` would cost, and whether starting it continues a stopped capture. */
  estimate?(request: AppRequest): Promise<CaptureEstimate>;
  /** Signs an SSO profile in: the profile's new state, or the device sign-in to approve (its end told to `emit`). */
  signIn?(profile: string, emit: (event: SignInProgress) => void): Promise<SignInAnswer>;
  /** Stops what runs (its partial snapshot is written) before the host goes away. */
  close?(): Promise<void>;
}

export interface CaptureServiceOptions {
  /** Where snapshots go (the app's captures folder): the request never names a place. */
  readonly outputDir: string;
  /** Extra capture options (tests: pacing scale, endpoint); never taken from the renderer. */
  readonly captureOptions?: Partial<CaptureOptions>;
  readonly now?: () => number;
}

export interface RunningCaptureService extends CaptureService {
  setup(): Promise<CaptureSetup>;
  estimate(request: AppRequest): Promise<CaptureEstimate>;
  signIn(profile: string, emit: (event: SignInProgress) => void): Promise<SignInAnswer>;
  /** Cancels what runs and waits until its snapshot is written. */
  close(): Promise<void>;
}

const PHASES: Readonly<Record<Exclude<CapturePhase, 'done'>, AppProgress['phase']>> = {
  plan: 'estimating',
  summaries: 'summaries',
  traces: 'traces',
  serviceGraph: 'serviceGraph',
  cloudtrail: 'events',
  metrics: 'metrics',
  write: 'writing',
};

const MAX_MESSAGE = 2000;

function counts(fetched: FetchedCounts, calls: number): AppProgress['counts'] {
  return { traces: fetched.traces, segments: fetched.segments, events: fetched.events, metricResults: fetched.metricSeries, requests: calls };
}

/** The line the app shows beside the bar: calls, throttling and time left (also sent as fields). */
function describe(p: CaptureProgress): string {
  const parts = [p.phase === 'plan' ? `Plan: at least ${p.total - p.done} more calls, paced per API (CloudTrail 2/s per Region)` : `${p.calls} calls`];
  if (p.throttles > 0) parts.push(`${p.throttles} throttled`);
  if (p.etaSeconds !== undefined) parts.push(`about ${formatDuration(Math.round(p.etaSeconds))} left`);
  const line = parts.join(', ');
  return p.message ? `${p.message} ${line}` : line;
}

function finalEvent(id: string, summary: CaptureSummary): AppProgress {
  const base = { captureId: id, done: summary.calls, counts: counts({ ...summary.counts }, summary.calls) };
  if (summary.complete) {
    return { ...base, phase: 'done', total: summary.calls, message: `Captured ${formatQuantity(summary.counts.traces, 'trace')}, ${formatQuantity(summary.counts.events, 'CloudTrail event')} and ${formatQuantity(summary.counts.metricSeries, 'metric series', 'metric series')} in ${formatQuantity(summary.calls, 'call')}${summary.resumed ? ' (this run; the rest came before it stopped)' : ''}.` };
  }
  const missing = summary.gaps.filter((g) => g.kind !== 'skipped' && g.kind !== 'truncated');
  // Why: the reason it stopped, else what the failed parts say (access denied names the action).
  const why = summary.message ?? [...new Set(missing.filter((g) => g.kind !== 'notFetched').map((g) => g.detail))].slice(0, 3).join(' ');
  const message = `${why || 'Parts could not be fetched.'} The snapshot holds what was fetched and lists ${missing.length} missing part${missing.length === 1 ? '' : 's'}; start the same capture again to fetch the rest.`;
  if (summary.stoppedBecause === 'cancelled') return { ...base, phase: 'cancelled', message };
  const kind = summary.stoppedBecause === 'expiredCredentials' || /Access denied/.test(why) ? 'auth' : 'internal';
  return { ...base, phase: 'failed', message, error: { kind, message: why || message } };
}

export function createCaptureService(options: CaptureServiceOptions): RunningCaptureService {
  const endpoint = options.captureOptions?.endpointUrl === undefined ? {} : { endpointUrl: options.captureOptions.endpointUrl };
  const wallClock = options.now ?? Date.now;
  const devices = new DeviceSignIns({ ...endpoint, clock: options.captureOptions?.clock ?? realClock, now: wallClock, ...(options.captureOptions?.timeScale === undefined ? {} : { timeScale: options.captureOptions.timeScale }) });
  const running = new Map<string, { controller: AbortController; finished: Promise<void> }>();
  /** The event as the contract has it, messages cleaned; undefined if it does not fit (never sent half-formed). */
  const clean = (event: AppProgress): AppProgress | undefined => {
    const message = event.message === undefined ? undefined : redactSecrets(event.message).slice(0, MAX_MESSAGE);
    const error = event.error === undefined ? undefined : { ...event.error, message: redactSecrets(event.error.message).slice(0, MAX_MESSAGE) };
    const parsed = captureProgressSchema.safeParse({ ...event, ...(message === undefined ? {} : { message }), ...(error === undefined ? {} : { error }) });
    return parsed.success ? parsed.data : undefined;
  };

  return {
    async start(app: AppRequest, emit: (event: AppProgress) => void): Promise<StartedCapture> {
      if (running.size > 0) throw new AppError('invalidInput', 'A capture is already running. Wait for it to finish or cancel it first: captures share the account\'s rate limits.');
      const now = options.now?.() ?? Date.now();
      const request = fromAppRequest(app, now);
      const { out, resume } = outputPathFor(request, options.outputDir, stoppedRequestIn);
      await mkdir(dirname(out), { recursive: true });

      const id = randomUUID();
      const controller = new AbortController();
      const send = (event: AppProgress): void => {
        const checked = clean(event);
        if (checked !== undefined) emit(checked);
      };
      const onProgress = (p: CaptureProgress): void => {
        if (p.phase === 'done') return;
        send({ captureId: id, phase: PHASES[p.phase], done: p.done, total: p.total, counts: counts(p.fetched, p.calls), throttles: p.throttles, ...(p.etaSeconds === undefined ? {} : { etaSeconds: p.etaSeconds }), message: describe(p) });
      };
      const finished = runCapture(
        {
          ...options.captureOptions,
          ...(app.profile === undefined ? {} : { profile: app.profile }),
          out,
          ...(resume ? { resume: true } : { request }),
        },
        { signal: controller.signal, onProgress },
      ).then(
        (summary) => send(finalEvent(id, summary)),
        (error: unknown) => {
          const data = toErrorData(error);
          send({
            captureId: id,
            phase: data.kind === 'cancelled' ? 'cancelled' : 'failed',
            done: 0,
            counts: { traces: 0, segments: 0, events: 0, metricResults: 0, requests: 0 },
            message: data.message,
            error: data,
          });
        },
      )
        .catch(() => undefined)
        .finally(() => running.delete(id));
      running.set(id, { controller, finished });
      return { captureId: id, outputPath: out };
    },

    setup: async () => captureSetup(options.now?.() ?? Date.now()),

    estimate: async (app) =>
      estimateCapture(app, options.now?.() ?? Date.now(), {
        outputDir: options.outputDir,
        ...(options.captureOptions?.summaryWindowMs === undefined ? {} : { summaryWindowMs: options.captureOptions.summaryWindowMs }),
        ...(options.captureOptions?.graphWindowMs === undefined ? {} : { graphWindowMs: options.captureOptions.graphWindowMs }),
      }),

    signIn: async (profile, emit) => signInProfile(profile, { ...endpoint, now: wallClock, devices, onFinished: emit }),

    async cancel(captureId: string): Promise<CaptureCancelled> {
      const capture = running.get(captureId);
      if (capture === undefined) return { cancelled: false };
      capture.controller.abort(new AppError('cancelled', 'Cancelled.'));
      return { cancelled: true };
    },

    async close(): Promise<void> {
      devices.close();
      const all = [...running.values()];
      for (const capture of all) capture.controller.abort(new AppError('cancelled', 'The app is closing.'));
      await Promise.all(all.map((capture) => capture.finished));
    },
  };
}

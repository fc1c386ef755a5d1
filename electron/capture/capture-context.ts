/** What every part of a capture works with: the request, the state, the clients and the journal. */
import type { CaptureRequest } from './capture-options.ts';
import type { CaptureState } from './capture-state.ts';
import type { AwsSession } from './aws-session.ts';
import type { Clock } from './clock.ts';
import type { JournalEntry } from './journal.ts';
import { describeAwsError, isExpiredToken, isFatal, isThrottle } from './aws-errors.ts';

export interface CaptureContext {
  readonly request: CaptureRequest;
  readonly state: CaptureState;
  readonly session: AwsSession;
  /** Stops the capture: no new call starts (pacing and retries end at once). */
  readonly signal: AbortSignal;
  /** Given to the SDK: aborts calls still in flight a grace period after `signal`, so answers already on their way are kept. */
  readonly sendSignal: AbortSignal;
  readonly clock: Clock;
  readonly timeScale: number;
  readonly traceConcurrency: number;
  /** Writes the entry to the journal (durably), then applies it to the state. */
  record(entry: JournalEntry): void;
  /** Runs one AWS call; on an expired token asks for fresh credentials once and tries again. */
  call<T>(run: () => Promise<T>): Promise<T>;
}

/** Bound on pages of one paginated request: far above any real capture, so loops always end. */
export const MAX_PAGES = 1_000_000;

export function makeCall(session: AwsSession): <T>(run: () => Promise<T>) => Promise<T> {
  let refreshing: Promise<boolean> | undefined;
  return async (run) => {
    try {
      return await run();
    } catch (error) {
      if (!isExpiredToken(error)) throw error;
      refreshing ??= session.refreshCredentials().finally(() => {
        refreshing = undefined;
      });
      if (!(await refreshing)) throw error;
      return run();
    }
  };
}

/** Waits for every task, then throws the first failure: nothing is left running behind a failure. */
export async function settleAll(tasks: readonly Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

/**
 * Runs one part of the capture (a Region's events, the metrics…). A failure that concerns only
 * this part is recorded and the rest goes on; a fatal one (cancel, expired credentials, no
 * credentials, unknown host) is thrown to stop everything.
 */
export async function runPart(ctx: CaptureContext, task: string, action: string, part: () => Promise<void>): Promise<void> {
  try {
    await part();
  } catch (error) {
    if (isFatal(error, ctx.signal)) throw error;
    ctx.state.failures.set(task, { kind: isThrottle(error) ? 'throttled' : 'failed', detail: describeAwsError(error, action, ctx.request.region) });
  }
}

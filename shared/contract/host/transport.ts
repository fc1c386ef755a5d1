import { AppError, toErrorData, type Result } from '../../base/errors.ts';
import { channels, events, isChannelName, type ChannelName, type RequestOf, type ResponseOf } from './channels.ts';
import type { HostApi, HostHandlers, HostTransport } from './host-api.ts';
import { resultSchema } from './schemas.ts';

/**
 * Both ends of the contract, independent of the wire: the caller side checks what it sends and
 * parses what it gets; the host side parses every request before a handler sees it, and turns
 * anything thrown into error data.
 */

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
  readonly errors?: readonly (readonly Issue[])[];
}

/** For a union, the issues of the branch that matched furthest (the one the sender meant). */
function closestIssues(issues: readonly Issue[]): readonly Issue[] {
  const [first] = issues;
  if (issues.length !== 1 || first?.code !== 'invalid_union' || !first.errors?.length) return issues;
  const depth = (branch: readonly Issue[]): number => Math.max(...branch.map((issue) => issue.path.length));
  const best = [...first.errors].sort((a, b) => depth(b) - depth(a))[0] ?? [];
  return best.length ? best.map((issue) => ({ ...issue, path: [...first.path, ...issue.path] })) : issues;
}

function describeIssues(error: { issues: readonly Issue[] }): string {
  return closestIssues(error.issues)
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

async function call<C extends ChannelName>(transport: HostTransport, channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
  const spec = channels[channel];
  const checked = spec.request.safeParse(request);
  if (!checked.success) {
    return { ok: false, error: { kind: 'invalidInput', message: `Bad ${channel} request: ${describeIssues(checked.error)}` } };
  }
  let raw: unknown;
  try {
    raw = await transport.invoke(channel, checked.data);
  } catch (error) {
    const data = toErrorData(error);
    return { ok: false, error: { kind: data.kind, message: `Could not reach the Trace Explorer host (${channel}): ${data.message}` } };
  }
  const parsed = resultSchema(spec.response).safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: { kind: 'internal', message: `The host answered ${channel} with an unexpected shape: ${describeIssues(parsed.error)}` } };
  }
  return parsed.data as Result<ResponseOf<C>>;
}

/** The renderer-side object: domain methods over any transport (IPC in the preload, HTTP in a browser). */
export function hostApiFromTransport(transport: HostTransport): HostApi {
  return {
    getAppInfo: () => call(transport, 'getAppInfo', {}),
    openSnapshot: (request) => call(transport, 'openSnapshot', request),
    openDemo: () => call(transport, 'openDemo', {}),
    streamFiles: (request) => call(transport, 'streamFiles', request),
    pickFiles: (request) => call(transport, 'pickFiles', request),
    listRecent: () => call(transport, 'listRecent', {}),
    saveNotes: (request) => call(transport, 'saveNotes', request),
    startCapture: (request) => call(transport, 'startCapture', request),
    cancelCapture: (request) => call(transport, 'cancelCapture', request),
    getCaptureSetup: () => call(transport, 'getCaptureSetup', {}),
    estimateCapture: (request) => call(transport, 'estimateCapture', request),
    signIn: (request) => call(transport, 'signIn', request),
    onDidCaptureProgress: (listener) =>
      transport.subscribe('captureProgress', (payload) => {
        const parsed = events.captureProgress.safeParse(payload);
        if (parsed.success) listener(parsed.data);
      }),
    onDidSignIn: (listener) =>
      transport.subscribe('signInProgress', (payload) => {
        const parsed = events.signInProgress.safeParse(payload);
        if (parsed.success) listener(parsed.data);
      }),
    onDidMenuCommand: (listener) =>
      transport.subscribe('menuCommand', (payload) => {
        const parsed = events.menuCommand.safeParse(payload);
        if (parsed.success) listener(parsed.data);
      }),
  };
}

/**
 * The host side: finds the channel, parses the request, runs its handler and returns a Result.
 * Unknown channels and bad payloads are `invalidInput`; never throws.
 */
export async function dispatchRequest(handlers: HostHandlers, channel: string, payload: unknown): Promise<Result<unknown>> {
  if (!isChannelName(channel)) return { ok: false, error: { kind: 'notFound', message: `No such request: ${channel.slice(0, 80)}` } };
  const parsed = channels[channel].request.safeParse(payload);
  if (!parsed.success) {
    return { ok: false, error: { kind: 'invalidInput', message: `Bad ${channel} request: ${describeIssues(parsed.error)}` } };
  }
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}

/** For host handlers: throw this when a capability is missing in this host. */
export function notAvailable(what: string, instead: string): AppError {
  return new AppError('notFound', `${what} is not available here. ${instead}`);
}

import type { AppErrorData } from '../../../shared/base/errors.ts';
import type { CaptureProfile, CaptureRequest, CaptureSetup } from '../../../shared/contract/host/index.ts';

/**
 * The Capture dialog's choices and how they map onto the contract's captureRequest: presets end
 * at the current minute (so the same choice made again within the minute is the same request, and
 * continues a stopped capture); custom times are UTC; X-Ray's group and filter expression go as
 * given; traces all / slowest N / faults N; CloudTrail changes (write events) / all / none;
 * API Gateway metrics, per method when detailed.
 */
export type WindowPreset = '1h' | '3h' | '24h' | 'custom';
export type TraceChoice = 'all' | 'slowest' | 'faults';
export type CloudTrailChoice = 'changes' | 'all' | 'none';

export interface CaptureFormState {
  /** '' for the default credential chain. */
  readonly profile: string;
  readonly region: string;
  readonly preset: WindowPreset;
  /** Custom window, `YYYY-MM-DDTHH:MM` in UTC (what a datetime-local input holds). */
  readonly from: string;
  readonly to: string;
  readonly group: string;
  readonly filterExpression: string;
  readonly traces: TraceChoice;
  readonly traceCount: string;
  readonly cloudTrail: CloudTrailChoice;
  readonly metrics: boolean;
  readonly detailedMetrics: boolean;
}

export const PRESET_HOURS: Readonly<Record<Exclude<WindowPreset, 'custom'>, number>> = { '1h': 1, '3h': 3, '24h': 24 };
const MINUTE = 60_000;
const HOUR = 3_600_000;

/** `YYYY-MM-DDTHH:MM` of an epoch time, in UTC. */
export function toLocalInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

/** The Region a profile brings: its own, else the machine's default, else us-east-1. */
export function regionFor(setup: CaptureSetup | undefined, profile: string): string {
  const own = setup?.profiles.find((p) => p.name === profile)?.region;
  return own ?? setup?.defaultRegion ?? 'us-east-1';
}

export function initialForm(setup: CaptureSetup | undefined, now: number): CaptureFormState {
  const profile = setup?.defaultProfile !== undefined && setup.profiles.some((p) => p.name === setup.defaultProfile) ? setup.defaultProfile : '';
  const end = Math.floor(now / MINUTE) * MINUTE;
  return {
    profile,
    region: regionFor(setup, profile),
    preset: '1h',
    from: toLocalInput(end - HOUR),
    to: toLocalInput(end),
    group: '',
    filterExpression: '',
    traces: 'all',
    traceCount: '100',
    cloudTrail: 'changes',
    metrics: true,
    detailedMetrics: true,
  };
}

/** Whether an SSO profile must be signed in before a capture can use it. */
export function needsSignIn(profile: CaptureProfile | undefined): boolean {
  return profile?.sso !== undefined && profile.sso.state !== 'valid';
}

const bad = (message: string): { readonly error: AppErrorData } => ({ error: { kind: 'invalidInput', message } });

/** The request the form asks for, or what to correct (in the words of the field). */
export function toRequest(form: CaptureFormState, now: number): { readonly request: CaptureRequest } | { readonly error: AppErrorData } {
  const region = form.region.trim();
  if (region === '') return bad('Choose a Region, such as us-east-1.');
  let start: number;
  let end: number;
  if (form.preset === 'custom') {
    start = Date.parse(`${form.from}:00Z`);
    end = Date.parse(`${form.to}:00Z`);
    if (Number.isNaN(start) || Number.isNaN(end)) return bad('Give the custom window a start and an end (UTC).');
    if (end <= start) return bad('The window ends before it starts: its end must be after its start.');
    if (start > now) return bad('The window starts in the future.');
  } else {
    end = Math.floor(now / MINUTE) * MINUTE;
    start = end - PRESET_HOURS[form.preset] * HOUR;
  }
  const count = Number(form.traceCount);
  if (form.traces !== 'all' && !(Number.isInteger(count) && count >= 1 && count <= 1_000_000)) return bad('The number of traces is a whole number from 1 to 1,000,000.');
  const group = form.group.trim();
  const filter = form.filterExpression.trim();
  const xray = {
    ...(group === '' ? {} : { group }),
    ...(filter === '' ? {} : { filterExpression: filter }),
    ...(form.traces === 'all' ? {} : { traces: { mode: form.traces, count } }),
  };
  return {
    request: {
      ...(form.profile === '' ? {} : { profile: form.profile }),
      regions: [region],
      window: { start: new Date(start).toISOString(), end: new Date(end).toISOString() },
      ...(Object.keys(xray).length === 0 ? {} : { xray }),
      ...(form.cloudTrail === 'none' ? {} : { cloudTrail: { includeReadOnly: form.cloudTrail === 'all' } }),
      ...(form.metrics ? { apiGatewayMetrics: { detailed: form.detailedMetrics } } : {}),
    },
  };
}

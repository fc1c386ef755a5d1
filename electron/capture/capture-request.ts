/**
 * The app's capture request (shared/contract `captureRequestSchema`, as the UI sends it) turned
 * into the capture's own request, with the same checks and messages as the command line.
 *
 * Reading of the contract's optional parts: `xray` may be left out (X-Ray is always captured:
 * the window's summaries, and every trace unless `sampling` asks for a share of them or `traces`
 * for the slowest or faulted N);
 * `cloudTrail` and `apiGatewayMetrics` are fetched only when present (`includeReadOnly` adds the
 * read events; `detailed` adds the per-method metrics). One Region per capture: X-Ray and the
 * metrics are regional, so several Regions are several captures (their snapshots open together).
 */
import { join, resolve } from 'node:path';
import type { CaptureRequest as AppCaptureRequest } from '../../shared/contract/host/index.ts';
import { AppError } from '../../shared/base/errors.ts';
import { checkRegion, describeTraceSelection, type CaptureRequest } from './capture-options.ts';

export function fromAppRequest(app: AppCaptureRequest, now: number): CaptureRequest {
  if (app.regions.length !== 1) {
    throw new AppError('invalidInput', `One Region per capture (got ${app.regions.join(', ')}): X-Ray traces and metrics are regional. Capture each Region into its own snapshot and open them together.`);
  }
  const region = app.regions[0] as string;
  checkRegion(region);
  const from = Date.parse(app.window.start);
  const to = Date.parse(app.window.end);
  if (!(to > from)) throw new AppError('invalidInput', `The window is empty: its start ${app.window.start} is not before its end ${app.window.end}.`);
  if (from > now) throw new AppError('invalidInput', `The window starts in the future (${app.window.start}).`);
  const sampling = app.xray?.sampling;
  const chosen = app.xray?.traces;
  if (chosen !== undefined && sampling !== undefined && sampling < 1) {
    throw new AppError('invalidInput', `Choose either the ${chosen.mode} ${chosen.count} traces or a share of them (sampling ${sampling}), not both.`);
  }
  return {
    region,
    from,
    to,
    ...(app.xray?.filterExpression === undefined || app.xray.filterExpression.trim() === '' ? {} : { filterExpression: app.xray.filterExpression }),
    ...(app.xray?.group === undefined ? {} : { group: app.xray.group }),
    traces: chosen !== undefined ? { mode: chosen.mode, count: chosen.count } : sampling === undefined || sampling >= 1 ? { mode: 'all' } : { mode: 'share', fraction: sampling },
    cloudtrail: app.cloudTrail === undefined ? 'none' : app.cloudTrail.includeReadOnly ? 'all' : 'changes',
    metrics: app.apiGatewayMetrics !== undefined,
    ...(app.apiGatewayMetrics === undefined ? {} : { metricsPerMethod: app.apiGatewayMetrics.detailed }),
  };
}

/** How many names `capture-<start>-<region>[-N].json.gz` are tried before giving up. */
const MAX_NAME_TRIES = 100;

/**
 * Where the snapshot goes: always in `folder` (the host's captures folder; the page names no
 * output), as `capture-<window start, UTC to the minute>-<region>.json.gz`, e.g.
 * `capture-2026-12-02T1405Z-us-east-1.json.gz`. A stopped capture of the same request in that
 * file is continued (`resume`); a name taken by anything else moves on to `-2`, `-3`…
 */
export function outputPathFor(request: CaptureRequest, folder: string, stoppedRequestIn: (path: string) => CaptureRequest | 'none' | 'other'): { out: string; resume: boolean } {
  const stamp = new Date(request.from).toISOString().slice(0, 16).replace(':', '') + 'Z';
  const base = join(resolve(folder), `capture-${stamp}-${request.region}`);
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const out = n === 1 ? `${base}.json.gz` : `${base}-${n}.json.gz`;
    const found = stoppedRequestIn(out);
    if (found === 'none') return { out, resume: false };
    if (found !== 'other' && key(found) === key(request)) return { out, resume: true };
  }
  throw new AppError('invalidInput', `${MAX_NAME_TRIES} captures of ${request.region} from ${new Date(request.from).toISOString()} are already in ${resolve(folder)}. Move some of them away, or change the window.`);
}

/** What a resumed capture must ask exactly as the stopped one did. */
function key(request: CaptureRequest): string {
  return JSON.stringify([
    request.region,
    request.from,
    request.to,
    request.filterExpression ?? null,
    request.group ?? null,
    describeTraceSelection(request.traces),
    request.cloudtrail,
    request.metrics,
    request.metrics ? (request.metricsPerMethod ?? true) : null,
    request.timeSeries === undefined ? null : (request.timeSeries.entitySelector ?? ''),
  ]);
}

/**
 * The app's capture request (shared/contract `captureRequestSchema`, as the UI sends it) turned
 * into the capture's own request, with the same checks and messages as the command line.
 *
 * Reading of the contract's optional parts: `xray` may be left out (X-Ray is always captured:
 * the window's summaries, and every trace unless `sampling` asks for a share of them);
 * `cloudTrail` and `apiGatewayMetrics` are fetched only when present (`includeReadOnly` adds the
 * read events; `detailed` adds the per-method metrics). One Region per capture: X-Ray and the
 * metrics are regional, so several Regions are several captures (their snapshots open together).
 */
import { basename, dirname, join, resolve } from 'node:path';
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
  return {
    region,
    from,
    to,
    ...(app.xray?.filterExpression === undefined || app.xray.filterExpression.trim() === '' ? {} : { filterExpression: app.xray.filterExpression }),
    ...(app.xray?.group === undefined ? {} : { group: app.xray.group }),
    traces: sampling === undefined || sampling >= 1 ? { mode: 'all' } : { mode: 'share', fraction: sampling },
    cloudtrail: app.cloudTrail === undefined ? 'none' : app.cloudTrail.includeReadOnly ? 'all' : 'changes',
    metrics: app.apiGatewayMetrics !== undefined,
    ...(app.apiGatewayMetrics === undefined ? {} : { metricsPerMethod: app.apiGatewayMetrics.detailed }),
  };
}

/** Where the snapshot goes: the path asked for, or a new name in `folder`. */
export function outputPathFor(app: AppCaptureRequest, request: CaptureRequest, folder: string): string {
  if (app.outputPath !== undefined) return resolve(app.outputPath);
  const stamp = new Date(request.from).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return join(resolve(folder), `capture-${request.region}-${stamp}.json.gz`);
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

/** Throws when a stopped capture in the same file asked for something else. */
export function checkSameRequest(stored: CaptureRequest, asked: CaptureRequest, out: string): void {
  if (key(stored) === key(asked)) return;
  throw new AppError(
    'invalidInput',
    `A stopped capture of ${stored.region} ${new Date(stored.from).toISOString()} – ${new Date(stored.to).toISOString()} is in ${basename(out)} (in ${dirname(out)}). ` +
      'Start it again with the same choices to continue it, or write this capture to another file.',
    out,
  );
}

import { AppError } from '../../shared/base/errors.ts';
import type { ChangeListRequest } from '../../shared/analysis/changes/index.ts';
import type { TimelineRequest } from '../../shared/analysis/timeline/index.ts';
import type { CompareRangesRequest, CompareTracesRequest } from '../../shared/analysis/compare/index.ts';

/**
 * The Timeline's and the Changes view's questions as the worker receives them (a message is any
 * value): what they must hold, checked before any work, with the query named in the error.
 */
export function checkTimelineRequest(params: TimelineRequest): void {
  if (typeof params !== 'object' || params === null || !Number.isFinite(params.maxBuckets) || params.maxBuckets < 1) throw new AppError('invalidInput', 'timeline: maxBuckets must be a positive number');
  if (params.first !== undefined && typeof params.first !== 'boolean') throw new AppError('invalidInput', 'timeline: first must be true or false');
}

const isOptionalText = (value: unknown): boolean => value === undefined || typeof value === 'string';

const isOptionalWindow = (window: unknown): boolean => window === undefined || (Array.isArray(window) && window.length === 2 && window.every((value) => Number.isFinite(value)));

export function checkChangeListRequest(params: ChangeListRequest): void {
  const ok = typeof params === 'object' && params !== null && Number.isFinite(params.offset) && Number.isFinite(params.limit) && isOptionalText(params.text) && isOptionalText(params.source) && isOptionalText(params.node);
  if (!ok || !isOptionalWindow(params.window)) throw new AppError('invalidInput', 'changeList: offset and limit must be numbers; text, source and node text; window two numbers');
}

export function checkChangeDetailRequest(params: { readonly eventId: string }): void {
  if (typeof params !== 'object' || params === null || typeof params.eventId !== 'string') throw new AppError('invalidInput', 'changeDetail: eventId must be text');
}

export function checkServiceMapRequest(params: { readonly origin?: unknown; readonly window?: unknown }): void {
  const ok = typeof params === 'object' && params !== null && (params.origin === undefined || params.origin === 'computed' || params.origin === 'captured') && isOptionalWindow(params.window);
  if (!ok) throw new AppError('invalidInput', 'serviceMap: origin must be "computed" or "captured"; window two numbers');
}

export function checkCompareRangesRequest(params: CompareRangesRequest): void {
  const ok = typeof params === 'object' && params !== null && isOptionalWindow(params.before) && isOptionalWindow(params.after) && isOptionalText(params.change) && (params.before !== undefined || params.change !== undefined);
  if (!ok) throw new AppError('invalidInput', 'compareRanges: give before (two numbers) or change (an eventId), and after as two numbers if at all');
}

const isRange = (range: unknown): boolean => isOptionalWindow(range) && range !== undefined && (range as number[])[0]! < (range as number[])[1]!;

/** Two trace ids, or an entry node's key and two ranges (epoch seconds, from < to). */
export function checkCompareTracesRequest(params: CompareTracesRequest): void {
  const value = params as unknown as Record<string, unknown> | null;
  const byId = typeof value === 'object' && value !== null && value['entry'] === undefined && typeof value['before'] === 'string' && typeof value['after'] === 'string';
  const typical = typeof value === 'object' && value !== null && typeof value['entry'] === 'string' && isRange(value['before']) && isRange(value['after']);
  if (!byId && !typical) throw new AppError('invalidInput', 'compareTraces: before and after must be two trace ids, or entry a node key with before and after two ranges [from, to)');
}

export function checkTypicalTraceRequest(params: { readonly traceId: string }): void {
  if (typeof params !== 'object' || params === null || typeof params.traceId !== 'string') throw new AppError('invalidInput', 'typicalTrace: traceId must be a trace id');
}

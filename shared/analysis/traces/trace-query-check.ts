import { AppError } from '../../base/errors.ts';
import { TRACE_LIST_SORT_KEYS, type TraceQuery } from './trace-search.ts';

const MAX_LIMIT = 5000;

/** Checks a request that crossed postMessage; throws AppError('invalidInput') with what is wrong. */
export function checkTraceQuery(query: TraceQuery & { readonly offset?: number; readonly limit?: number; readonly sort?: unknown; readonly quickAnnotations?: unknown }): void {
  const fail = (message: string): never => {
    throw new AppError('invalidInput', message);
  };
  if (query.filter !== undefined && typeof query.filter !== 'string') fail('The filter must be text.');
  if (query.node !== undefined && typeof query.node !== 'string') fail('The node must be a node key.');
  if (query.edge !== undefined && typeof query.edge !== 'string') fail('The edge must be an edge key.');
  const range = query.durationRange;
  if (range !== undefined && !(Array.isArray(range) && range.length === 2 && range.every((value) => typeof value === 'number' && !Number.isNaN(value)))) fail('The duration range must be two numbers.');
  const window = query.startWindow;
  if (window !== undefined && !(Array.isArray(window) && window.length === 2 && window.every((value) => typeof value === 'number' && !Number.isNaN(value)))) fail('The start window must be two numbers.');
  const cause = query.rootCause;
  if (cause !== undefined && !(typeof cause === 'object' && cause !== null && ['fault', 'error', 'responsetime'].includes(cause.kind) && typeof cause.key === 'string')) fail('The root-cause group is malformed.');
  if (query.quickAnnotations !== undefined && typeof query.quickAnnotations !== 'boolean') fail('quickAnnotations must be true or false.');
  if (query.sort !== undefined && !(TRACE_LIST_SORT_KEYS as readonly unknown[]).includes(query.sort)) fail(`Traces sort by ${TRACE_LIST_SORT_KEYS.join(', ')}.`);
  const { offset, limit } = query;
  if (offset !== undefined && !(Number.isInteger(offset) && offset >= 0)) fail('The offset must be a whole number ≥ 0.');
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0 && limit <= MAX_LIMIT)) fail(`A page holds 0–${MAX_LIMIT} rows.`);
}

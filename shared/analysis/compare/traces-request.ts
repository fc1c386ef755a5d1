import { AppError } from '../../base/errors.ts';
import type { Dataset } from '../../model/dataset.ts';
import type { Trace } from '../../model/trace.ts';
import { typicalTrace, type TraceRange } from './traces-typical.ts';

/**
 * Which two traces to compare: two trace ids, or the typical trace (traces-typical.ts) of an entry
 * node (its map key, `type|name`) in each of two ranges.
 */
export type CompareTracesRequest =
  | { readonly before: string; readonly after: string }
  | { readonly entry: string; readonly before: TraceRange; readonly after: TraceRange };

const rangeText = ([from, to]: TraceRange): string => `${new Date(from * 1000).toISOString()} → ${new Date(to * 1000).toISOString()}`;

/** The two traces a request names, or a notFound error saying which is missing. */
export function comparedTraces(dataset: Pick<Dataset, 'traces' | 'traceById'>, request: CompareTracesRequest): { readonly before: Trace; readonly after: Trace } {
  if ('entry' in request) {
    const pick = (range: TraceRange, which: string): Trace => {
      const { trace } = typicalTrace(dataset.traces, request.entry, range);
      if (!trace) throw new AppError('notFound', `No trace enters through ${request.entry} in the ${which} range (${rangeText(range)}).`);
      return trace;
    };
    return { before: pick(request.before, 'before'), after: pick(request.after, 'after') };
  }
  const find = (id: string, which: string): Trace => {
    const trace = dataset.traceById.get(id);
    if (!trace) throw new AppError('notFound', `The ${which} trace ${id} is not in this incident.`);
    return trace;
  };
  return { before: find(request.before, 'before'), after: find(request.after, 'after') };
}

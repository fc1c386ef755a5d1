import { parseRange } from '../../core/route.ts';

/**
 * The Compare view's linkable state. Two modes:
 * - ranges: `#/compare?mode=ranges&change=<eventId>` (the change's time splits the window) or
 *   `&before=<from>~<to>&after=<from>~<to>` (epoch seconds), or a change with an explicit after;
 *   `select=<node key | edge id>` is the row shown in detail.
 * - traces: `#/compare?mode=traces&a=<trace id>&b=<trace id>`, or the typical trace of an entry
 *   node in two ranges: `&entry=<node key>&before=…&after=…`.
 */
export const COMPARE_PARAMS = { mode: 'mode', change: 'change', before: 'before', after: 'after', select: 'select', a: 'a', b: 'b', entry: 'entry' } as const;

export type CompareMode = 'ranges' | 'traces';

export interface CompareViewState {
  readonly mode: CompareMode;
  readonly change: string | undefined;
  readonly before: readonly [number, number] | undefined;
  readonly after: readonly [number, number] | undefined;
  readonly select: string | undefined;
  readonly a: string | undefined;
  readonly b: string | undefined;
  readonly entry: string | undefined;
}

export function compareStateFromParams(params: URLSearchParams): CompareViewState {
  const value = (key: string): string | undefined => params.get(key) || undefined;
  return {
    mode: params.get(COMPARE_PARAMS.mode) === 'traces' ? 'traces' : 'ranges',
    change: value(COMPARE_PARAMS.change),
    before: parseRange(params.get(COMPARE_PARAMS.before)),
    after: parseRange(params.get(COMPARE_PARAMS.after)),
    select: value(COMPARE_PARAMS.select),
    a: value(COMPARE_PARAMS.a),
    b: value(COMPARE_PARAMS.b),
    entry: value(COMPARE_PARAMS.entry),
  };
}

import type { CompareRangesRequest, ComparedEdge, ComparedFigure, RangeComparison, TimeRange, TracesLink } from '../../../../shared/analysis/compare/index.ts';
import { formatRange, formatRoute, withSource } from '../../../core/route.ts';
import type { OpenSource } from '../../../../shared/contract/host/index.ts';

/**
 * What this mode reads of the Compare view's URL state (compare-route.ts, which the parent parses
 * and passes down with the params' names: a sub-folder does not import its parent).
 */
export interface RangesModeState {
  readonly change: string | undefined;
  readonly before: TimeRange | undefined;
  readonly after: TimeRange | undefined;
  readonly select: string | undefined;
}
export type RangesModeParams = Readonly<Record<'mode' | 'change' | 'before' | 'after' | 'select' | 'entry', string>>;

/**
 * What the ranges mode asks the worker, from its URL: a change (with an after range, if given), or
 * a before range (with an after range, if given). Undefined: nothing chosen yet.
 */
export function rangesRequestOf(state: RangesModeState): CompareRangesRequest | undefined {
  const after = state.after ? { after: state.after } : {};
  if (state.change !== undefined) return { change: state.change, ...after };
  if (state.before !== undefined) return { before: state.before, ...after };
  return undefined;
}

/** A stable key of a request: a newer question supersedes an older one with another key. */
export function requestKey(request: CompareRangesRequest | undefined): string {
  return request === undefined ? '' : JSON.stringify([request.change ?? null, request.before ?? null, request.after ?? null]);
}

/** The Traces view of a figure's traces in one range: its `window` and its `node` or `edge` (the Traces view's params). */
export function tracesHref(source: OpenSource | undefined, link: TracesLink): string {
  const params = new URLSearchParams([['window', formatRange(link.window)]]);
  if (link.node !== undefined) params.set('node', link.node);
  if (link.edge !== undefined) params.set('edge', link.edge);
  return formatRoute('traces', withSource(params, source));
}

/**
 * The node a "typical trace" enters through: the node itself, or the calling node of an edge — the
 * called one when the caller is X-Ray's client node (traces enter through the node it calls).
 */
export function entryOf(figure: ComparedFigure): string {
  if (!('source' in figure)) return figure.id;
  const edge = figure as ComparedEdge;
  return edge.from.type === 'client' ? edge.target : edge.source;
}

/** The traces mode on the median-duration trace entering through `entry` in each range. */
export function typicalTracesHref(source: OpenSource | undefined, names: RangesModeParams, entry: string, comparison: RangeComparison): string {
  const params = new URLSearchParams([
    [names.mode, 'traces'],
    [names.entry, entry],
    [names.before, formatRange(comparison.ranges.before)],
    [names.after, formatRange(comparison.ranges.after)],
  ]);
  return formatRoute('compare', withSource(params, source));
}

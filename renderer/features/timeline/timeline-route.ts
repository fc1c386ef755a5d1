import { parseRange } from '../../core/route.ts';

/**
 * The Timeline view's linkable state: `#/timeline?series=<id>&from=<s>&to=<s>&change=<eventId>`.
 * `series` is `overall` or `node:<node key>`; `from`/`to` the brushed range in epoch seconds;
 * `change` the selected CloudTrail event; `gateway` the API Gateway metric group shown; `kept`
 * (`<from>~<to>`) a range brushed earlier and kept as the before of a comparison with the next.
 */
export const TIMELINE_PARAMS = { series: 'series', gateway: 'gateway', from: 'from', to: 'to', change: 'change', kept: 'kept' } as const;

export interface TimelineViewState {
  readonly series: string | undefined;
  readonly brush: readonly [number, number] | undefined;
  readonly change: string | undefined;
  readonly gateway: string | undefined;
  /** A brushed range kept as the before of a comparison. */
  readonly kept: readonly [number, number] | undefined;
}

export function timelineStateFromParams(params: URLSearchParams): TimelineViewState {
  const from = Number(params.get(TIMELINE_PARAMS.from) ?? Number.NaN);
  const to = Number(params.get(TIMELINE_PARAMS.to) ?? Number.NaN);
  return {
    series: params.get(TIMELINE_PARAMS.series) || undefined,
    brush: Number.isFinite(from) && Number.isFinite(to) && from < to ? [from, to] : undefined,
    change: params.get(TIMELINE_PARAMS.change) || undefined,
    gateway: params.get(TIMELINE_PARAMS.gateway) || undefined,
    kept: parseRange(params.get(TIMELINE_PARAMS.kept)),
  };
}

import type { LaneFilter } from '../../../shared/analysis/changes/index.ts';
import { parseRange } from '../../core/route.ts';

/** The Changes view's linkable state: `#/changes?text=<words>&source=<eventSource>&node=<node key>&lane=<lane|readOnly|failed|notConfig>&window=<from>~<to>&change=<eventId>`. */
export const CHANGES_PARAMS = { text: 'text', source: 'source', node: 'node', lane: 'lane', window: 'window', change: 'change' } as const;

const LANES: readonly LaneFilter[] = ['all', 'lane', 'readOnly', 'failed', 'notConfig'];

export interface ChangesViewState {
  readonly text: string;
  readonly source: string | undefined;
  /** A map node's key: events joined to it only. */
  readonly node: string | undefined;
  readonly lane: LaneFilter;
  /** Epoch seconds: events made in this range only. */
  readonly window: readonly [number, number] | undefined;
  readonly change: string | undefined;
}

export function changesStateFromParams(params: URLSearchParams): ChangesViewState {
  const lane = params.get(CHANGES_PARAMS.lane) ?? 'all';
  return {
    text: params.get(CHANGES_PARAMS.text) ?? '',
    source: params.get(CHANGES_PARAMS.source) || undefined,
    node: params.get(CHANGES_PARAMS.node) || undefined,
    lane: (LANES as readonly string[]).includes(lane) ? (lane as LaneFilter) : 'all',
    window: parseRange(params.get(CHANGES_PARAMS.window)),
    change: params.get(CHANGES_PARAMS.change) || undefined,
  };
}

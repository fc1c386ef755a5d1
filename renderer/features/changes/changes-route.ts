import type { LaneFilter } from '../../../shared/analysis/changes/index.ts';

/** The Changes view's linkable state: `#/changes?text=<words>&source=<eventSource>&lane=<lane|readOnly|failed|notConfig>&change=<eventId>`. */
export const CHANGES_PARAMS = { text: 'text', source: 'source', lane: 'lane', change: 'change' } as const;

const LANES: readonly LaneFilter[] = ['all', 'lane', 'readOnly', 'failed', 'notConfig'];

export interface ChangesViewState {
  readonly text: string;
  readonly source: string | undefined;
  readonly lane: LaneFilter;
  readonly change: string | undefined;
}

export function changesStateFromParams(params: URLSearchParams): ChangesViewState {
  const lane = params.get(CHANGES_PARAMS.lane) ?? 'all';
  return {
    text: params.get(CHANGES_PARAMS.text) ?? '',
    source: params.get(CHANGES_PARAMS.source) || undefined,
    lane: (LANES as readonly string[]).includes(lane) ? (lane as LaneFilter) : 'all',
    change: params.get(CHANGES_PARAMS.change) || undefined,
  };
}

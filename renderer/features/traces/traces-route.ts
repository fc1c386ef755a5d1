import { TRACE_LIST_SORT_KEYS, type RootCauseKind, type TraceListSortKey, type TraceQuery } from '../../../shared/analysis/traces/index.ts';
import { formatRange, parseRange } from '../../core/route.ts';

/**
 * The Traces view's linkable state in the URL: `#/traces?q=<expression>&node=<key>&edge=<id>
 * &window=<from>~<to>&range=<min>~<max>&group=fault&cause=<group key>&sort=duration&desc=1`. `node` and `edge`
 * are the service map's params (the map's "Show traces" sends them), so one URL serves both.
 */
export const TRACES_PARAMS = { filter: 'q', node: 'node', edge: 'edge', window: 'window', range: 'range', groupKind: 'group', cause: 'cause', sort: 'sort', descending: 'desc' } as const;

export interface TracesViewState {
  readonly filter: string;
  readonly node: string | undefined;
  readonly edge: string | undefined;
  readonly range: readonly [number, number] | undefined;
  /** Start times, epoch seconds (the timeline's range, or the window around a change). */
  readonly window: readonly [number, number] | undefined;
  readonly groupKind: RootCauseKind;
  /** A root-cause group key (its JSON text names its kind). */
  readonly cause: string | undefined;
  readonly sort: TraceListSortKey;
  readonly descending: boolean;
}

const KINDS: readonly RootCauseKind[] = ['fault', 'error', 'responsetime'];

/** The kind a root-cause group key names (`["fault", type, name, leaf]`), if it is one. */
export function causeKind(key: string): RootCauseKind | undefined {
  try {
    const parsed: unknown = JSON.parse(key);
    return Array.isArray(parsed) && KINDS.includes(parsed[0] as RootCauseKind) ? (parsed[0] as RootCauseKind) : undefined;
  } catch {
    return undefined;
  }
}

export function tracesStateFromParams(params: URLSearchParams): TracesViewState {
  const sort = params.get(TRACES_PARAMS.sort);
  const groupKind = params.get(TRACES_PARAMS.groupKind);
  const cause = params.get(TRACES_PARAMS.cause) ?? undefined;
  return {
    filter: params.get(TRACES_PARAMS.filter) ?? '',
    node: params.get(TRACES_PARAMS.node) || undefined,
    edge: params.get(TRACES_PARAMS.edge) || undefined,
    range: parseRange(params.get(TRACES_PARAMS.range)),
    window: parseRange(params.get(TRACES_PARAMS.window)),
    groupKind: KINDS.includes(groupKind as RootCauseKind) ? (groupKind as RootCauseKind) : 'fault',
    cause: cause !== undefined && causeKind(cause) ? cause : undefined,
    sort: (TRACE_LIST_SORT_KEYS as readonly (string | null)[]).includes(sort) ? (sort as TraceListSortKey) : 'start',
    descending: params.get(TRACES_PARAMS.descending) === '1',
  };
}

/** A params patch (for updateRouteParams) with `change` applied; defaults are left out of the URL. */
export function tracesParamsPatch(change: Partial<TracesViewState>): Record<string, string | undefined> {
  const patch: Record<string, string | undefined> = {};
  if ('filter' in change) patch[TRACES_PARAMS.filter] = change.filter?.trim() ? change.filter : undefined;
  if ('node' in change) patch[TRACES_PARAMS.node] = change.node;
  if ('edge' in change) patch[TRACES_PARAMS.edge] = change.edge;
  if ('range' in change) patch[TRACES_PARAMS.range] = change.range ? formatRange(change.range) : undefined;
  if ('window' in change) patch[TRACES_PARAMS.window] = change.window ? formatRange(change.window) : undefined;
  if ('groupKind' in change) patch[TRACES_PARAMS.groupKind] = change.groupKind === 'fault' ? undefined : change.groupKind;
  if ('cause' in change) patch[TRACES_PARAMS.cause] = change.cause;
  if ('sort' in change) patch[TRACES_PARAMS.sort] = change.sort === 'start' ? undefined : change.sort;
  if ('descending' in change) patch[TRACES_PARAMS.descending] = change.descending ? '1' : undefined;
  return patch;
}

/** The worker query of a view state (the map selection included). */
export function queryOf(state: TracesViewState): TraceQuery {
  const kind = state.cause ? causeKind(state.cause) : undefined;
  return {
    ...(state.filter.trim() ? { filter: state.filter } : {}),
    ...(state.node ? { node: state.node } : {}),
    ...(state.edge && !state.node ? { edge: state.edge } : {}),
    ...(state.range ? { durationRange: state.range } : {}),
    ...(state.window ? { startWindow: state.window } : {}),
    ...(state.cause && kind ? { rootCause: { kind, key: state.cause } } : {}),
  };
}

import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AppErrorData } from '../../shared/base/errors.ts';
import type { AppInfo, OpenSource } from '../../shared/contract/host/index.ts';
import type { IncidentOverview, OpenProgressData } from '../../shared/contract/worker/analysis-protocol.ts';

/**
 * Shared UI state, in one small store read through selectors (architecture.md example 6): what
 * is open and how far it got, the cross-view selection, and the keyboard help of mounted views.
 * Snapshot data stays in the worker; linkable view state stays in the URL (route.ts).
 */
export type IncidentState =
  | { readonly phase: 'none' }
  | { readonly phase: 'loading'; readonly label: string; readonly source: OpenSource | undefined; readonly progress?: OpenProgressData }
  | { readonly phase: 'ready'; readonly label: string; readonly source: OpenSource | undefined; readonly overview: IncidentOverview }
  | { readonly phase: 'failed'; readonly label: string; readonly source: OpenSource | undefined; readonly error: AppErrorData };

export interface Selection {
  /** A service map node key (`type|name`). */
  readonly node?: string;
  /** An edge `source→target` of node keys. */
  readonly edge?: string;
  readonly traceId?: string;
  readonly spanId?: string;
  /** A CloudTrail event chosen on the timeline or in Changes: its nodes are marked on the map. */
  readonly change?: string;
  /** A time range (epoch seconds) brushed on the timeline or chosen in Traces or Changes: the others take it on arrival. */
  readonly window?: readonly [number, number];
}

export interface ShortcutHelp {
  /** Alternatives, each one key or chord as printed on the keyboard: `['↑', 'k']`. */
  readonly keys: readonly string[];
  readonly action: string;
}

export interface ShortcutGroup {
  readonly title: string;
  readonly shortcuts: readonly ShortcutHelp[];
}

export interface AppState {
  readonly appInfo: AppInfo | undefined;
  readonly incident: IncidentState;
  /** Increases with every open, so late answers about an older incident can be ignored. */
  readonly generation: number;
  readonly selection: Selection;
  readonly helpOpen: boolean;
  /** Keyboard help added by the views that are mounted, by an id of their choice. */
  readonly shortcuts: ReadonlyMap<string, ShortcutGroup>;
}

export const initialAppState: AppState = {
  appInfo: undefined,
  incident: { phase: 'none' },
  generation: 0,
  selection: {},
  helpOpen: false,
  shortcuts: new Map(),
};

export interface Store<S> {
  get(): S;
  set(update: (state: S) => S): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<S>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(update) {
      const next = update(state);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type AppStore = Store<AppState>;

export const StoreContext = createContext<AppStore | undefined>(undefined);

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside <StoreContext>');
  return store;
}

/** Re-renders when the selected value changes (by Object.is); select small values or stable references. */
export function useAppState<T>(select: (state: AppState) => T): T {
  const store = useAppStore();
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}

import { useEffect, useRef } from 'react';
import { useAppStore, type Selection } from './store.ts';

type Window = readonly [number, number];

function sameWindow(a: Window | undefined, b: Window | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1]);
}

function withWindow(selection: Selection, window: Window | undefined): Selection {
  const { window: _old, ...rest } = selection;
  return window ? { ...rest, window } : rest;
}

/**
 * The time range shared across views (the timeline's brush, the Traces and Changes windows): a
 * view that arrives without a range of its own in its URL takes the shared one (`adopt` writes it
 * into the URL); afterwards the view's URL is the truth and the shared range follows it, cleared
 * when the view clears its range.
 */
export function useSharedWindow(window: Window | undefined, adopt: (window: Window) => void): void {
  const store = useAppStore();
  const arrived = useRef(false);
  useEffect(() => {
    if (!arrived.current) {
      arrived.current = true;
      const shared = store.get().selection.window;
      if (window === undefined && shared !== undefined) {
        adopt(shared);
        return;
      }
    }
    store.set((state) => (sameWindow(state.selection.window, window) ? state : { ...state, selection: withWindow(state.selection, window) }));
  }, [store, window, adopt]);
}

import { useEffect, useState } from 'react';
import type { ChangeDetailState } from '../components/ChangeDetailView.tsx';
import { useServices } from './services.ts';
import { useAppState, useAppStore } from './store.ts';

/** The worker's detail of one CloudTrail event (again when the id or the incident changes). */
export function useChangeDetail(eventId: string | undefined): ChangeDetailState {
  const { analysis } = useServices();
  const generation = useAppState((state) => state.generation);
  const [state, setState] = useState<ChangeDetailState>({ phase: 'none' });
  useEffect(() => {
    if (eventId === undefined) {
      setState({ phase: 'none' });
      return;
    }
    let live = true;
    setState({ phase: 'loading' });
    void analysis.query('changeDetail', { eventId }).then((result) => {
      if (live) setState(result.ok ? { phase: 'ready', detail: result.value } : { phase: 'failed', message: result.error.message });
    });
    return () => {
      live = false;
    };
  }, [analysis, generation, eventId]);
  return state;
}

/** Makes `eventId` (a view's selected change, from its URL) the shared selection's change, so the map marks its nodes. */
export function useShareChange(eventId: string | undefined): void {
  const store = useAppStore();
  useEffect(() => {
    if (eventId === undefined) return;
    store.set((state) => (state.selection.change === eventId ? state : { ...state, selection: { ...state.selection, change: eventId } }));
  }, [store, eventId]);
}

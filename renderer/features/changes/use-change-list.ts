import { useEffect, useState } from 'react';
import type { ChangeListPage, ChangeListRequest } from '../../../shared/analysis/changes/index.ts';
import { useServices } from '../../core/services.ts';
import { useAppState } from '../../core/store.ts';

export type ChangeListState = { readonly phase: 'loading' } | { readonly phase: 'ready'; readonly page: ChangeListPage } | { readonly phase: 'failed'; readonly message: string };

/** One page of the events matching the filters (again when the filters, the page or the incident change). */
export function useChangeList(request: ChangeListRequest): ChangeListState {
  const { analysis } = useServices();
  const generation = useAppState((state) => state.generation);
  const [state, setState] = useState<ChangeListState>({ phase: 'loading' });
  const key = JSON.stringify(request);
  useEffect(() => {
    let live = true;
    void analysis.query('changeList', JSON.parse(key) as ChangeListRequest).then((result) => {
      if (live) setState(result.ok ? { phase: 'ready', page: result.value } : { phase: 'failed', message: result.error.message });
    });
    return () => {
      live = false;
    };
  }, [analysis, generation, key]);
  return state;
}

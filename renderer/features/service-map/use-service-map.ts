import { useEffect, useState } from 'react';
import type { ServiceMapModel } from '../../../shared/analysis/map/index.ts';
import type { ServiceGraph } from '../../../shared/model/service-graph.ts';
import { MAP_MARKS } from '../../components/map/index.ts';
import { useServices } from '../../core/services.ts';
import { useAppState } from '../../core/store.ts';

export type ServiceMapState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly map: ServiceMapModel }
  | { readonly phase: 'empty' }
  | { readonly phase: 'failed'; readonly message: string };

export { MAP_MARKS };

function mark(name: string): void {
  globalThis.performance?.mark?.(name);
}

/** Asks the worker for the map of the open incident (again when it, the origin or the range changes). */
export function useServiceMap(origin: ServiceGraph['origin'] | undefined, window: readonly [number, number] | undefined): ServiceMapState {
  const { analysis } = useServices();
  const generation = useAppState((state) => state.generation);
  const [state, setState] = useState<ServiceMapState>({ phase: 'loading' });
  const from = window?.[0];
  const to = window?.[1];
  useEffect(() => {
    let live = true;
    setState((previous) => (previous.phase === 'loading' ? previous : { phase: 'loading' }));
    mark(MAP_MARKS.requested);
    void analysis.query('serviceMap', { ...(origin ? { origin } : {}), ...(from !== undefined && to !== undefined ? { window: [from, to] as const } : {}) }).then((result) => {
      if (!live) return;
      mark(MAP_MARKS.received);
      if (!result.ok) setState({ phase: 'failed', message: result.error.message });
      else setState(result.value ? { phase: 'ready', map: result.value } : { phase: 'empty' });
    });
    return () => {
      live = false;
    };
  }, [analysis, generation, origin, from, to]);
  return state;
}

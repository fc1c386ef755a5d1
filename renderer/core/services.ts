import { createContext, useContext } from 'react';
import type { HostApi } from '../../shared/contract/host/index.ts';
import type { AnalysisClient } from './analysis-client.ts';
import type { IncidentActions } from './incident-actions.ts';

/** The app's services, given once at the root (and replaced by fakes in component tests). */
export interface Services {
  readonly host: HostApi;
  readonly analysis: AnalysisClient;
  readonly actions: IncidentActions;
}

export const ServicesContext = createContext<Services | undefined>(undefined);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesContext>');
  return services;
}

declare global {
  interface Window {
    /** The Electron preload's bridge (desktop issue): the contract's HostApi, nothing else. */
    readonly traceExplorer?: HostApi;
  }
}

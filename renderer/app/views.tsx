import type { ComponentType } from 'react';
import { ServiceMapView } from '../features/service-map/index.ts';
import { StartView } from '../features/start/StartView.tsx';
import { TraceRoute } from '../features/trace/TraceRoute.tsx';
import { TracesView } from '../features/traces/index.ts';
import { TimelineView } from '../features/timeline/index.ts';
import { ChangesView } from '../features/changes/index.ts';
import { CompareView } from '../features/compare/index.ts';
import { CaptureView } from '../features/capture/index.ts';
import type { ViewName } from '../core/route.ts';

/**
 * Which component shows each view, and its title. The Map, Traces and Trace features replace
 * their placeholders here when they land.
 */
export interface ViewSpec {
  readonly title: string;
  readonly component: ComponentType;
  /** Needs an open incident (else the shell shows loading, the error, or a way to Start). */
  readonly needsIncident: boolean;
}

export const VIEW_SPECS: Readonly<Record<ViewName, ViewSpec>> = {
  start: { title: 'Start', component: StartView, needsIncident: false },
  timeline: { title: 'Timeline', component: TimelineView, needsIncident: true },
  map: { title: 'Service map', component: ServiceMapView, needsIncident: true },
  traces: { title: 'Traces', component: TracesView, needsIncident: true },
  trace: { title: 'Trace', component: TraceRoute, needsIncident: true },
  changes: { title: 'Changes', component: ChangesView, needsIncident: true },
  compare: { title: 'Compare', component: CompareView, needsIncident: true },
  capture: { title: 'Capture', component: CaptureView, needsIncident: false },
};

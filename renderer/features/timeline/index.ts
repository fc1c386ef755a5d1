/** The Timeline view: requests, latency and configuration changes on one time axis, with onsets and ranked suspects. */
export { TimelineView } from './TimelineView.tsx';

/** The trace (waterfall) view: its public face. */
export { TraceView, type TraceViewProps } from './TraceView.tsx';

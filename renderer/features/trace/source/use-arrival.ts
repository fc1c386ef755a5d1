import { useMemo, useSyncExternalStore } from 'react';
import type { WaterfallTrace } from '../../../../shared/analysis/trace/waterfall-trace.ts';

const NO_SUBSCRIPTION = (): (() => void) => () => undefined;

/**
 * A value read from a trace whose spans are still arriving (trace.arrival), re-read after each
 * arrival; the component re-renders only when the value changes. `read` returns a number or
 * boolean (compared by value), so a chunk that changes nothing on screen renders nothing: a
 * million-span trace sends thirty chunks, and each would otherwise re-render the whole view.
 */
export function useArrival<T extends number | boolean>(trace: WaterfallTrace, read: () => T): T {
  const arrival = trace.arrival;
  const subscribe = useMemo(() => (arrival ? (listener: () => void) => arrival.subscribe(listener) : NO_SUBSCRIPTION), [arrival]);
  return useSyncExternalStore(subscribe, read);
}

/** Spans whose values are here: all of them unless the trace is still arriving. */
export function arrivedSpans(trace: WaterfallTrace): number {
  return trace.arrival?.arrived() ?? trace.spans.length;
}

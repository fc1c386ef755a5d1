import { startTransition, useEffect, useState } from 'react';
import { decodeTraceInSteps } from '../../../../shared/contract/worker/trace-transfer.ts';
import { decodeWaterfallAnalysis } from '../../../../shared/contract/worker/analysis-transfer.ts';
import type { WaterfallAnalysis, WaterfallTrace } from '../../../../shared/analysis/trace/index.ts';
import type { AnalysisClient } from '../../../core/analysis-client.ts';
import type { TraceSource } from './trace-source.ts';
import { workerTraceSource } from './worker-trace-source.ts';

export type WorkerTrace =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly message: string }
  | {
      readonly status: 'ready';
      readonly trace: WaterfallTrace;
      readonly source: TraceSource;
      /** The span the URL named, as an index (-1: none). */
      readonly focus: number;
      /** undefined while the worker computes it. */
      readonly analysis: WaterfallAnalysis | undefined;
      readonly analysisError: string | undefined;
    };

interface Answer<T> {
  /** Which request it answers: `generation:traceId`. */
  readonly key: string;
  readonly value?: T;
  readonly error?: string;
}

/** Lets the browser paint and handle input between steps of UI-thread work. */
export function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/**
 * One trace from the analysis worker, in two answers: the tree first (typed arrays, decoded in a
 * few milliseconds, in steps that yield to the browser: the first rows show as soon as it lands),
 * then the analysis the worker computes meanwhile. The renders they cause are transitions, which
 * React splits into short slices. Both are asked at once; the worker answers in order. A different trace or a newly
 * opened incident (`generation`) starts afresh, and late answers to older requests are dropped.
 */
export function useWorkerTrace(client: AnalysisClient, traceId: string | undefined, spanId: string | undefined, generation: number): WorkerTrace {
  const key = `${generation}:${traceId ?? ''}`;
  const [tree, setTree] = useState<Answer<{ trace: WaterfallTrace; source: TraceSource; focus: number }>>();
  const [analysis, setAnalysis] = useState<Answer<WaterfallAnalysis>>();
  useEffect(() => {
    if (traceId === undefined) return;
    let live = true;
    // The span asked for at first only (a later change of the URL's span is the view's own doing).
    void client.query('traceTree', spanId === undefined ? { traceId } : { traceId, spanId }).then(async (result) => {
      if (!live) return;
      if (!result.ok) return setTree({ key, error: result.error.message });
      const trace = await decodeTraceInSteps(result.value.tree, yieldToBrowser);
      if (!live) return;
      const value = { trace, source: workerTraceSource(client, traceId), focus: result.value.focus };
      startTransition(() => setTree({ key, value }));
    });
    void client.query('traceAnalysis', { traceId }).then((result) => {
      if (!live) return;
      // A transition: the rows it re-renders may yield to input and painting.
      startTransition(() => setAnalysis(result.ok ? { key, value: decodeWaterfallAnalysis(result.value) } : { key, error: result.error.message }));
    });
    return () => {
      live = false;
    };
    // spanId is left out on purpose: selecting spans rewrites it in the URL, which must not reload the trace.
  }, [client, traceId, key]);
  if (traceId === undefined) return { status: 'idle' };
  if (tree?.key !== key) return { status: 'loading' };
  if (tree.error !== undefined || !tree.value) return { status: 'failed', message: tree.error ?? 'The trace could not be read.' };
  const current = analysis?.key === key ? analysis : undefined;
  return { status: 'ready', trace: tree.value.trace, source: tree.value.source, focus: tree.value.focus, analysis: current?.value, analysisError: current?.error };
}

import { startTransition, useEffect, useState } from 'react';
import { decodeTrace, type DecodedTrace, type TraceArrival } from '../../../../shared/contract/worker/trace-transfer-decode.ts';
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
      /** Set when some of the spans' values could not be read (their rows stay empty). */
      readonly spansError: string | undefined;
    };

interface Answer<T> {
  /** Which request it answers: `generation:traceId`. */
  readonly key: string;
  readonly value?: T;
  readonly error?: string;
}

/** Chunks asked for at a time: the worker makes the next while the UI takes in the last. */
const CHUNKS_IN_FLIGHT = 2;

/** Asks the worker for every chunk of the trace not yet here, in order; the first failure's message, if any. */
async function loadChunks(client: AnalysisClient, traceId: string, arrival: TraceArrival, live: () => boolean): Promise<string | undefined> {
  const queue = arrival.missing();
  let failure: string | undefined;
  const lane = async (): Promise<void> => {
    for (let chunk = queue.shift(); chunk !== undefined && live() && failure === undefined; chunk = queue.shift()) {
      const result = await client.query('traceChunk', { traceId, chunk });
      if (!live()) return;
      if (!result.ok) failure ??= result.error.message;
      else arrival.add(result.value);
    }
  };
  await Promise.all(Array.from({ length: CHUNKS_IN_FLIGHT }, lane));
  return failure;
}

/**
 * One trace from the analysis worker: the tree with the values of its first rows (decoded in O(1):
 * the first rows show as soon as it lands), then, once they are painted, the rest of the spans'
 * values chunk by chunk (the trace's `arrival` takes them in; the view follows), then the analysis. The renders of the tree
 * and the analysis are transitions, which React splits into short slices. A different trace or a
 * newly opened incident (`generation`) starts afresh, and late answers to older requests are dropped.
 */
export function useWorkerTrace(client: AnalysisClient, traceId: string | undefined, spanId: string | undefined, generation: number): WorkerTrace {
  const key = `${generation}:${traceId ?? ''}`;
  const [tree, setTree] = useState<Answer<{ trace: DecodedTrace; source: TraceSource; focus: number }>>();
  const [analysis, setAnalysis] = useState<Answer<WaterfallAnalysis>>();
  const [spansError, setSpansError] = useState<Answer<never>>();
  useEffect(() => {
    if (traceId === undefined) return;
    let live = true;
    void (async () => {
      // The span asked for at first only (a later change of the URL's span is the view's own doing).
      const result = await client.query('traceTree', spanId === undefined ? { traceId } : { traceId, spanId });
      if (!live) return;
      if (!result.ok) return setTree({ key, error: result.error.message });
      let trace: DecodedTrace;
      try {
        trace = decodeTrace(result.value.tree);
      } catch (error) {
        return setTree({ key, error: `The trace could not be read: ${error instanceof Error ? error.message : String(error)}` });
      }
      startTransition(() => setTree({ key, value: { trace, source: workerTraceSource(client, traceId), focus: result.value.focus } }));
    })();
    return () => {
      live = false;
    };
    // spanId is left out on purpose: selecting spans rewrites it in the URL, which must not reload the trace.
  }, [client, traceId, key]);

  // Once the first rows are on screen: the other chunks, then the analysis. Not before — a chunk
  // arriving while React renders the first rows changes the trace under that render, which makes
  // React start it again, blocking (useSyncExternalStore), once per chunk.
  const shown = tree?.key === key ? tree.value?.trace : undefined;
  useEffect(() => {
    if (traceId === undefined || shown === undefined) return;
    let live = true;
    const isLive = (): boolean => live;
    void (async () => {
      await afterNextPaint();
      const failure = live ? await loadChunks(client, traceId, shown.arrival, isLive) : undefined;
      if (!live) return;
      if (failure !== undefined) setSpansError({ key, error: failure });
      const answer = await client.query('traceAnalysis', { traceId });
      if (!live) return;
      // A transition: the rows it re-renders may yield to input and painting.
      startTransition(() => setAnalysis(answer.ok ? { key, value: decodeWaterfallAnalysis(answer.value) } : { key, error: answer.error.message }));
    })();
    return () => {
      live = false;
    };
  }, [client, traceId, key, shown]);

  if (traceId === undefined) return { status: 'idle' };
  if (tree?.key !== key) return { status: 'loading' };
  if (tree.error !== undefined || !tree.value) return { status: 'failed', message: tree.error ?? 'The trace could not be read.' };
  const current = analysis?.key === key ? analysis : undefined;
  return {
    status: 'ready',
    trace: tree.value.trace,
    source: tree.value.source,
    focus: tree.value.focus,
    analysis: current?.value,
    analysisError: current?.error,
    spansError: spansError?.key === key ? spansError.error : undefined,
  };
}

/** Resolves once the next frame has been painted (a message posted from a frame callback runs after it); a macrotask where there are no frames. */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const after = (): void => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(after);
    else setTimeout(resolve, 0);
  });
}

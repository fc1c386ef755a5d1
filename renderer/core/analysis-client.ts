import type { Result } from '../../shared/base/errors.ts';
import type { OpenProgressData, QueryName, QueryParams, QueryResult, WorkerMessage, WorkerReply, WorkerResponse } from '../../shared/contract/worker/analysis-protocol.ts';

export interface QueryOptions {
  /** Buffers and streams to move to the worker with the request. */
  readonly transfer?: readonly Transferable[];
  /** Gets the worker's progress reports for this request (an open). */
  readonly onProgress?: (progress: OpenProgressData) => void;
  /** Aborting it tells the worker to stop the request, which then answers `cancelled`. */
  readonly signal?: AbortSignal;
}

/** The UI side of the analysis worker: typed queries, answers as Results. */
export interface AnalysisClient {
  query<Q extends QueryName>(query: Q, params: QueryParams<Q>, options?: QueryOptions): Promise<Result<QueryResult<Q>>>;
  dispose(): void;
}

/** What of a Worker the client uses (a real Worker, or a fake in tests). */
export interface WorkerLike {
  postMessage(message: WorkerMessage, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerReply>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

export function createAnalysisClient(worker: WorkerLike): AnalysisClient {
  let nextId = 1;
  const pending = new Map<number, (response: Result<unknown>) => void>();
  const listeners = new Map<number, (progress: OpenProgressData) => void>();
  worker.addEventListener('message', (event) => {
    const reply = event.data;
    if ('progress' in reply) {
      listeners.get(reply.id)?.(reply.progress);
      return;
    }
    const response: WorkerResponse = reply;
    listeners.delete(response.id);
    const resolve = pending.get(response.id);
    if (!resolve) return;
    pending.delete(response.id);
    resolve(response.ok ? { ok: true, value: response.value } : { ok: false, error: response.error });
  });
  worker.addEventListener('error', (event) => {
    const message = `The analysis worker stopped: ${event.message || 'unknown error'}. Reload the page to start again.`;
    for (const resolve of pending.values()) resolve({ ok: false, error: { kind: 'internal', message } });
    pending.clear();
  });
  return {
    query(query, params, options = {}) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as (response: Result<unknown>) => void);
        if (options.onProgress) listeners.set(id, options.onProgress);
        options.signal?.addEventListener('abort', () => worker.postMessage({ cancel: id }, []), { once: true });
        try {
          worker.postMessage({ id, query, params }, [...(options.transfer ?? [])]);
        } catch (error) {
          pending.delete(id);
          listeners.delete(id);
          resolve({ ok: false, error: { kind: 'internal', message: `Could not send ${query} to the analysis worker: ${error instanceof Error ? error.message : String(error)}` } });
        }
      });
    },
    dispose() {
      worker.terminate();
      pending.clear();
    },
  };
}

/** The distinct buffers behind some byte arrays, for a transfer list (a buffer may appear once). */
export function buffersOf(arrays: readonly Uint8Array[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const array of arrays) if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  return [...buffers];
}

/** Starts the real worker (Vite bundles it as a module worker). */
export function startAnalysisWorker(): AnalysisClient {
  const worker = new Worker(new URL('../workers/analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' });
  return createAnalysisClient(worker as unknown as WorkerLike);
}

import type { Result } from '../../shared/base/errors.ts';
import type { QueryName, QueryParams, QueryResult, WorkerRequest, WorkerResponse } from '../../shared/contract/worker/analysis-protocol.ts';

/** The UI side of the analysis worker: typed queries, answers as Results. */
export interface AnalysisClient {
  query<Q extends QueryName>(query: Q, params: QueryParams<Q>, transfer?: readonly Transferable[]): Promise<Result<QueryResult<Q>>>;
  dispose(): void;
}

/** What of a Worker the client uses (a real Worker, or a fake in tests). */
export interface WorkerLike {
  postMessage(message: WorkerRequest, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerResponse>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

export function createAnalysisClient(worker: WorkerLike): AnalysisClient {
  let nextId = 1;
  const pending = new Map<number, (response: Result<unknown>) => void>();
  worker.addEventListener('message', (event) => {
    const response = event.data;
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
    query(query, params, transfer = []) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as (response: Result<unknown>) => void);
        try {
          worker.postMessage({ id, query, params }, [...transfer]);
        } catch (error) {
          pending.delete(id);
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

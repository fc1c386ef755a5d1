/// <reference lib="webworker" />
import { AnalysisSession } from './analysis-handlers.ts';
import type { WorkerRequest } from './analysis-protocol.ts';

/**
 * The analysis worker: every parse, index and analysis runs here, off the UI thread. Messages
 * are WorkerRequest → WorkerResponse (analysis-protocol.ts); file bytes arrive transferred.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const session = new AnalysisSession();

scope.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  void session.answer(event.data).then((response) => scope.postMessage(response));
});

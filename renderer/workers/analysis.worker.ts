/// <reference lib="webworker" />
import { AnalysisSession } from './analysis-handlers.ts';
import type { WorkerRequest } from '../../shared/contract/worker/analysis-protocol.ts';
import { responseTransferList } from './trace-handlers.ts';

/**
 * The analysis worker: every parse, index and analysis runs here, off the UI thread. Messages
 * are WorkerRequest → WorkerResponse (analysis-protocol.ts); file bytes arrive transferred, and the
 * typed arrays of the trace queries leave transferred.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const session = new AnalysisSession();

scope.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const query = event.data.query;
  void session.answer(event.data).then((response) => scope.postMessage(response, responseTransferList(query, response)));
});

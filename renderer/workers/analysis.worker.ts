/// <reference lib="webworker" />
import { AnalysisSession } from './analysis-handlers.ts';
import type { WorkerMessage } from '../../shared/contract/worker/analysis-protocol.ts';
import { responseTransferList } from './trace-handlers.ts';

/**
 * The analysis worker: every parse, index and analysis runs here, off the UI thread. Messages
 * are WorkerRequest → WorkerResponse (analysis-protocol.ts), with WorkerProgress before an open's
 * answer and WorkerCancel to stop one; files arrive as streams (transferred) or Files and are read
 * here as their bytes come, and the typed arrays of the trace queries leave transferred.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const session = new AnalysisSession();

scope.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
  const message = event.data;
  if ('cancel' in message) {
    session.cancel(message.cancel);
    return;
  }
  const { id, query } = message;
  void session
    .answer(message, (progress) => scope.postMessage({ id, progress }))
    .then((response) => scope.postMessage(response, responseTransferList(query, response)));
});

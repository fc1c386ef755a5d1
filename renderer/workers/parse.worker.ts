/// <reference lib="webworker" />
import { readRecordBatch } from '../../shared/incident/record-batch.ts';
import { shardBuffers } from '../../shared/dataset/index.ts';
import type { BatchAnswer, BatchRequest } from './parse-messages.ts';

/**
 * A parse worker, started by the analysis worker for the open of a big snapshot
 * (record-parsers.ts): it reads batches of record lines into span columns (record-batch.ts) and
 * sends them back with the batch's bytes, every buffer transferred, none copied.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.addEventListener('message', (event: MessageEvent<BatchRequest>) => {
  const { id, bytes, sourceCount, maxRecordBytes } = event.data;
  let answer: BatchAnswer;
  try {
    answer = { id, bytes, shard: readRecordBatch(bytes, sourceCount, maxRecordBytes) };
  } catch (error) {
    // A bug, not bad input (bad input gives the batch back unread): the open reports it.
    answer = { id, bytes, failure: error instanceof Error ? error.message : String(error) };
  }
  const transfer = [bytes.buffer as ArrayBuffer, ...(answer.shard ? shardBuffers(answer.shard) : [])];
  scope.postMessage(answer, transfer);
});

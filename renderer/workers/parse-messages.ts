import type { StoreShard } from '../../shared/dataset/index.ts';

// The messages between the analysis worker (record-parsers.ts) and a parse worker (parse.worker.ts).

/** To a parse worker: a batch of record lines (its buffer transferred). */
export interface BatchRequest {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly sourceCount: number;
  readonly maxRecordBytes: number;
}

/** From a parse worker: the batch's bytes back, with its shard, or none (read it in the analysis worker), or a failure. */
export interface BatchAnswer {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly shard?: StoreShard | undefined;
  readonly failure?: string;
}

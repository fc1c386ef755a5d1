import { AppError } from '../../shared/base/errors.ts';
import type { BatchParser, ParsedBatch, ParsedRecords } from '../../shared/snapshot/index.ts';
import { parsedRecords, readRecordBatch } from '../../shared/incident/record-batch.ts';
import type { BatchAnswer, BatchRequest } from './parse-messages.ts';

/**
 * A file smaller than this (as stored) is read in the analysis worker alone: starting workers
 * costs more than it saves (a 4 MiB snapshot is ~40 MiB of JSON, well under a second to parse).
 */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;
const MAX_WORKERS = 4;
const MIN_CORES = 4;

/**
 * The parse workers for an open of `files`: `asked` of them (0 for none), or by default, for one
 * big file (or one of unknown size) on a machine with MIN_CORES or more, one per core but the
 * analysis worker's (which reads batches too while they are busy), up to MAX_WORKERS. None for
 * several files (the import path merges them) or a small one.
 *
 * Why not on two cores: there the machine has no core to spare, and the parallel read costs more
 * CPU than the read alone (each batch's columns made in a store of its own, copied in order, its
 * strings packed: ~10 % more in Node for the 1,020,000-span bench file) and 3–5 % more memory (an
 * isolate per worker). On an otherwise idle 2-core machine it opened that file 20–25 % sooner;
 * with another session's load on the same machine, 15–20 % later (docs/open-profile.md).
 */
export function parsersFor(files: readonly { readonly size?: number | undefined; readonly bytes?: Uint8Array }[], asked?: number): RecordParsers | undefined {
  const file = files[0];
  if (files.length !== 1 || file === undefined || asked === 0) return undefined;
  if (asked !== undefined && Number.isInteger(asked) && asked > 0) return new RecordParsers(Math.min(MAX_WORKERS, asked));
  const size = file.bytes?.length ?? file.size;
  if (size !== undefined && size < PARALLEL_MIN_BYTES) return undefined;
  const cores = (globalThis as { readonly navigator?: { readonly hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  return cores < MIN_CORES ? undefined : new RecordParsers(Math.min(MAX_WORKERS, cores - 1));
}

/** Batches each worker may hold: one being read, one waiting, so a worker never idles between two. */
const PER_WORKER = 2;

/**
 * The parse workers of one open (parse.worker.ts): the JSON.parse of a big snapshot's records and
 * their span columns on several cores, while the analysis worker inflates the file and appends
 * the columns in reading order (shared/snapshot/record-batches.ts). Batches go to the worker with
 * the fewest out; `close` ends them all (the open is done, failed or cancelled).
 */
export class RecordParsers implements BatchParser {
  readonly capacity: number;
  private readonly workers: Worker[] = [];
  private readonly out: number[] = [];
  private readonly waiting = new Map<number, { resolve(parsed: ParsedBatch): void; reject(error: unknown): void; worker: number }>();
  private next = 0;

  constructor(count: number) {
    this.capacity = count * PER_WORKER;
    for (let index = 0; index < count; index++) {
      const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module', name: `parse ${index + 1}` });
      worker.addEventListener('message', (event: MessageEvent<BatchAnswer>) => this.answered(event.data));
      worker.addEventListener('error', (event) => this.failed(index, event.message || 'the parse worker stopped'));
      this.workers.push(worker);
      this.out.push(0);
    }
  }

  parse(bytes: Uint8Array, sourceCount: number, maxRecordBytes: number): Promise<ParsedBatch> {
    let worker = 0;
    for (let index = 1; index < this.out.length; index++) if (this.out[index]! < this.out[worker]!) worker = index;
    const id = this.next++;
    this.out[worker]!++;
    const request: BatchRequest = { id, bytes, sourceCount, maxRecordBytes };
    return new Promise<ParsedBatch>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, worker });
      this.workers[worker]!.postMessage(request, [bytes.buffer as ArrayBuffer]);
    });
  }

  readHere(bytes: Uint8Array, sourceCount: number, maxRecordBytes: number): ParsedRecords | undefined {
    return parsedRecords(readRecordBatch(bytes, sourceCount, maxRecordBytes));
  }

  close(): void {
    for (const worker of this.workers) worker.terminate();
    this.workers.length = 0;
    for (const [, pending] of this.waiting) pending.reject(new AppError('cancelled', 'The open was stopped.'));
    this.waiting.clear();
  }

  private answered(answer: BatchAnswer): void {
    const pending = this.waiting.get(answer.id);
    if (pending === undefined) return;
    this.waiting.delete(answer.id);
    this.out[pending.worker]!--;
    if (answer.failure !== undefined) pending.reject(new AppError('internal', `A parse worker failed: ${answer.failure}`));
    else pending.resolve({ bytes: answer.bytes, parsed: parsedRecords(answer.shard) });
  }

  private failed(worker: number, message: string): void {
    for (const [id, pending] of this.waiting) {
      if (pending.worker !== worker) continue;
      this.waiting.delete(id);
      pending.reject(new AppError('internal', `A parse worker failed: ${message}`));
    }
  }
}

import { parsedRecords, readRecordBatch } from '../../shared/incident/record-batch.ts';
import type { BatchParser, ParsedBatch, ParsedRecords } from '../../shared/snapshot/index.ts';

/**
 * The app's parse workers (renderer/workers/record-parsers.ts) in this process, for tests: each
 * batch is moved the way postMessage moves it (its buffer transferred, so the reader can no longer
 * touch it) and read by readRecordBatch on a later turn; `read` and `unread` count the batches
 * read here and the ones given back for the reader to read itself.
 */
export class InProcessBatches implements BatchParser {
  read = 0;
  unread = 0;
  /** Batches the reader read itself while this one was full (readHere). */
  here = 0;
  readonly readHere: BatchParser['readHere'];

  constructor(
    readonly capacity = 3,
    readonly batchBytes?: number,
    readsHere = true,
  ) {
    this.readHere = readsHere ? (bytes, sourceCount, maxRecordBytes) => this.readOnReader(bytes, sourceCount, maxRecordBytes) : undefined;
  }

  private readOnReader(bytes: Uint8Array, sourceCount: number, maxRecordBytes: number): ParsedRecords | undefined {
    this.here++;
    return parsedRecords(readRecordBatch(bytes, sourceCount, maxRecordBytes));
  }

  async parse(bytes: Uint8Array, sourceCount: number, maxRecordBytes: number): Promise<ParsedBatch> {
    const moved = structuredClone(bytes, { transfer: [bytes.buffer as ArrayBuffer] });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const parsed = parsedRecords(readRecordBatch(moved, sourceCount, maxRecordBytes));
    if (parsed === undefined) this.unread++;
    else this.read++;
    return { bytes: moved, parsed };
  }
}

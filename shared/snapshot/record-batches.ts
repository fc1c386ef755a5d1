import type { SnapshotLines } from './snapshot-lines.ts';

/** A batch back from its parser: its bytes (they travel with it), and its records as read there — or undefined: read them here. */
export interface ParsedBatch {
  readonly bytes: Uint8Array;
  readonly parsed: ParsedRecords | undefined;
}

/** A batch's records read elsewhere: how many, and what the sink takes (SnapshotSink.batch). */
export interface ParsedRecords {
  readonly records: number;
  readonly value: unknown;
}

/**
 * Reads batches of whole record lines elsewhere (the app's parse workers, renderer/workers), so
 * the JSON.parse of a big snapshot's records runs on several cores. What `value` is belongs to
 * the caller, who gives both the parser and the sink that takes it (SnapshotSink.batch).
 */
export interface BatchParser {
  /** Batches it may hold at once; the reader reads more itself (readHere) or waits. */
  readonly capacity: number;
  /** Bytes of text per batch (BATCH_BYTES unless a test asks for smaller ones). */
  readonly batchBytes?: number;
  /** Parses `bytes` (whole lines, each with its newline; the bytes are the parser's until it answers). */
  parse(bytes: Uint8Array, sourceCount: number, maxRecordBytes: number): Promise<ParsedBatch>;
  /** The same, on the reader's own thread: what it does instead of waiting while the parser is full. */
  readHere?(bytes: Uint8Array, sourceCount: number, maxRecordBytes: number): ParsedRecords | undefined;
}

/** Bytes of text per batch: ~3,000 spans of X-Ray documents, a few ms of parsing each. */
const BATCH_BYTES = 1024 * 1024;
/** Batches read here that may wait behind the parser's oldest answer (so memory stays bounded). */
const AHEAD_HERE = 4;
const NEWLINE = 0x0a;

interface Pending {
  readonly answer: Promise<ParsedBatch>;
  done: ParsedBatch | undefined;
  readonly here: boolean;
}

/**
 * The records part of a snapshot's text cut into batches of whole lines and sent to a
 * BatchParser as it arrives, the answers taken in reading order: a batch read there is adopted
 * by the line reader (its records and lines counted, snapshot-lines.ts) and handed to the sink;
 * one the parser gave back unread, or one that comes where the line reader no longer takes
 * batches (after the closing line, or after a record without its comma), is read here, line by
 * line, with every check and message the reader has without batches. So batches change where
 * the parsing runs, never what is read or what an error says. While the parser holds all it may,
 * the reader reads the next batches itself (readHere) rather than wait: on a machine with few
 * cores, its own thread is one of them.
 */
export class RecordBatches {
  private readonly size: number;
  private buffer: Uint8Array;
  private filled = 0;
  private readonly queue: Pending[] = [];
  /** Batches at the parser, not yet answered. */
  private out = 0;
  private here = 0;

  constructor(
    private readonly parser: BatchParser,
    private readonly lines: SnapshotLines,
    private readonly take: (value: unknown, bytes: Uint8Array) => void,
  ) {
    this.size = parser.batchBytes ?? BATCH_BYTES;
    this.buffer = new Uint8Array(this.size);
  }

  /** Takes the next piece of the text. */
  async push(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.filled === 0 && this.lines.carrying) {
        // A line began before batching did, or was longer than a batch: it ends here.
        await this.drain(0);
        const newline = chunk.indexOf(NEWLINE, offset);
        const end = newline < 0 ? chunk.length : newline + 1;
        this.lines.push(chunk.subarray(offset, end));
        offset = end;
        continue;
      }
      const count = Math.min(this.buffer.length - this.filled, chunk.length - offset);
      this.buffer.set(chunk.subarray(offset, offset + count), this.filled);
      this.filled += count;
      offset += count;
      if (this.filled === this.buffer.length) await this.cut();
    }
  }

  /** The end of the text: every batch taken, and what is left after the last newline read here. */
  async finish(): Promise<void> {
    await this.drain(0);
    if (this.filled > 0) this.lines.push(this.buffer.subarray(0, this.filled));
    this.filled = 0;
  }

  /** Sends the full buffer up to its last newline (or reads it here); the rest starts the next one. */
  private async cut(): Promise<void> {
    const full = this.buffer;
    const last = full.lastIndexOf(NEWLINE);
    this.buffer = new Uint8Array(this.size);
    this.filled = 0;
    if (last < 0) {
      // One line longer than a batch: the line reader carries it (and refuses it past the limit).
      await this.drain(0);
      this.lines.push(full);
      return;
    }
    this.buffer.set(full.subarray(last + 1));
    this.filled = full.length - last - 1;
    const batch = full.subarray(0, last + 1);
    const { sourceCount, maxRecordBytes } = this.lines;
    if (this.out >= this.parser.capacity && this.parser.readHere !== undefined && this.here < AHEAD_HERE) {
      const done = { bytes: batch, parsed: this.parser.readHere(batch, sourceCount, maxRecordBytes) };
      this.queue.push({ answer: Promise.resolve(done), done, here: true });
      this.here++;
    } else {
      // Full, and enough read here: the oldest answers first.
      while (this.out >= this.parser.capacity) await this.takeOldest();
      const pending: Pending = { answer: this.parser.parse(batch, sourceCount, maxRecordBytes), done: undefined, here: false };
      this.out++;
      pending.answer.then(
        (done) => {
          pending.done = done;
          this.out--;
        },
        // Met again when drain awaits it; not an unhandled rejection meanwhile.
        () => this.out--,
      );
      this.queue.push(pending);
    }
    this.takeAnswered();
  }

  /** Takes the answers that are in, in reading order, up to the first one still out. */
  private takeAnswered(): void {
    while (this.queue[0]?.done !== undefined) this.apply(this.queue.shift()!);
  }

  /** Takes the answers in reading order until at most `keep` are left. */
  private async drain(keep: number): Promise<void> {
    while (this.queue.length > keep) await this.takeOldest();
  }

  private async takeOldest(): Promise<void> {
    const pending = this.queue.shift()!;
    pending.done ??= await pending.answer;
    this.apply(pending);
  }

  private apply(pending: Pending): void {
    if (pending.here) this.here--;
    const { bytes, parsed } = pending.done!;
    if (parsed !== undefined && this.lines.adopt(parsed.records)) this.take(parsed.value, bytes);
    else this.lines.push(bytes);
  }
}

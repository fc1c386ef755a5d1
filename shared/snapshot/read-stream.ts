import { AppError } from '../base/errors.ts';
import { formatBytes } from '../base/format.ts';
import type { SnapshotHeader } from '../model/index.ts';
import { gunzip } from './gunzip.ts';
import { RATIO_CHECK_BYTES, resolveLimits, type Limits } from './limits.ts';
import { SNAPSHOT_MIGRATIONS, type SnapshotMigration } from './migrate.ts';
import { SnapshotError } from './snapshot-error.ts';
import { concat } from './line-bytes.ts';
import { SnapshotLines } from './snapshot-lines.ts';
import type { SnapshotSink } from './snapshot-sink.ts';
import { RecordBatches, type BatchParser } from './record-batches.ts';
import { RawInput } from './raw-input.ts';
import { SNIFF_BYTES, sniffOpening, type Sniffed } from './sniff.ts';

export type { ByteSource } from './raw-input.ts';
import type { ByteSource } from './raw-input.ts';

/** How much memory the reading process uses and may use (Node's heap; `performance.memory` in Chromium). */
export interface MemoryUse {
  readonly used: number;
  readonly limit: number;
}

export interface ReadProgress {
  /** Bytes of the file read so far, as stored (compressed). */
  readonly fileBytes: number;
  /** The file's size when known (a file on disk, a Blob, a Content-Length). */
  readonly fileSize: number | undefined;
  /** Bytes of JSON text so far (decompressed). */
  readonly textBytes: number;
  readonly records: number;
}

export interface ReadStreamOptions {
  /** The file name, used in error messages. */
  readonly file?: string;
  /** The size of the file as stored, when known: checked against the cap before anything is read. */
  readonly size?: number;
  readonly limits?: Partial<Limits>;
  /** Caps to start from instead of DEFAULT_LIMITS (the machine's, see limitsForMemory). */
  readonly baseLimits?: Limits;
  /** The migrations for older versions; SNAPSHOT_MIGRATIONS unless a test brings its own. */
  readonly migrations?: readonly SnapshotMigration[];
  /** Whether the bytes are gzip-compressed; by default the magic bytes decide. */
  readonly gzip?: boolean;
  /** Looked at every MEMORY_CHECK_BYTES of text: reading stops before the process runs out. */
  readonly memory?: () => MemoryUse | undefined;
  /** Checked after every chunk: reading stops with a `cancelled` error once it is aborted. */
  readonly signal?: { readonly aborted: boolean };
  /** Called after each chunk. */
  onProgress?(progress: ReadProgress): void;
  /** Awaited about every PAUSE_MS of reading, so other work (a Cancel, a query) gets in. */
  pause?(): Promise<void>;
  /** Parses the record lines elsewhere, in batches, for a sink that takes them (SnapshotSink.batch; record-batches.ts). */
  readonly batches?: BatchParser;
}

/** Share of the memory limit at which reading stops. */
const MEMORY_STOP = 0.9;
const MEMORY_CHECK_BYTES = 4 * 1024 * 1024;
const PAUSE_MS = 100;
/** The line reader gets at most this much at once, so the checks and the pause come between slices. */
const SLICE_BYTES = 1024 * 1024;

const now = (): number => (globalThis as { readonly performance?: { now(): number } }).performance?.now() ?? Date.now();

/**
 * Reads a snapshot as its bytes arrive — from a file on disk, a dropped File's stream or an HTTP
 * body — and hands every record to a sink (snapshot-lines.ts), so the file is never whole in
 * memory, compressed or not. gzip is recognised by its magic bytes and inflated with the platform's
 * DecompressionStream; the opening is sniffed once, on the first KiB of text (`open`), so a caller
 * can tell a snapshot from another file without reading it twice. Every cap is checked here or in
 * the line reader, once, as early as it can be known: the stored size before reading, then
 * compressed and decompressed bytes, the inflation ratio, records, blank lines, the line length and
 * the memory in use.
 */
export class SnapshotStream {
  private readonly text: AsyncIterator<Uint8Array>;
  /** An error met while sniffing, thrown when the rest is read. */
  private failed: SnapshotError | undefined;
  private readonly head: Uint8Array[] = [];
  private textBytes = 0;
  /** Text bytes handed to the line reader. */
  private fed = 0;
  private nextMemoryCheck = MEMORY_CHECK_BYTES;
  private lastPause = now();
  private lines: SnapshotLines | undefined;
  /** Set once the records are sent in batches (and then all the rest of the text is). */
  private batching: RecordBatches | undefined;
  /** What the first KiB of text is; undefined until `open` resolved. */
  sniffed: Sniffed = { ours: false, what: 'empty' };

  private constructor(
    private readonly raw: RawInput,
    readonly compressed: boolean,
    private readonly limits: Limits,
    private readonly options: ReadStreamOptions,
  ) {
    const bytes = raw.iterable();
    this.text = compressed ? gunzip(bytes, undefined, options.file)[Symbol.asyncIterator]() : bytes[Symbol.asyncIterator]();
  }

  /** Starts reading `source` and sniffs the first KiB of its text. */
  static async open(source: ByteSource, options: ReadStreamOptions = {}): Promise<SnapshotStream> {
    const limits = resolveLimits(options.limits, options.baseLimits);
    if (options.size !== undefined && options.size > limits.maxCompressedBytes) {
      throw new SnapshotError('invalidInput', options.file, `is ${formatBytes(options.size)}, larger than the ${formatBytes(limits.maxCompressedBytes)} limit for a file opened on this machine`);
    }
    const raw = new RawInput(source, limits, options.file);
    const first = await raw.peek();
    const gzip = options.gzip ?? (first !== undefined && first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b);
    const stream = new SnapshotStream(raw, gzip, limits, options);
    let sniffedBytes = 0;
    try {
      while (sniffedBytes < SNIFF_BYTES) {
        const chunk = await stream.nextText();
        if (chunk === undefined) break;
        stream.head.push(chunk);
        sniffedBytes += chunk.length;
      }
    } catch (error) {
      // Not gzip after all, or cut short: what came out is judged; `read` reports the error itself.
      if (!(error instanceof SnapshotError) || stream.head.length === 0) {
        await stream.close();
        throw error;
      }
      stream.failed = error;
    }
    stream.sniffed = sniffOpening(stream.head.length === 1 ? stream.head[0]! : concat(stream.head, Math.min(sniffedBytes, SNIFF_BYTES)));
    if (stream.sniffed.ours) raw.stopKeeping();
    return stream;
  }

  /** Reads the rest into `sink`; returns the header. Refusals are SnapshotErrors naming the file. */
  async read(sink: SnapshotSink): Promise<SnapshotHeader> {
    const lines = new SnapshotLines(this.options.file, this.limits, this.options.migrations ?? SNAPSHOT_MIGRATIONS, sink);
    this.lines = lines;
    const parser = this.options.batches;
    const take = sink.batch?.bind(sink);
    const batches = parser !== undefined && take !== undefined ? new RecordBatches(parser, lines, take) : undefined;
    try {
      for (const chunk of this.head.splice(0)) await this.feed(lines, chunk, batches);
      if (this.failed) throw this.failed;
      for (let chunk = await this.nextText(); chunk !== undefined; chunk = await this.nextText()) await this.feed(lines, chunk, batches);
      await this.batching?.finish();
      return lines.finish();
    } finally {
      await this.close();
    }
  }

  /** Pushes a chunk in slices, with the checks, the progress and a pause between them (a chunk may be a whole file). */
  private async feed(lines: SnapshotLines, chunk: Uint8Array, batches: RecordBatches | undefined): Promise<void> {
    for (let offset = 0; offset < chunk.length; offset += SLICE_BYTES) {
      const slice = offset === 0 && chunk.length <= SLICE_BYTES ? chunk : chunk.subarray(offset, offset + SLICE_BYTES);
      // Batches start with the records (once the header is read) and then take the rest.
      if (this.batching === undefined && batches !== undefined && lines.adoptsBatches) this.batching = batches;
      if (this.batching !== undefined) await this.batching.push(slice);
      else lines.push(slice);
      this.fed += Math.min(SLICE_BYTES, chunk.length - offset);
      if (this.fed >= this.nextMemoryCheck) {
        this.nextMemoryCheck = this.fed + MEMORY_CHECK_BYTES;
        this.checkMemory();
      }
      this.report();
      if (now() - this.lastPause > PAUSE_MS && this.options.pause) {
        await this.options.pause();
        this.lastPause = now();
      }
      this.checkCancelled();
    }
  }

  /** Every byte of the file, for a caller that found it is not a snapshot (only before `read`). */
  async allBytes(): Promise<Uint8Array> {
    if (this.compressed) await this.text.return?.();
    return this.raw.rest();
  }

  /** Every byte of the file as it is stored, streamed, for a caller that found it is not a snapshot (only before `read`). */
  async rawChunks(): Promise<AsyncIterable<Uint8Array>> {
    if (this.compressed) await this.text.return?.();
    return this.raw.replay();
  }

  /** Stops reading and lets the source go. */
  async close(): Promise<void> {
    await this.text.return?.().catch(() => undefined);
    await this.raw.cancel();
  }

  private async nextText(): Promise<Uint8Array | undefined> {
    this.checkCancelled();
    const result = await this.text.next();
    if (result.done) return undefined;
    const chunk = result.value;
    this.textBytes += chunk.length;
    const { maxDecompressedBytes, maxInflateRatio } = this.limits;
    const file = this.options.file;
    if (this.textBytes > maxDecompressedBytes) throw new SnapshotError('invalidInput', file, `is larger than the ${formatBytes(maxDecompressedBytes)} limit once decompressed`);
    if (this.compressed && this.textBytes > RATIO_CHECK_BYTES && this.textBytes > maxInflateRatio * this.raw.bytes) {
      throw new SnapshotError(
        'invalidInput',
        file,
        `inflates to more than ${maxInflateRatio} times its compressed size (${formatBytes(this.textBytes)} from the first ${formatBytes(this.raw.bytes)}), which JSON does not do (5–20 times); it is a decompression bomb or not a snapshot`,
      );
    }
    return chunk;
  }

  private checkMemory(): void {
    const use = this.options.memory?.();
    if (use === undefined || !(use.used > use.limit * MEMORY_STOP)) return;
    throw new SnapshotError(
      'invalidInput',
      this.options.file,
      `is too big to open on this machine: after ${formatBytes(this.fed)} of its text, reading it uses ${formatBytes(use.used)} of the ${formatBytes(use.limit)} this process may use`,
    );
  }

  private checkCancelled(): void {
    if (this.options.signal?.aborted) throw new AppError('cancelled', `Opening ${this.options.file ?? 'the file'} was cancelled.`, this.options.file);
  }

  /** The figures so far. */
  progress(): ReadProgress {
    return { fileBytes: this.raw.bytes, fileSize: this.options.size, textBytes: this.textBytes, records: this.lines?.records ?? 0 };
  }

  private report(): void {
    this.options.onProgress?.(this.progress());
  }
}

/**
 * Writes an import's snapshot while its files are still read, instead of after: each record the
 * builder keeps is encoded (its document's own JSON text when it has one) and compressed at once,
 * on zlib's thread, into a temporary file beside the target; nothing keeps the text. The header is
 * known only at the end (gaps, window, sources), yet comes first in the file: it is compressed on
 * its own and the file assembled as one gzip member, header part then records part (gzip-join.ts),
 * and written atomically like every snapshot (writeFileAtomically). The text is byte for byte what
 * encodeSnapshot writes for the same content.
 *
 * A record replaced in place (an in-progress segment by its completed version), records that are
 * not the content's in the end, or a record the encoder refuses make the stream unusable: `finish`
 * then says so and the caller writes the content the ordinary way (writeSnapshotFile), which also
 * reports a refused record with its path exactly as before.
 *
 * Measured on 2,000,000 spans of JSON lines (docs/inputs.md, "How fast"): compressing after the
 * reading was the largest single cost beyond parsing, and keeping every line's text for it made
 * the garbage collector copy 317 MB more.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants as zlibConstants, crc32, createDeflateRaw, deflateRawSync, type DeflateRaw, type ZlibOptions } from 'node:zlib';
import type { RawRecord, SnapshotContent } from '../../shared/model/index.ts';
import type { RecordListener } from '../../shared/import/snapshot-builder.ts';
import { snapshotOpeningLine, snapshotRecordParts, SNAPSHOT_CLOSING } from '../../shared/snapshot/index.ts';
import { crc32Combine, gzipHeader, gzipTrailer } from './gzip-join.ts';
import { writeAll, writeFileAtomically } from './snapshot-file.ts';

/**
 * Encoded lines are copied into pieces of this size (UTF-8) before compression. zlib takes one
 * piece per turn of the main thread's event loop, and the parser gives it a turn about once per
 * 1 MiB chunk read: with 1 MiB pieces the compressor could only just keep pace, fell 64 MiB behind
 * twice per 2,000,000-span import on the loaded machine and the reader waited 1.4–2.0 s for it
 * (six runs); with 4 MiB pieces (about 0.8 MiB once compressed at level 1) it never did (six runs).
 */
const PIECE_BYTES = 4 * 1024 * 1024;
const COPY_CHUNK_BYTES = 1024 * 1024;
/**
 * zlib's output buffer. Node compresses a write on its thread pool one output buffer at a time and
 * needs the main thread between two (to hand on the output): with the default 16 KiB, a 1 MiB piece
 * took a dozen round trips, each waiting for the parser to yield, and compression all but stopped
 * while the files were read. 1 MiB holds what a piece compresses to at level 1 (about 0.8 MiB).
 */
const DEFLATE_CHUNK_BYTES = 1024 * 1024;
/** Text waiting to be compressed before the reader waits for the compressor (a few pieces). */
const QUEUED_BYTES = 64 * 1024 * 1024;

export class SnapshotWriter implements RecordListener {
  private usable = true;
  private count = 0;
  private maxSource = -1;
  private piece: Buffer = Buffer.allocUnsafe(PIECE_BYTES);
  private filled = 0;
  /** Pieces the compressor has read, to fill again: 300 MB of fresh buffers made the GC mark old space more often. */
  private readonly spare: Buffer[] = [];
  private crc = 0;
  private bytes = 0;
  private readonly compressed: Promise<void>;
  private failure: unknown;

  private constructor(
    private readonly path: string,
    private readonly level: number,
    private readonly body: string,
    private readonly deflate: DeflateRaw,
    handle: FileHandle,
  ) {
    this.compressed = pipeline(deflate, async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) await writeAll(handle, chunk);
    }).finally(() => handle.close());
    // Kept, not thrown here: a failed write (a full disk) is what `finish` reports.
    this.compressed.catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  /** Starts a snapshot for `path` (which is not touched until `finish`): the records' temporary file is made beside it. */
  static async open(path: string, compressionLevel: number): Promise<SnapshotWriter> {
    const target = resolve(path);
    const body = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.records.tmp`);
    const handle = await open(body, 'wx', 0o600);
    // zlib's streams take the Transform stream's options too (node:zlib hands them on); its types do not list them.
    const options: ZlibOptions & { readonly writableHighWaterMark: number } = { level: compressionLevel, chunkSize: DEFLATE_CHUNK_BYTES, writableHighWaterMark: QUEUED_BYTES };
    return new SnapshotWriter(path, compressionLevel, body, createDeflateRaw(options), handle);
  }

  added(record: RawRecord, index: number, text: string | undefined): void {
    if (!this.usable) return;
    if (index !== this.count) return this.drop();
    let head: string;
    let doc: string;
    try {
      // The sources are known only at the end: their count is checked in `finish`.
      [head, doc] = snapshotRecordParts(record, index, Number.MAX_SAFE_INTEGER, text);
    } catch {
      return this.drop();
    }
    if (record.source > this.maxSource) this.maxSource = record.source;
    if (this.count > 0) this.put(',\n');
    this.put(head);
    this.put(doc);
    this.put('}');
    this.count++;
  }

  replaced(): void {
    this.drop();
  }

  /** Resolves when the compressor has caught up enough to take more (the reader waits on it between chunks). */
  drained(): Promise<unknown> | undefined {
    return this.usable && this.deflate.writableNeedDrain ? once(this.deflate, 'drain') : undefined;
  }

  /**
   * Writes the snapshot of `content` to the path atomically, when the records written are the
   * content's; false (nothing written, the temporary file removed) when they are not. Throws what
   * writing failed with (a refused header, a full disk), the target left as it was.
   */
  async finish(content: SnapshotContent): Promise<boolean> {
    if (!this.usable || content.records.length !== this.count || this.maxSource >= content.header.provenance.sources.length) {
      await this.abort();
      return false;
    }
    try {
      const opening = Buffer.from(snapshotOpeningLine(content.header));
      if (this.count > 0) this.put('\n');
      this.put(SNAPSHOT_CLOSING);
      this.flush();
      this.deflate.end();
      await this.compressed.catch(() => undefined);
      if (this.failure !== undefined) throw this.failure;
      // Non-final and byte-aligned, so the records' deflate data may follow it (gzip-join.ts).
      const head = deflateRawSync(opening, { level: this.level, finishFlush: zlibConstants.Z_SYNC_FLUSH });
      const crc = crc32Combine(crc32(opening), this.crc, this.bytes);
      await writeFileAtomically(this.path, async (handle) => {
        await writeAll(handle, gzipHeader());
        await writeAll(handle, head);
        for await (const chunk of createReadStream(this.body, { highWaterMark: COPY_CHUNK_BYTES }) as AsyncIterable<Buffer>) await writeAll(handle, chunk);
        await writeAll(handle, gzipTrailer(crc, opening.length + this.bytes));
      });
      return true;
    } finally {
      await this.abort();
    }
  }

  /** Stops and removes the temporary file; the target is never touched. */
  async abort(): Promise<void> {
    this.usable = false;
    this.deflate.destroy();
    await this.compressed.catch(() => undefined);
    await rm(this.body, { force: true });
  }

  private drop(): void {
    if (!this.usable) return;
    this.usable = false;
    this.deflate.destroy();
  }

  /** Copies text into the piece as UTF-8 (a string never makes more than 3 bytes a unit), handing full pieces on. */
  private put(text: string): void {
    if (this.filled + text.length * 3 > PIECE_BYTES) {
      this.flush();
      if (text.length * 3 > PIECE_BYTES) return this.compress(Buffer.from(text));
    }
    this.filled += this.piece.write(text, this.filled);
  }

  private flush(): void {
    if (this.filled === 0) return;
    const full = this.piece;
    const piece = full.subarray(0, this.filled);
    // The compressor holds the piece until it has read it: the next one is another buffer.
    this.piece = this.spare.pop() ?? Buffer.allocUnsafe(PIECE_BYTES);
    this.filled = 0;
    this.compress(piece, full);
  }

  private compress(bytes: Buffer, reusable?: Buffer): void {
    this.crc = crc32(bytes, this.crc);
    this.bytes += bytes.length;
    this.deflate.write(bytes, reusable && (() => this.spare.push(reusable)));
  }
}

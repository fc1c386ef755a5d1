import type { RawRecord, SnapshotContent, SnapshotHeader } from '../model/index.ts';
import { SnapshotStream, type ByteSource, type ReadProgress, type ReadStreamOptions } from './read-stream.ts';
import { SnapshotError } from './snapshot-error.ts';
import { EXPECTED } from './sniff.ts';
import type { SnapshotSink } from './snapshot-sink.ts';

export type ReadSnapshotOptions = Omit<ReadStreamOptions, 'onProgress' | 'gzip'> & {
  /** Called after each chunk with the decompressed bytes read so far. */
  onProgress?(bytes: number, progress: ReadProgress): void;
};

/**
 * Reads a whole snapshot into memory (header and every record), from its bytes as they arrive:
 * gzip-compressed or plain text, recognised by its magic bytes. This is what the CLI's `import`
 * and the notes writer need; opening a snapshot to explore it streams the records into the dataset
 * instead (shared/incident/open-inputs.ts) and keeps none of them parsed. See read-stream.ts for
 * the caps; every refusal is a SnapshotError naming the file, the JSON path and the line.
 */
export async function readSnapshotFrom(source: ByteSource, options: ReadSnapshotOptions & { readonly gzip?: boolean } = {}): Promise<SnapshotContent> {
  const { onProgress, ...rest } = options;
  const stream = await SnapshotStream.open(source, { ...rest, ...(onProgress ? { onProgress: (progress: ReadProgress) => onProgress(progress.textBytes, progress) } : {}) });
  return readOpened(stream, options.file);
}

/** Reads a snapshot from its decompressed bytes (see docs/snapshot-format.md); the text is never whole in memory. */
export async function readSnapshot(decompressed: AsyncIterable<Uint8Array>, options: ReadSnapshotOptions = {}): Promise<SnapshotContent> {
  return readSnapshotFrom(decompressed, { ...options, gzip: false });
}

/** Reads the records of a stream that `SnapshotStream.open` started, refusing what is not a snapshot. */
export async function readOpened(stream: SnapshotStream, file: string | undefined): Promise<SnapshotContent> {
  if (!stream.sniffed.ours) {
    await stream.close();
    const what = stream.sniffed.what;
    throw new SnapshotError('invalidInput', file, what === 'empty' ? 'the file is empty; expected a Trace Explorer snapshot' : `not a Trace Explorer snapshot: it is ${what}; ${EXPECTED}`);
  }
  const records: RawRecord[] = [];
  let header: SnapshotHeader | undefined;
  const sink: SnapshotSink = {
    header(value) {
      header = value;
    },
    record(record) {
      records.push(record);
    },
  };
  await stream.read(sink);
  return { header: header as SnapshotHeader, records };
}

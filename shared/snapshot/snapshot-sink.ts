import type { RawRecord, SnapshotHeader } from '../model/index.ts';

/**
 * Where the records of a snapshot go as they are read. `record` gets each checked record and,
 * when the file is in the one-record-per-line layout, the record's line as bytes
 * (`bytes[start..end)`, valid during the call only: copy what you keep). `stable` says the bytes
 * are a chunk of the text that later lines of the same chunk come from too (so a sink may copy the
 * rest of the chunk at once); otherwise they are a reused buffer. `revive` turns such a line back
 * into the record's document (parse, then the same migrations), for a reader that keeps the line
 * instead of the parsed value.
 */
export interface SnapshotSink {
  header(header: SnapshotHeader, revive: (line: string) => unknown): void;
  record(record: RawRecord, bytes: Uint8Array | undefined, start: number, end: number, stable: boolean): void;
  /** A batch of records read elsewhere (ReadStreamOptions.batches: its parser's `value`), from `bytes`, which the sink may keep. */
  batch?(value: unknown, bytes: Uint8Array): void;
}

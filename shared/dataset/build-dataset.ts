import { OtherRecords } from './other-records.ts';
import { assembleStore } from './assembly/assemble.ts';
import { SpanStore } from './spans/span-store.ts';
import { appendShard, type StoreShard } from './spans/store-shard.ts';
import type { Dataset, Problem, RawRecord, SnapshotContent, SnapshotHeader } from '../model/index.ts';

/**
 * Derives everything the views use from a snapshot's raw records. Pure and single-pass per kind;
 * runs in the analysis Web Worker (renderer) or in Node (CLI). Bad records become problems.
 */
export function buildDataset(content: SnapshotContent): Dataset {
  const builder = new DatasetBuilder();
  builder.header(content.header);
  for (const record of content.records) builder.record(record);
  return builder.finish();
}

/**
 * The dataset built as records arrive, one at a time: the snapshot reader's sink (its `header` and
 * `record` are SnapshotSink's). Segment documents go into the SpanStore's columns — with their
 * record's line when the reader gives it, so the parsed document can be dropped (the raw text is
 * what is kept for the detail panel) — and the other kinds by OtherRecords.
 * The traces are assembled in `finish`, when every document of every trace has arrived.
 */
export class DatasetBuilder {
  private snapshotHeader: SnapshotHeader | undefined;
  private readonly problems: Problem[] = [];
  private readonly store: SpanStore;
  private readonly others: OtherRecords;
  private index = 0;
  private revive: ((line: string) => unknown) | undefined;

  constructor() {
    this.store = new SpanStore((source) => this.fileOf(source), this.problems);
    this.others = new OtherRecords(this.problems, (source) => this.fileOf(source));
  }

  /** Records read so far. */
  get records(): number {
    return this.index;
  }

  /** Bytes of raw record text kept. */
  get textBytes(): number {
    return this.store.textBytes;
  }

  header(header: SnapshotHeader, revive?: (line: string) => unknown): void {
    this.snapshotHeader = header;
    this.revive = revive;
  }

  /** One record; with its line (`bytes[start..end)`, see SnapshotSink) the document is kept as that text. */
  record(record: RawRecord, bytes?: Uint8Array, start = 0, end = 0, stable = false): void {
    const index = this.index++;
    if (record.kind === 'xray.segment') {
      this.store.addDocument(record.doc, record.source, bytes !== undefined && this.revive !== undefined ? { bytes, start, end, stable, revive: this.revive } : undefined);
      return;
    }
    this.others.read(record, `records[${index}]`);
  }

  /**
   * A batch of segment records read on another thread (record-batch.ts made `shard` from `bytes`,
   * whose lines are kept as the records' text): the same as its records one by one.
   */
  batch(shard: StoreShard, bytes: Uint8Array): void {
    if (this.revive === undefined) throw new Error('DatasetBuilder.batch before its header');
    appendShard(this.store, shard, bytes, this.revive);
    this.index += shard.documents;
  }

  finish(): Dataset {
    const header = this.snapshotHeader;
    if (header === undefined) throw new Error('DatasetBuilder.finish before its header');
    const assembled = assembleStore(this.store);
    this.problems.push(...assembled.problems);
    const traces = assembled.traces.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      header,
      traces,
      traceById: new Map(traces.map((trace) => [trace.id, trace])),
      ...this.others.parts(),
      problems: this.problems,
    };
  }

  private fileOf(source: number): string {
    return this.snapshotHeader?.provenance.sources[source]?.name ?? `source ${source}`;
  }
}

import type { DatasetTally, Problem, RawRecord, SnapshotContent } from '../model/index.ts';
import { OtherRecords } from './other-records.ts';
import { TraceTally } from './trace-tally.ts';

/**
 * What `import` reports of a snapshot — the traces (ids and time spans), events, summaries,
 * metric series and every problem — as buildDataset would derive them, without assembling the
 * traces: a 2,000,000-span import spent more on assembling spans it then dropped than on parsing
 * them. The same records in the same order give the same figures and the same problems in the
 * same order (dataset-tally.test.ts compares the two on the fixtures, the generator's data and
 * hostile links).
 */
export function tallyDataset(content: SnapshotContent): DatasetTally {
  const sources = content.header.provenance.sources;
  const tally = new StreamedTally((source) => sources[source]?.name ?? `source ${source}`);
  content.records.forEach((record, index) => tally.added(record, index));
  return tally.finish(content);
}

/**
 * The tally taken as a merged import keeps its records (SnapshotBuilder's RecordListener), each
 * read while its document is fresh from the parser instead of in a second pass over them all.
 * When the records kept are not the snapshot's in the end (one replaced in place by its completed
 * version), `finish` reads the snapshot's records again instead. `fileOf` names a source as the
 * snapshot's header will.
 */
export class StreamedTally {
  private readonly problems: Problem[] = [];
  private readonly segments: TraceTally;
  private readonly others: OtherRecords;
  private count = 0;
  private usable = true;

  constructor(fileOf: (source: number) => string) {
    this.segments = new TraceTally(fileOf, this.problems);
    this.others = new OtherRecords(this.problems, fileOf);
  }

  /** Record `index` of the snapshot, kept. */
  added(record: RawRecord, index: number): void {
    if (!this.usable) return;
    if (index !== this.count) {
      this.usable = false;
      return;
    }
    this.count++;
    if (record.kind === 'xray.segment') this.segments.addDocument(record.doc, record.source);
    else this.others.read(record, `records[${index}]`);
  }

  /** A record was replaced in place: what was read is no longer the snapshot's. */
  replaced(): void {
    this.usable = false;
  }

  finish(content: SnapshotContent): DatasetTally {
    if (!this.usable || this.count !== content.records.length) return tallyDataset(content);
    const traces = this.segments.finish();
    return {
      header: content.header,
      traces,
      ...this.others.parts(),
      problems: this.problems,
    };
  }
}

import type { DatasetTally, Problem, SnapshotContent } from '../model/index.ts';
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
  const problems: Problem[] = [];
  const sources = content.header.provenance.sources;
  const fileOf = (source: number): string => sources[source]?.name ?? `source ${source}`;
  const segments = new TraceTally(fileOf, problems);
  const others = new OtherRecords(problems, fileOf);
  const records = content.records;
  for (let index = 0; index < records.length; index++) {
    const record = records[index]!;
    if (record.kind === 'xray.segment') segments.addDocument(record.doc, record.source);
    else others.read(record, `records[${index}]`);
  }
  const traces = segments.finish();
  return {
    header: content.header,
    traces,
    summaries: [...others.summaryById.values()],
    capturedGraphs: others.capturedGraphs,
    events: others.events.sorted(),
    duplicateEvents: others.events.duplicates,
    metrics: others.metrics,
    problems,
  };
}

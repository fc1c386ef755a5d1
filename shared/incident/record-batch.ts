import { utf8Decoder } from '../base/web-apis.ts';
import { checkRecord, type ParsedRecords } from '../snapshot/index.ts';
import { shardOf, SpanStore, type StoreShard } from '../dataset/index.ts';
import type { Problem } from '../model/index.ts';

const OPEN_BRACE = 0x7b;
const COMMA = 0x2c;

const decoder = utf8Decoder(true);
const unused = (): string => '';
const noRevive = (): unknown => undefined;

/**
 * A parse worker's work on one batch of a snapshot's record lines (whole lines, each ending with
 * its newline; see record-batches.ts): the batch's segment records read into a SpanStore of its
 * own, returned as a shard for the reader to append in order. Only the common case is done here —
 * every line `{…},` (a record with the comma a later record needs), ASCII text, each line valid
 * JSON, a segment record that checkRecord and the store accept without a problem. Anything else —
 * a blank or closing line, a line without its comma, another record kind, a line longer than
 * `maxRecordBytes`, a problem — returns undefined, and the reader reads that batch itself, line by
 * line, with every check and message of snapshot-lines.ts: so an error or a problem reads exactly as
 * it does without workers, naming the file, the line and the record.
 */
export function readRecordBatch(batch: Uint8Array, sourceCount: number, maxRecordBytes: number): StoreShard | undefined {
  let text: string;
  try {
    text = decoder.decode(batch);
  } catch {
    return undefined;
  }
  // One character per byte (ASCII): the lines' offsets in the text are their offsets in the bytes.
  if (text.length !== batch.length) return undefined;
  const problems: Problem[] = [];
  const store = new SpanStore(unused, problems);
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    if (newline < 0) return undefined;
    const end = newline - 1;
    if (end - start > maxRecordBytes || text.charCodeAt(start) !== OPEN_BRACE || text.charCodeAt(end) !== COMMA) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text.substring(start, end));
    } catch {
      return undefined;
    }
    if (checkRecord(value, sourceCount) !== undefined) return undefined;
    const record = value as { readonly kind: string; readonly source: number; readonly doc: unknown };
    if (record.kind !== 'xray.segment') return undefined;
    store.addDocument(record.doc, record.source, { bytes: batch, start, end, stable: true, revive: noRevive });
    if (problems.length > 0) return undefined;
    start = newline + 1;
  }
  return shardOf(store);
}

/** A batch's shard as the reader takes it (BatchParser's answer): its records counted, or none (read it there). */
export function parsedRecords(shard: StoreShard | undefined): ParsedRecords | undefined {
  return shard === undefined ? undefined : { records: shard.documents, value: shard };
}

import type { RawRecord, SnapshotContent, SnapshotHeader } from '../model/index.ts';
import { checkFileHeader, type FileHeader } from './header-schema.ts';
import { formatBytes } from '../base/format.ts';
import {DEFAULT_LIMITS, SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './limits.ts';
import { stringifyJson } from '../base/json-text.ts';
import { checkRecord } from './record-check.ts';
import { SnapshotError } from './snapshot-error.ts';

/**
 * The snapshot as text, one line per chunk (docs/snapshot-format.md): the opening line with the
 * header, one `{"kind","source","doc"}` record per line (`JSON.stringify` escapes every newline
 * inside a document, so a line is exactly one record), and the closing `]}`. The whole is one
 * JSON value. The content is checked first — header, and each record as it is written — so the
 * writer never produces a file the reader refuses; a bad record throws part-way through.
 */
export function* encodeSnapshot(content: SnapshotContent): Generator<string, void, undefined> {
  const header = checkedHeader(content.header);
  const sourceCount = header.provenance.sources.length;
  yield checkedLine(`{"format":${JSON.stringify(SNAPSHOT_FORMAT)},"version":${SNAPSHOT_VERSION},"header":${stringifyJson(header)},"records":[`, 'header') + '\n';
  const records = content.records;
  let previous: string | undefined;
  for (let index = 0; index < records.length; index++) {
    const record = records[index];
    const problem = checkRecord(record, sourceCount);
    if (problem !== undefined || record === undefined) {
      throw new SnapshotError('invalidInput', undefined, `cannot be written: ${problem?.message ?? 'missing'}`, `records[${index}]${problem?.field ?? ''}`);
    }
    const line = checkedLine(recordLine(record, index), `records[${index}]`);
    if (previous !== undefined) yield `${previous},\n`;
    previous = line;
  }
  if (previous !== undefined) yield `${previous}\n`;
  yield ']}\n';
}

/**
 * The JSON text a document was read from, when it is one line: the importer reads JSON lines, and
 * writing each document back with JSON.stringify cost as much as parsing it (3.8 s of a 2,000,000-
 * span import). JSON.parse of the text gives the document, so the text is what the record holds.
 * Weak: the text goes with its document. Documents are never changed after they are read.
 */
const jsonTextOf = new WeakMap<object, string>();

/** Remembers that `text` (JSON without a line break) parses to `doc`, so the writer writes it instead of stringifying `doc`. */
export function keepJsonText(doc: object, text: string): void {
  if (!text.includes('\n')) jsonTextOf.set(doc, text);
}

/**
 * JSON.stringify writes no more UTF-8 bytes than the JSON text a value was parsed from, except for
 * numbers: `1e20` (4 bytes) is written as `100000000000000000000` (21). So a document parsed from
 * at most this share of the record limit always fits, and only a larger one needs measuring.
 */
const MAX_GROWTH = 21 / 4;
/** `{"kind":"cloudtrail.lookupEvent","source":4294967295,"doc":` and the closing brace, rounded up. */
const RECORD_OVERHEAD_BYTES = 128;

/**
 * Whether a document fits in one record of a snapshot: the limit the writer and the reader apply
 * (DEFAULT_LIMITS.maxRecordBytes). `textBytes`, when known, is the UTF-8 size of the JSON text the
 * document was parsed from; it spares measuring the many documents that are far below the limit.
 */
export function fitsInRecord(doc: unknown, textBytes?: number): boolean {
  const max = DEFAULT_LIMITS.maxRecordBytes;
  if (textBytes !== undefined && textBytes * MAX_GROWTH + RECORD_OVERHEAD_BYTES <= max) return true;
  let text: string;
  try {
    text = (typeof doc === 'object' && doc !== null ? jsonTextOf.get(doc) : undefined) ?? stringifyJson(doc);
  } catch {
    return false;
  }
  return text.length * 3 + RECORD_OVERHEAD_BYTES <= max || utf8Length(text) + RECORD_OVERHEAD_BYTES <= max;
}

function recordLine(record: RawRecord, index: number): string {
  try {
    const doc = record.doc;
    const text = typeof doc === 'object' && doc !== null ? jsonTextOf.get(doc) : undefined;
    return `{"kind":${JSON.stringify(record.kind)},"source":${record.source},"doc":${text ?? stringifyJson(doc)}}`;
  } catch (error) {
    throw new SnapshotError('invalidInput', undefined, `cannot be written: ${error instanceof Error ? error.message : String(error)}`, `records[${index}].doc`);
  }
}

function checkedHeader(header: SnapshotHeader): FileHeader {
  const checked = checkFileHeader({ provenance: header.provenance, gaps: header.gaps, notes: header.notes }, 'header');
  if (checked.ok) return checked.header;
  const shown = checked.issues.slice(0, 5).map((issue) => `${issue.at}: ${issue.message}`).join('; ');
  throw new SnapshotError('invalidInput', undefined, `the snapshot header cannot be written: ${shown}`);
}

/** Refuses a line the reader would refuse for its size (UTF-8 bytes, counted only when it could matter). */
function checkedLine(line: string, at: string): string {
  const max = DEFAULT_LIMITS.maxRecordBytes;
  if (line.length * 3 > max && utf8Length(line) > max) {
    throw new SnapshotError('invalidInput', undefined, `cannot be written: its JSON is larger than the ${formatBytes(max)} limit for one record`, at);
  }
  return line;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

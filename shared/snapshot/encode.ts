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
  yield openingOf(header);
  const records = content.records;
  let previous: string | undefined;
  for (let index = 0; index < records.length; index++) {
    const line = snapshotRecordLine(records[index], index, sourceCount);
    if (previous !== undefined) yield `${previous},\n`;
    previous = line;
  }
  if (previous !== undefined) yield `${previous}\n`;
  yield SNAPSHOT_CLOSING;
}

/** What follows the last record line: the line break after it (when there is one) is written before this. */
export const SNAPSHOT_CLOSING = ']}\n';

/**
 * The snapshot's opening line (format, version, header and the `"records":[` that the records
 * follow), with its line break; the header is checked first, as encodeSnapshot does. A writer that
 * streams the records (electron/files/snapshot-stream.ts) writes the same text as encodeSnapshot
 * from this, snapshotRecordLine and SNAPSHOT_CLOSING: the lines joined by `,\n`, then `\n]}\n`.
 */
export function snapshotOpeningLine(header: SnapshotHeader): string {
  return openingOf(checkedHeader(header));
}

function openingOf(header: FileHeader): string {
  return checkedLine(`{"format":${JSON.stringify(SNAPSHOT_FORMAT)},"version":${SNAPSHOT_VERSION},"header":${stringifyJson(header)},"records":[`, 'header') + '\n';
}

/**
 * One record's line (without the separator), checked as the reader checks it: `records[index]`
 * names a record that cannot be written. `text`, when given, is the JSON text the document was
 * parsed from (one line, no line break): it is written instead of stringifying the document, which
 * cost as much as parsing it (3.8 s of a 2,000,000-span import). JSON.parse of it gives the document.
 */
export function snapshotRecordLine(record: RawRecord | undefined, index: number, sourceCount: number, text?: string): string {
  const [head, doc] = snapshotRecordParts(record, index, sourceCount, text);
  return `${head}${doc}}`;
}

/**
 * The same line in its parts, checked alike: the head (`{"kind":…,"source":…,"doc":`), the
 * document's JSON text, and then a closing `}`. A writer that copies the parts into its buffer one
 * by one spares making the joined string (and a copy of every document's text with it).
 */
export function snapshotRecordParts(record: RawRecord | undefined, index: number, sourceCount: number, text?: string): readonly [string, string] {
  const problem = checkRecord(record, sourceCount);
  if (problem !== undefined || record === undefined) {
    throw new SnapshotError('invalidInput', undefined, `cannot be written: ${problem?.message ?? 'missing'}`, `records[${index}]${problem?.field ?? ''}`);
  }
  const head = `{"kind":${JSON.stringify(record.kind)},"source":${record.source},"doc":`;
  const doc = text !== undefined && !text.includes('\n') ? text : docText(record, index);
  const length = head.length + doc.length + 1;
  if (length * 3 > DEFAULT_LIMITS.maxRecordBytes) checkedLine(`${head}${doc}}`, `records[${index}]`);
  return [head, doc];
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
 * `ownText`, when given, is that text itself, which the writer writes (see snapshotRecordLine).
 */
export function fitsInRecord(doc: unknown, textBytes?: number, ownText?: string): boolean {
  const max = DEFAULT_LIMITS.maxRecordBytes;
  if (textBytes !== undefined && textBytes * MAX_GROWTH + RECORD_OVERHEAD_BYTES <= max) return true;
  let text: string;
  try {
    text = ownText !== undefined && !ownText.includes('\n') ? ownText : stringifyJson(doc);
  } catch {
    return false;
  }
  return text.length * 3 + RECORD_OVERHEAD_BYTES <= max || utf8Length(text) + RECORD_OVERHEAD_BYTES <= max;
}

function docText(record: RawRecord, index: number): string {
  try {
    return stringifyJson(record.doc);
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

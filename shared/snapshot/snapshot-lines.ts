import type { RawRecord, SnapshotHeader } from '../model/index.ts';
import { describeValue } from '../base/json.ts';
import { formatBytes, formatCount } from '../base/format.ts';
import type { Limits } from './limits.ts';
import type { SnapshotMigration } from './migrate.ts';
import { checkRecord } from './record-check.ts';
import { SnapshotError } from './snapshot-error.ts';
import { EXPECTED, SNIFF_BYTES, sniffOpening } from './sniff.ts';
import { checkSnapshotVersion, migrateRecord, readSnapshotTop } from './snapshot-top.ts';
import { TextLines } from './text-lines.ts';
import { utf8Decoder } from '../base/web-apis.ts';
import { concat, errorMessage, isBlank } from './line-bytes.ts';
import type { SnapshotSink } from './snapshot-sink.ts';

const COMMA = 0x2c;
const CARRIAGE_RETURN = 0x0d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const RECORDS_OPENING = /"records"\s*:\s*\[$/;
const NEWLINE = new Uint8Array([0x0a]);

type Phase = 'sniffing' | 'header' | 'records' | 'closed' | 'whole';

/**
 * The snapshot's text as a state machine fed with decompressed chunks (docs/snapshot-format.md):
 * it sniffs the opening once, splits lines as bytes arrive (text-lines.ts), parses each line on its
 * own and hands every record to the sink, so no layer holds the text or the records unless the
 * sink keeps them. The caps on lines (length, count, blank ones) are checked here; the caps on
 * bytes are the driver's (read-stream.ts). Any problem throws a SnapshotError naming the file,
 * the JSON path and the line.
 */
export class SnapshotLines {
  private phase: Phase = 'sniffing';
  private readonly sniffed: Uint8Array[] = [];
  private sniffedBytes = 0;
  private readonly lines: TextLines;
  private readonly decoder = utf8Decoder(true);
  /** The last chunk decoded whole, and its text when every byte was one character (ASCII). */
  private decodedChunk: Uint8Array | undefined;
  private chunkText: string | undefined;
  private header: SnapshotHeader | undefined;
  /** Sources in the header's provenance (a record's `source` indexes them). */
  sourceCount = 0;
  /** Records handed to the sink. */
  records = 0;
  private blankLines = 0;
  /** Whether the line being read came in the reused carry buffer (it spans chunks). */
  private carried = false;
  private recordMigrations: SnapshotMigration[] | undefined;
  /** The last record line ended with a comma, so another record must follow. */
  private expectRecord = false;
  /** The last record line had no comma, so the closing line must follow. */
  private expectClose = false;
  private lastRecordLine = 0;
  /** The whole text, when it is not in the line layout (see readWhole). */
  private readonly whole: Uint8Array[] = [];
  private wholeBytes = 0;

  constructor(
    private readonly file: string | undefined,
    private readonly limits: Limits,
    private readonly migrations: readonly SnapshotMigration[],
    private readonly sink: SnapshotSink,
  ) {
    this.lines = new TextLines(
      limits.maxRecordBytes,
      (bytes, start, end, lineNumber, last, carried) => this.line(bytes, start, end, lineNumber, last, carried),
      (lineNumber) => this.fail('invalidInput', `is longer than the ${formatBytes(limits.maxRecordBytes)} limit for one line`, `line ${lineNumber}`),
    );
  }

  push(chunk: Uint8Array): void {
    if (this.phase === 'sniffing') {
      this.sniffed.push(chunk);
      this.sniffedBytes += chunk.length;
      if (this.sniffedBytes < SNIFF_BYTES) return;
      this.endSniffing();
      return;
    }
    if (this.phase === 'whole') this.addWhole(chunk);
    else {
      // Records are the bulk: their chunk is decoded once, first, and its newlines found in that text.
      const rest = this.lines.push(chunk, this.phase === 'records' ? this.textOf(chunk) : undefined);
      if (rest !== undefined) this.addWhole(rest);
    }
  }

  /** The longest line the caps allow. */
  get maxRecordBytes(): number {
    return this.limits.maxRecordBytes;
  }

  /** Whether a line is begun and not ended (see TextLines.carrying). */
  get carrying(): boolean {
    return this.lines.carrying;
  }

  /** Whether batches of record lines may come now (see adopt); a line may still be carried. */
  get adoptsBatches(): boolean {
    return this.phase === 'records' && !this.expectClose && this.recordMigrations === undefined;
  }

  /**
   * Counts `records` record lines read elsewhere (a batch of `{…},` lines, record-batches.ts) as
   * if they had been read here — when they may come now: among the records, after a record with
   * its comma, within the record cap, with no record migrations to apply. Returns false otherwise,
   * and the batch is then read here, where the same text meets its error.
   */
  adopt(records: number): boolean {
    if (!this.adoptsBatches || this.lines.carrying) return false;
    if (this.records + records > this.limits.maxRecords) return false;
    this.records += records;
    this.lines.skip(records);
    this.lastRecordLine = this.lines.lineNumber;
    this.expectRecord = true;
    return true;
  }

  /** The end of the text: checks it is complete and returns the header. */
  finish(): SnapshotHeader {
    if (this.phase === 'sniffing') this.endSniffing();
    if (this.phase !== 'whole') this.lines.end();
    if (this.phase === 'whole') this.readWhole();
    if (this.phase === 'header') throw this.fail('corrupt', 'the file is truncated: it ends inside the header line (line 1)');
    if (this.phase === 'records') {
      const last = this.records ? ` (the last complete record is records[${this.records - 1}], line ${this.lastRecordLine})` : '';
      throw this.fail('corrupt', `the file is truncated: it ends without the closing "]}" line${last}; it was probably cut off while being copied or written`);
    }
    return this.header as SnapshotHeader;
  }

  fail(kind: 'corrupt' | 'invalidInput', detail: string, at?: string): SnapshotError {
    return new SnapshotError(kind, this.file, detail, at);
  }

  private endSniffing(): void {
    const head = this.sniffed.length === 1 ? (this.sniffed[0] as Uint8Array) : concat(this.sniffed, Math.min(this.sniffedBytes, SNIFF_BYTES));
    const sniffed = sniffOpening(head);
    if (!sniffed.ours) {
      throw this.fail('invalidInput', sniffed.what === 'empty' ? 'the file is empty; expected a Trace Explorer snapshot' : `not a Trace Explorer snapshot: it is ${sniffed.what}; ${EXPECTED}`);
    }
    if (sniffed.version !== undefined) checkSnapshotVersion(sniffed.version, this.migrations, (kind, detail, at) => this.fail(kind, detail, at));
    this.phase = 'header';
    for (const chunk of this.sniffed.splice(0)) this.push(chunk);
  }

  private line(bytes: Uint8Array, start: number, end: number, lineNumber: number, last: boolean, carried: boolean): void {
    if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end--;
    this.carried = carried;
    if (this.phase === 'records') {
      const first = bytes[start];
      if (first === OPEN_BRACE) {
        if (last) throw this.fail('corrupt', `the file is truncated: it ends on line ${lineNumber} (records[${this.records}]) without the closing "]}" line; it was probably cut off while being copied or written`);
        this.recordLine(bytes, start, end, lineNumber);
      } else if (first === CLOSE_BRACKET) this.closingLine(this.decode(bytes, start, end, lineNumber), lineNumber);
      else if (isBlank(bytes, start, end)) this.blank(lineNumber);
      else this.unexpected(this.decode(bytes, start, end, lineNumber), lineNumber, 'a record ({"kind":…}) or the closing "]}"');
    } else if (this.phase === 'header') {
      this.headerLine(bytes, start, end, lineNumber);
    } else if (this.phase === 'closed') {
      if (!isBlank(bytes, start, end)) this.unexpected(this.decode(bytes, start, end, lineNumber), lineNumber, 'nothing after the closing "]}" line');
      this.blank(lineNumber);
    }
  }

  private blank(lineNumber: number): void {
    if (++this.blankLines > this.limits.maxBlankLines) {
      throw this.fail('invalidInput', `has more than ${formatCount(this.limits.maxBlankLines)} blank lines, which no snapshot has (Trace Explorer writes none); it is damaged or not a snapshot`, `line ${lineNumber}`);
    }
  }

  private recordLine(bytes: Uint8Array, start: number, end: number, lineNumber: number): void {
    const index = this.records;
    if (this.expectClose) {
      throw this.fail('corrupt', `the record on line ${lineNumber - 1} has no comma after it, yet another record follows, so the file is not valid JSON`, `line ${lineNumber}`);
    }
    if (index >= this.limits.maxRecords) {
      throw this.fail('invalidInput', `holds more than ${formatCount(this.limits.maxRecords)} records, more than this machine can hold open; split it, or open it on a machine with more memory`, `line ${lineNumber}`);
    }
    const hasComma = bytes[end - 1] === COMMA;
    const textEnd = hasComma ? end - 1 : end;
    const text = this.decode(bytes, start, textEnd, lineNumber);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw this.fail('corrupt', `is not valid JSON (${errorMessage(error)}) (line ${lineNumber})`, `records[${index}]`);
    }
    value = migrateRecord(value, this.recordMigrations);
    const problem = checkRecord(value, this.sourceCount);
    if (problem !== undefined) throw this.fail('corrupt', `${problem.message} (line ${lineNumber})`, `records[${index}]${problem.field}`);
    this.records++;
    this.expectRecord = hasComma;
    this.expectClose = !hasComma;
    this.lastRecordLine = lineNumber;
    this.sink.record(value as RawRecord, bytes, start, textEnd, !this.carried);
  }

  private closingLine(text: string, lineNumber: number): void {
    if (text.trim() !== ']}') this.unexpected(text, lineNumber, 'a record ({"kind":…}) or the closing "]}"');
    if (this.expectRecord) {
      throw this.fail('corrupt', `the record on line ${lineNumber - 1} ends with a comma but no record follows, so the file is not valid JSON`, `line ${lineNumber}`);
    }
    this.phase = 'closed';
  }

  private headerLine(bytes: Uint8Array, start: number, end: number, lineNumber: number): void {
    const text = this.decode(bytes, start, end, lineNumber).replace(/^\uFEFF/, '').trimEnd();
    if (!RECORDS_OPENING.test(text)) {
      // Not the layout we write (e.g. pretty-printed by jq): read the file as one JSON value.
      this.phase = 'whole';
      this.lines.stop();
      this.addWhole(bytes.slice(start, end));
      this.addWhole(NEWLINE);
      return;
    }
    let top: unknown;
    try {
      top = JSON.parse(`${text}]}`);
    } catch (error) {
      throw this.fail('corrupt', `the header line is not valid JSON (${errorMessage(error)})`, `line ${lineNumber}`);
    }
    this.acceptTop(top);
    this.phase = 'records';
  }

  private addWhole(chunk: Uint8Array): void {
    this.wholeBytes += chunk.length;
    if (this.wholeBytes > this.limits.maxRecordBytes) {
      throw this.fail(
        'invalidInput',
        `is not in the one-record-per-line layout Trace Explorer writes (line 1 does not end with "records":[), and a file in another layout is read as one JSON value, which is limited to ${formatBytes(this.limits.maxRecordBytes)}; rewrite it with the jq command in docs/snapshot-format.md`,
      );
    }
    this.whole.push(chunk);
  }

  /** A snapshot in another layout (pretty-printed, or on one line): one JSON value, size-capped by addWhole. */
  private readWhole(): void {
    const bytes = concat(this.whole, this.wholeBytes);
    this.whole.length = 0;
    const text = this.decode(bytes, 0, bytes.length, 1).replace(/^\uFEFF/, '');
    let top: unknown;
    try {
      top = JSON.parse(text);
    } catch (error) {
      throw this.fail('corrupt', `is not valid JSON; it may be truncated (${errorMessage(error)})`);
    }
    this.acceptTop(top);
    const records = (top as Record<string, unknown>)['records'];
    if (!Array.isArray(records)) throw this.fail('corrupt', `expected an array, got ${describeValue(records)}`, 'records');
    if (records.length > this.limits.maxRecords) throw this.fail('invalidInput', `holds ${formatCount(records.length)} records, more than the ${formatCount(this.limits.maxRecords)} this machine can hold open`);
    for (let index = 0; index < records.length; index++) {
      let value: unknown = records[index];
      value = migrateRecord(value, this.recordMigrations);
      const problem = checkRecord(value, this.sourceCount);
      if (problem !== undefined) throw this.fail('corrupt', problem.message, `records[${index}]${problem.field}`);
      this.records++;
      this.sink.record(value as RawRecord, undefined, 0, 0, false);
    }
    this.phase = 'closed';
  }

  /** Format, version (with migration) and header of the parsed top-level object; tells the sink. */
  private acceptTop(parsed: unknown): void {
    const top = readSnapshotTop(parsed, this.migrations, (kind, detail, at) => this.fail(kind, detail, at));
    this.header = top.header;
    this.sourceCount = top.header.provenance.sources.length;
    const migrations = top.recordMigrations;
    this.recordMigrations = migrations;
    this.sink.header(this.header, (line) => (migrateRecord(JSON.parse(line), migrations) as RawRecord).doc);
  }

  /**
   * A line's text: cut from its chunk's text (textOf) when the chunk is ASCII, the usual case; else
   * — or for a line in the carry buffer — decoded on its own, which names the line of invalid UTF-8.
   */
  private decode(bytes: Uint8Array, start: number, end: number, lineNumber: number): string {
    if (!this.carried) {
      const text = this.textOf(bytes);
      if (text !== undefined) return text.substring(start, end);
    }
    try {
      return this.decoder.decode(bytes.subarray(start, end));
    } catch {
      throw this.fail('corrupt', 'is not valid UTF-8 text', `line ${lineNumber}`);
    }
  }

  /** The chunk's text, decoded once, whole, when every byte was one character (ASCII); else undefined. */
  private textOf(bytes: Uint8Array): string | undefined {
    if (this.decodedChunk !== bytes) {
      this.decodedChunk = bytes;
      this.chunkText = undefined;
      try {
        const text = this.decoder.decode(bytes);
        if (text.length === bytes.length) this.chunkText = text;
      } catch {
        // Invalid somewhere in the chunk (or a character cut at its end): decode line by line.
      }
    }
    return this.chunkText;
  }

  private unexpected(text: string, lineNumber: number, expected: string): never {
    throw this.fail('corrupt', `expected ${expected}, got ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`, `line ${lineNumber}`);
  }
}

/**
 * Splits UTF-8 text, as it streams in, into the JSON values it holds: one value (most files),
 * JSON lines, concatenated values, or X-Ray daemon datagrams (a `{"format":"json","version":1}`
 * header line before each document, which may be pretty-printed over many lines).
 *
 * JSON lines are the fast path: a whole line that parses on its own is a value, and only a line
 * that does not is scanned byte by byte (json-value-scanner.ts: a value spread over lines, several
 * values on one line). Nothing but the value being read is held, so a file of JSON lines has no
 * size limit; one value is limited to MAX_JSON_VALUE_BYTES, because it must become one string.
 *
 * A value that does not parse is reported with its line and skipped; scanning resumes at the next
 * line that starts with `{` or `[` in column 0 (where a new top-level value begins in JSON lines and
 * pretty-printed files alike), so one truncated line does not swallow the lines after it. The one
 * exception is the first value of the text, which may be the whole file pretty-printed with items
 * in column 0: it is read to its end first, and cut at those lines only if it does not parse.
 */
import { ByteCarry } from './byte-carry.ts';
import { formatBytes } from './format.ts';
import { isSpace, ValueScanner, type ScanHost } from './json-value-scanner.ts';
import { utf8Decoder } from './web-apis.ts';

/**
 * The largest single JSON value read: it is decoded into one string for JSON.parse, and a V8 string
 * holds at most 2^29 − 24 UTF-16 units (~512 Mi); 500 MiB of UTF-8 never decodes to more units.
 */
export const MAX_JSON_VALUE_BYTES = 500 * 1024 * 1024;

export interface JsonValueHandler {
  /** A parsed value, the 1-based line it starts on, the UTF-8 bytes of its text, and that text. */
  value(value: unknown, line: number, bytes: number, text: string): void;
  /** A value that could not be read, and why. */
  error(line: number, message: string): void;
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const NEWLINE = 0x0a;
const NEWLINE_BYTES = new Uint8Array([NEWLINE]);

export class JsonValueSplitter implements ScanHost {
  line = 1;
  readonly carry: ByteCarry;
  storing = true;
  seenValueStart = false;
  firstParseError: string | undefined;
  values = 0;
  errors = 0;
  /** A line cut by a chunk boundary is being carried (the line layer's own state; the rest is the scanner's). */
  private carryingLine = false;
  private firstError: string | undefined;
  private readonly scanner = new ValueScanner(this);
  private readonly decoder = utf8Decoder(true);

  constructor(
    private readonly handler: JsonValueHandler,
    private readonly maxValueBytes = MAX_JSON_VALUE_BYTES,
  ) {
    this.carry = new ByteCarry(maxValueBytes);
  }

  push(chunk: Uint8Array): void {
    let pos = 0;
    const end = chunk.length;
    while (pos < end) {
      if (this.scanner.state !== 'idle') {
        pos = this.scanner.scan(chunk, pos, end);
        continue;
      }
      const newline = chunk.indexOf(NEWLINE, pos);
      if (newline === -1) {
        this.keep(chunk, pos, end);
        this.carryingLine = true;
        return;
      }
      if (this.carryingLine) {
        this.keep(chunk, pos, newline);
        pos = newline + 1;
        const line = this.takeCarry();
        if (line !== undefined) this.topLine(line, 0, line.length);
        else this.line++;
      } else {
        this.topLine(chunk, pos, newline);
        pos = newline + 1;
      }
    }
  }

  /** The text has ended: a last line without a newline is read, a value still open is reported as cut short. */
  end(): void {
    // A first value cut at its end is read again from its cut-off line, which may end open again.
    for (let rounds = 0; rounds < 3; rounds++) {
      if (this.carryingLine) {
        const line = this.takeCarry();
        if (line !== undefined) this.topLine(line, 0, line.length, true);
      }
      if (this.scanner.state === 'idle' && !this.carryingLine) return;
      this.scanner.finish();
      if (this.scanner.state === 'midLine') this.scanner.state = 'idle';
    }
  }

  /** Why nothing could be read, when no value was found: the parser's own position for one broken value, else the first error. */
  noValueMessage(): string | undefined {
    if (this.firstParseError !== undefined && /at line \d+/.test(this.firstParseError)) return this.firstParseError;
    return this.firstError ?? this.firstParseError;
  }

  emit(value: unknown, line: number, bytes: number, text: string): void {
    this.values++;
    this.handler.value(value, line, bytes, text);
  }

  report(line: number, message: string): void {
    this.errors++;
    this.firstError ??= message;
    this.handler.error(line, message);
  }

  decode(bytes: Uint8Array, start: number, end: number, line: number): string | undefined {
    try {
      return this.decoder.decode(bytes.subarray(start, end));
    } catch {
      this.report(line, `line ${line} is not valid UTF-8 text`);
      return undefined;
    }
  }

  /** Appends to the carried bytes, up to the cap; past it the value is reported once and no longer kept. */
  keep(bytes: Uint8Array, start: number, end: number): void {
    if (!this.storing) return;
    if (this.carry.fits(end - start)) {
      this.carry.append(bytes, start, end);
      return;
    }
    const line = this.scanner.openValueLine() ?? this.line;
    this.report(line, `the value on line ${line} is larger than ${formatBytes(this.maxValueBytes)}, more than one JSON value can be read as (a JavaScript string holds at most ~512 Mi characters); split it into JSON lines`);
    this.storing = false;
    this.scanner.dropValue();
    this.carry.clear();
  }

  /** One whole line at the top level (between values): blank, a value, or handed to the scanner. */
  private topLine(bytes: Uint8Array, start: number, end: number, last = false): void {
    let first = start;
    while (first < end && isSpace(bytes[first]!)) first++;
    if (first === end) {
      this.line++;
      return;
    }
    let lastByte = end - 1;
    while (isSpace(bytes[lastByte]!)) lastByte--;
    const head = bytes[first]!;
    const tail = bytes[lastByte]!;
    if ((head === OPEN_BRACE && tail === CLOSE_BRACE) || (head === OPEN_BRACKET && tail === CLOSE_BRACKET)) {
      const text = this.decode(bytes, first, lastByte + 1, this.line);
      if (text === undefined) {
        this.line++;
        return;
      }
      let value: unknown;
      let parsed = true;
      try {
        value = JSON.parse(text);
      } catch {
        parsed = false;
      }
      if (parsed) {
        this.seenValueStart = true;
        this.emit(value, this.line, lastByte + 1 - first, text);
        this.line++;
        return;
      }
    }
    // Not a value on its own: scan it byte by byte, then go on with what follows the line.
    this.scanner.state = 'midLine';
    this.push(bytes.subarray(first, end));
    if (!last) this.push(NEWLINE_BYTES);
  }

  /** A carried line, or undefined when it was too long to keep (already reported). */
  private takeCarry(): Uint8Array | undefined {
    const line = this.storing ? this.carry.copy() : undefined;
    this.storing = true;
    this.carry.clear();
    this.carryingLine = false;
    return line;
  }
}

/**
 * Splits UTF-8 text, as it streams in, into the JSON values it holds: one value (most files),
 * JSON lines, concatenated values, or X-Ray daemon datagrams (a `{"format":"json","version":1}`
 * header line before each document, which may be pretty-printed over many lines).
 *
 * JSON lines are the fast path: a whole line that parses on its own is a value, and only a line
 * that does not is scanned byte by byte (a value spread over lines, several values on one line).
 * Nothing but the value being read is held, so a file of JSON lines has no size limit; one value
 * is limited to MAX_JSON_VALUE_BYTES, because it must become one string to be parsed.
 *
 * A value that does not parse is reported with its line and skipped; scanning resumes at the next
 * line that starts with `{` or `[` in column 0 (where a new top-level value begins in JSON lines and
 * pretty-printed files alike), so one truncated line does not swallow the lines after it. The one
 * exception is the first value of the text, which may be the whole file pretty-printed with items
 * in column 0: it is read to its end first, and cut at those lines only if it does not parse.
 */
import { ByteCarry } from './byte-carry.ts';
import { formatBytes } from './format.ts';
import { describeJsonError } from './json-error.ts';
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
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const NEWLINE_BYTES = new Uint8Array([NEWLINE]);

type State = 'lineStart' | 'lineCarry' | 'midLine' | 'fragment' | 'scan';

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0a;
}

export class JsonValueSplitter {
  private state: State = 'lineStart';
  private line = 1;
  private readonly carry: ByteCarry;
  /** Scanning a value: its depth, string state, first line, and whether its bytes are still kept. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  private valueLine = 0;
  private storing = true;
  /** A newline was just scanned inside a value: the next byte decides whether the value was cut off. */
  private afterNewline = false;
  /** The first value of the text: read to its end before any cut-off applies (see the file comment). */
  private speculative = false;
  private seenValueStart = false;
  private cutoffs: { offset: number; line: number }[] = [];
  private firstParseError: string | undefined;
  private firstError: string | undefined;
  private readonly decoder = utf8Decoder(true);
  values = 0;
  errors = 0;

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
      switch (this.state) {
        case 'lineStart': {
          const newline = chunk.indexOf(NEWLINE, pos);
          if (newline === -1) {
            this.keep(chunk, pos, end);
            this.state = 'lineCarry';
            return;
          }
          this.topLine(chunk, pos, newline);
          pos = newline + 1;
          break;
        }
        case 'lineCarry': {
          const newline = chunk.indexOf(NEWLINE, pos);
          if (newline === -1) {
            this.keep(chunk, pos, end);
            return;
          }
          this.keep(chunk, pos, newline);
          pos = newline + 1;
          const line = this.takeCarry();
          this.state = 'lineStart';
          if (line !== undefined) this.topLine(line, 0, line.length);
          else this.line++;
          break;
        }
        default:
          pos = this.scan(chunk, pos, end);
      }
    }
  }

  /** The text has ended: a value still open is reported as cut short. */
  end(): void {
    if (this.state === 'lineCarry') {
      const line = this.takeCarry();
      this.state = 'lineStart';
      if (line !== undefined) this.topLine(line, 0, line.length, true);
    }
    if (this.state === 'fragment') {
      this.fragmentEnd();
    } else if (this.state === 'scan') {
      const message = `value starting on line ${this.valueLine} ends before it is closed (truncated?)`;
      if (this.speculative && this.storing && this.firstParseError === undefined) {
        // Perhaps the whole file is one broken value: the parser's position says best where it broke.
        const text = this.decode(this.carry.view(), 0, this.carry.length, this.valueLine);
        if (text !== undefined) {
          try {
            JSON.parse(text);
          } catch (error) {
            this.firstParseError = describeJsonError(text, error, this.valueLine);
          }
        }
      }
      if (this.speculative && this.cutoffs.length > 0) {
        this.refeedFromCutoff(this.carry.view());
        this.end();
        return;
      }
      this.report(this.valueLine, message);
      this.resetValue();
    }
  }

  /** Why nothing could be read, when no value was found: the parser's own position for one broken value, else the first error. */
  noValueMessage(): string | undefined {
    if (this.firstParseError !== undefined && /at line \d+/.test(this.firstParseError)) return this.firstParseError;
    return this.firstError ?? this.firstParseError;
  }

  /** One whole line at the top level (between values): blank, a value, a fragment, or the start of a longer value. */
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
    this.state = 'midLine';
    this.push(bytes.subarray(first, end));
    if (!last) this.push(NEWLINE_BYTES);
  }

  /** Scans bytes in the states midLine, fragment and scan; returns where it stopped (a new line starts, or `end`). */
  private scan(bytes: Uint8Array, pos: number, end: number): number {
    let valueStart = this.state === 'scan' ? pos : -1;
    let fragmentStart = this.state === 'fragment' ? pos : -1;
    for (let i = pos; i < end; i++) {
      const c = bytes[i]!;
      if (this.state === 'midLine') {
        if (c === NEWLINE) {
          this.line++;
          this.state = 'lineStart';
          return i + 1;
        }
        if (isSpace(c)) continue;
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          this.startValue();
          valueStart = i;
          continue;
        }
        this.state = 'fragment';
        fragmentStart = i;
        continue;
      }
      if (this.state === 'fragment') {
        if (c !== NEWLINE) continue;
        this.keepRange(bytes, fragmentStart, i);
        this.fragmentEnd();
        this.line++;
        this.state = 'lineStart';
        return i + 1;
      }
      // state === 'scan'
      if (this.afterNewline) {
        this.afterNewline = false;
        if ((this.inString || this.depth > 0) && (c === OPEN_BRACE || c === OPEN_BRACKET)) {
          if (this.speculative) {
            this.cutoffs.push({ offset: this.carry.length + (i - valueStart), line: this.line });
          } else {
            this.report(this.valueLine, `value starting on line ${this.valueLine} is cut off before line ${this.line}`);
            this.resetValue();
            this.state = 'midLine';
            this.startValue();
            valueStart = i;
            continue;
          }
        }
      }
      if (c === NEWLINE) {
        this.line++;
        this.afterNewline = true;
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth === 0) {
          this.keepRange(bytes, valueStart, i + 1);
          const refeed = this.finishValue();
          this.state = 'midLine';
          valueStart = -1;
          if (refeed !== undefined) {
            // The first value did not parse as a whole: read it again from its first cut-off line,
            // then the rest of these bytes in whatever state that leaves.
            this.push(refeed);
            if (i + 1 < end) this.push(bytes.subarray(i + 1, end));
            return end;
          }
        }
      }
    }
    if (this.state === 'scan') {
      if (this.speculative && this.storing && this.cutoffs.length > 0 && !this.carry.fits(end - valueStart)) {
        // Too large to be one value: it is cut at its first cut-off line after all.
        const kept = this.carry.copy(this.cutoffs[0]!.offset);
        const rest = new Uint8Array(kept.length + (end - valueStart));
        rest.set(kept);
        rest.set(bytes.subarray(valueStart, end), kept.length);
        this.push(this.cutAtFirstCutoff(rest, 0));
        return end;
      }
      this.keepRange(bytes, valueStart, end);
    } else if (this.state === 'fragment') this.keepRange(bytes, fragmentStart, end);
    return end;
  }

  private startValue(): void {
    this.state = 'scan';
    this.depth = 1;
    this.inString = false;
    this.escaped = false;
    this.valueLine = this.line;
    this.storing = true;
    this.afterNewline = false;
    this.carry.clear();
    if (!this.seenValueStart) this.speculative = true;
    this.seenValueStart = true;
  }

  private resetValue(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.storing = true;
    this.afterNewline = false;
    this.carry.clear();
    this.speculative = false;
    this.cutoffs = [];
  }

  /** Parses the value just closed; returns the bytes to read again when it was the first value and it did not parse. */
  private finishValue(): Uint8Array | undefined {
    const line = this.valueLine;
    if (!this.storing) {
      this.resetValue();
      return undefined;
    }
    const bytes = this.carry.view();
    const text = this.decode(bytes, 0, bytes.length, line);
    if (text === undefined) {
      this.resetValue();
      return undefined;
    }
    try {
      const value = JSON.parse(text) as unknown;
      this.resetValue();
      this.emit(value, line, bytes.length, text);
      return undefined;
    } catch (error) {
      const message = describeJsonError(text, error, line);
      if (this.speculative && this.firstParseError === undefined) this.firstParseError = message;
      if (this.speculative && this.cutoffs.length > 0) return this.cutAtFirstCutoff(bytes, this.cutoffs[0]!.offset);
      this.resetValue();
      this.report(line, message);
      return undefined;
    }
  }

  /** Reports the first value as cut off at its first cut-off line; returns the bytes from there on (from `offset` of `bytes`). */
  private cutAtFirstCutoff(bytes: Uint8Array, offset: number): Uint8Array {
    const cutoff = this.cutoffs[0]!;
    const rest = bytes.slice(offset);
    const startLine = this.valueLine;
    this.resetValue();
    this.report(startLine, `value starting on line ${startLine} is cut off before line ${cutoff.line}`);
    this.line = cutoff.line;
    this.state = 'lineStart';
    return rest;
  }

  /** At the end of the text, a first value that never closed: report its cut-off and read on from there. */
  private refeedFromCutoff(bytes: Uint8Array): void {
    this.push(this.cutAtFirstCutoff(bytes, this.cutoffs[0]!.offset));
  }

  private fragmentEnd(): void {
    const bytes = this.storing ? this.carry.copy() : new Uint8Array(0);
    this.carry.clear();
    this.storing = true;
    this.state = 'midLine';
    const text = this.decode(bytes, 0, bytes.length, this.line);
    if (text === undefined) return;
    const trimmed = text.trim();
    if (trimmed === '') return;
    this.seenValueStart = true;
    try {
      this.emit(JSON.parse(trimmed) as unknown, this.line, bytes.length, trimmed);
    } catch (error) {
      this.report(this.line, describeJsonError(trimmed, error, this.line));
    }
  }

  private emit(value: unknown, line: number, bytes: number, text: string): void {
    this.values++;
    this.handler.value(value, line, bytes, text);
  }

  private report(line: number, message: string): void {
    this.errors++;
    this.firstError ??= message;
    this.handler.error(line, message);
  }

  private decode(bytes: Uint8Array, start: number, end: number, line: number): string | undefined {
    try {
      return this.decoder.decode(bytes.subarray(start, end));
    } catch {
      this.report(line, `line ${line} is not valid UTF-8 text`);
      return undefined;
    }
  }

  /** A carried line, or undefined when it was too long to keep (already reported). */
  private takeCarry(): Uint8Array | undefined {
    const line = this.storing ? this.carry.copy() : undefined;
    this.storing = true;
    this.carry.clear();
    return line;
  }

  private keepRange(bytes: Uint8Array, start: number, end: number): void {
    if (start >= 0 && end > start) this.keep(bytes, start, end);
  }

  /** Appends to the carried bytes, up to the cap; past it the value is reported once and no longer kept. */
  private keep(bytes: Uint8Array, start: number, end: number): void {
    if (!this.storing) return;
    if (this.carry.fits(end - start)) {
      this.carry.append(bytes, start, end);
      return;
    }
    const line = this.state === 'scan' ? this.valueLine : this.line;
    this.report(line, `the value on line ${line} is larger than ${formatBytes(this.maxValueBytes)}, more than one JSON value can be read as (a JavaScript string holds at most ~512 Mi characters); split it into JSON lines`);
    this.storing = false;
    this.speculative = false;
    this.cutoffs = [];
    this.carry.clear();
  }
}

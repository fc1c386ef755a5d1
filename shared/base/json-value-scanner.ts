/**
 * The slow path of JsonValueSplitter: text that is not one JSON value per line, scanned byte by
 * byte — a value over several lines (depth and strings tracked), several values on one line, a
 * scalar or a fragment of garbage. It takes over where a line did not parse on its own and hands
 * back to the splitter's line layer when a line ends with no value open. The rules (cut-off lines,
 * the first value read to its end) are in json-value-splitter.ts.
 */
import type { ByteCarry } from './byte-carry.ts';
import { describeJsonError } from './json-error.ts';

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

export function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0a;
}

/** What the scanner uses of the splitter: its line count, the carried bytes, and where values and errors go. */
export interface ScanHost {
  line: number;
  /** A value (or fragment) has begun somewhere in the text, so the first value is behind us. */
  seenValueStart: boolean;
  firstParseError: string | undefined;
  /** False once the carried value passed the cap (reported then); its bytes are no longer kept. */
  storing: boolean;
  readonly carry: ByteCarry;
  keep(bytes: Uint8Array, start: number, end: number): void;
  emit(value: unknown, line: number, bytes: number, text: string): void;
  report(line: number, message: string): void;
  decode(bytes: Uint8Array, start: number, end: number, line: number): string | undefined;
  /** Reads bytes again from the top, as lines (what follows a first value that was cut). */
  push(bytes: Uint8Array): void;
}

/** `idle`: the line layer has the text; the others are the scanner's. */
export type ScanState = 'idle' | 'midLine' | 'fragment' | 'scan';

export class ValueScanner {
  state: ScanState = 'idle';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private valueLine = 0;
  /** A newline was just scanned inside a value: the next byte decides whether the value was cut off. */
  private afterNewline = false;
  /** Scanning the first value of the text: read to its end before any cut-off applies. */
  private speculative = false;
  private cutoffs: { offset: number; line: number }[] = [];

  constructor(private readonly host: ScanHost) {}

  /** Scans from `pos`; returns where the line layer takes over again (after a newline), or `end`. */
  scan(bytes: Uint8Array, pos: number, end: number): number {
    const host = this.host;
    let valueStart = this.state === 'scan' ? pos : -1;
    let fragmentStart = this.state === 'fragment' ? pos : -1;
    for (let i = pos; i < end; i++) {
      const c = bytes[i]!;
      if (this.state === 'midLine') {
        if (c === NEWLINE) {
          host.line++;
          this.state = 'idle';
          return i + 1;
        }
        if (isSpace(c)) continue;
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          this.startValue();
          valueStart = i;
        } else {
          this.state = 'fragment';
          fragmentStart = i;
        }
        continue;
      }
      if (this.state === 'fragment') {
        if (c !== NEWLINE) continue;
        if (i > fragmentStart) host.keep(bytes, fragmentStart, i);
        this.fragmentEnd();
        host.line++;
        this.state = 'idle';
        return i + 1;
      }
      if (this.afterNewline) {
        this.afterNewline = false;
        if ((this.inString || this.depth > 0) && (c === OPEN_BRACE || c === OPEN_BRACKET)) {
          if (this.speculative) {
            this.cutoffs.push({ offset: host.carry.length + (i - valueStart), line: host.line });
          } else {
            host.report(this.valueLine, `value starting on line ${this.valueLine} is cut off before line ${host.line}`);
            this.resetValue();
            this.startValue();
            valueStart = i;
            continue;
          }
        }
      }
      if (c === NEWLINE) {
        host.line++;
        this.afterNewline = true;
      } else if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
      } else if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --this.depth === 0) {
        host.keep(bytes, valueStart, i + 1);
        const refeed = this.finishValue();
        this.state = 'midLine';
        valueStart = -1;
        if (refeed !== undefined) {
          // The first value did not parse as a whole: read it again from its first cut-off line,
          // then the rest of these bytes in whatever state that leaves.
          host.push(refeed);
          if (i + 1 < end) host.push(bytes.subarray(i + 1, end));
          return end;
        }
      }
    }
    if (this.state === 'scan') {
      if (this.speculative && host.storing && this.cutoffs.length > 0 && !host.carry.fits(end - valueStart)) {
        // Too large to be one value: it is cut at its first cut-off line after all.
        const kept = host.carry.copy(this.cutoffs[0]!.offset);
        const rest = new Uint8Array(kept.length + (end - valueStart));
        rest.set(kept);
        rest.set(bytes.subarray(valueStart, end), kept.length);
        host.push(this.cutAtFirstCutoff(rest, 0));
        return end;
      }
      if (end > valueStart) host.keep(bytes, valueStart, end);
    } else if (this.state === 'fragment' && end > fragmentStart) host.keep(bytes, fragmentStart, end);
    return end;
  }

  /** The text has ended inside the scanner: a fragment is read, an open value is reported as cut short. */
  finish(): void {
    const host = this.host;
    if (this.state === 'fragment') {
      this.fragmentEnd();
      return;
    }
    if (this.state !== 'scan') return;
    if (this.speculative && host.storing && host.firstParseError === undefined) {
      // Perhaps the whole file is one broken value: the parser's position says best where it broke.
      const text = host.decode(host.carry.view(), 0, host.carry.length, this.valueLine);
      if (text !== undefined) {
        try {
          JSON.parse(text);
        } catch (error) {
          host.firstParseError = describeJsonError(text, error, this.valueLine);
        }
      }
    }
    if (this.speculative && this.cutoffs.length > 0) {
      host.push(this.cutAtFirstCutoff(host.carry.view(), this.cutoffs[0]!.offset));
      return;
    }
    host.report(this.valueLine, `value starting on line ${this.valueLine} ends before it is closed (truncated?)`);
    this.resetValue();
    this.state = 'idle';
  }

  /** The line a value being scanned starts on (undefined when none is). */
  openValueLine(): number | undefined {
    return this.state === 'scan' ? this.valueLine : undefined;
  }

  /** The cap was passed: the value is scanned on to its end without being kept, and cannot be the whole file. */
  dropValue(): void {
    this.speculative = false;
    this.cutoffs = [];
  }

  private startValue(): void {
    this.state = 'scan';
    this.depth = 1;
    this.inString = false;
    this.escaped = false;
    this.valueLine = this.host.line;
    this.host.storing = true;
    this.afterNewline = false;
    this.host.carry.clear();
    if (!this.host.seenValueStart) this.speculative = true;
    this.host.seenValueStart = true;
  }

  private resetValue(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.host.storing = true;
    this.afterNewline = false;
    this.host.carry.clear();
    this.speculative = false;
    this.cutoffs = [];
  }

  /** Parses the value just closed; returns the bytes to read again when it was the first value and it did not parse. */
  private finishValue(): Uint8Array | undefined {
    const host = this.host;
    const line = this.valueLine;
    const bytes = host.storing ? host.carry.view() : undefined;
    const text = bytes === undefined ? undefined : host.decode(bytes, 0, bytes.length, line);
    if (bytes === undefined || text === undefined) {
      this.resetValue();
      return undefined;
    }
    try {
      const value = JSON.parse(text) as unknown;
      this.resetValue();
      host.emit(value, line, bytes.length, text);
      return undefined;
    } catch (error) {
      const message = describeJsonError(text, error, line);
      if (this.speculative && host.firstParseError === undefined) host.firstParseError = message;
      if (this.speculative && this.cutoffs.length > 0) return this.cutAtFirstCutoff(bytes, this.cutoffs[0]!.offset);
      this.resetValue();
      host.report(line, message);
      return undefined;
    }
  }

  /** Reports the first value as cut off at its first cut-off line; returns the bytes from there on (from `offset` of `bytes`). */
  private cutAtFirstCutoff(bytes: Uint8Array, offset: number): Uint8Array {
    const cutoff = this.cutoffs[0]!;
    const rest = bytes.slice(offset);
    const startLine = this.valueLine;
    this.resetValue();
    this.host.report(startLine, `value starting on line ${startLine} is cut off before line ${cutoff.line}`);
    this.host.line = cutoff.line;
    this.state = 'idle';
    return rest;
  }

  private fragmentEnd(): void {
    const host = this.host;
    const bytes = host.storing ? host.carry.copy() : new Uint8Array(0);
    host.carry.clear();
    host.storing = true;
    this.state = 'midLine';
    const text = host.decode(bytes, 0, bytes.length, host.line);
    if (text === undefined) return;
    const trimmed = text.trim();
    if (trimmed === '') return;
    host.seenValueStart = true;
    try {
      host.emit(JSON.parse(trimmed) as unknown, host.line, bytes.length, trimmed);
    } catch (error) {
      host.report(host.line, describeJsonError(trimmed, error, host.line));
    }
  }
}

import { AppError } from '../../base/errors.ts';
import type { Problem, RawKind } from '../../model/index.ts';

/**
 * What a format parser reports into. `at` is a JSON path inside the file (`Traces[0].Segments[2]`)
 * or a line (`line 12`), so every problem names where it broke.
 */
export interface ImportSink {
  readonly file: string;
  /**
   * Keeps a document. `text`, when the parser parsed the document from a JSON string of its own (a
   * BatchGetTraces `Document`), is that string; else the dispatcher knows the text of the whole
   * value the document sits in (and uses it as the document's when the document is that value).
   */
  add(kind: RawKind, doc: unknown, at: string, text?: string): void;
  problem(at: string | undefined, message: string): void;
}

/**
 * One supported input format. The dispatcher (import-file.ts) parses the bytes as JSON (one
 * value, or a sequence of values for JSON lines / daemon datagrams) and asks each parser in turn.
 */
export interface FormatParser {
  /** Stable id recorded in provenance, e.g. `xray.batchGetTraces`. */
  readonly format: string;
  /** For people: "X-Ray BatchGetTraces output". */
  readonly label: string;
  /** Cheap structural check on one parsed JSON value. */
  matches(value: unknown): boolean;
  /** Emits every good document of the value and a problem for every bad one. */
  parse(value: unknown, sink: ImportSink, at: string): void;
}

/** Where the dispatcher puts the documents it keeps, as it reads them (nothing collects them first). */
export interface DocumentTarget {
  add(kind: RawKind, doc: unknown, at: string): void;
}

export interface ImportOutcome {
  readonly file: string;
  /** The detected format ids (a JSON-lines file may mix, e.g. segments and subsegments). */
  readonly formats: readonly string[];
  /** How many documents went to the target. */
  readonly documents: number;
  readonly problems: readonly Problem[];
  /** The size of the file as read (before any decompression). */
  readonly bytes: number;
}

/** Thrown when a whole file cannot be read; the message names the file, what was expected and where it broke. */
export class ImportError extends AppError {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly at?: string,
  ) {
    super('invalidInput', `${file}: ${detail}${at ? ` (at ${at})` : ''}`, file);
    this.name = 'ImportError';
  }
}

/**
 * A format we recognise but do not import (a CloudTrail digest file, a GuardDuty finding…), so the
 * error can say what the file is instead of "unknown format".
 */
export interface KnownUnsupported {
  readonly label: string;
  matches(value: unknown): boolean;
  /** Why it is refused and what to give instead. */
  readonly reason: string;
}

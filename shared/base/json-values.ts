/**
 * Splits a text into the JSON values it holds: one value (most files), JSON lines, concatenated
 * values, or X-Ray daemon datagrams (a `{"format":"json","version":1}` header line before each
 * document, which may be pretty-printed over many lines).
 *
 * A value that does not parse is reported with its line and skipped; scanning resumes at the next
 * line that starts with `{` or `[` in column 0 (where a new top-level value begins in JSON lines and
 * pretty-printed files alike), so one truncated line does not swallow the lines after it.
 */
export interface JsonValueAt {
  readonly value: unknown;
  /** 1-based line where the value starts. */
  readonly line: number;
}

export interface JsonValueError {
  readonly line: number;
  readonly message: string;
}

export interface JsonValues {
  readonly values: readonly JsonValueAt[];
  readonly errors: readonly JsonValueError[];
  /** True when the text was a single JSON value. */
  readonly single: boolean;
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

export function parseJsonValues(text: string): JsonValues {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let wholeError: unknown;
  try {
    return { values: [{ value: JSON.parse(body), line: 1 }], errors: [], single: true };
  } catch (error) {
    wholeError = error;
  }
  const scanned = scanValues(body);
  if (scanned.values.length > 0) return scanned;
  // Nothing parsed on its own: the file is most likely one broken value, and the parser's own
  // position says best where it broke — when it gives one; else the scan's account does.
  const message = describeJsonError(body, wholeError);
  const scannedError = scanned.errors[0];
  const useScan = !/at line \d+/.test(message) && scannedError !== undefined;
  return { values: [], errors: [useScan ? scannedError : { line: 1, message }], single: false };
}

function scanValues(text: string): JsonValues {
  const values: JsonValueAt[] = [];
  const errors: JsonValueError[] = [];
  let line = 1;
  let start = -1;
  let startLine = 0;
  let depth = 0;
  let inString = false;
  const finish = (end: number) => {
    const slice = text.slice(start, end);
    try {
      values.push({ value: JSON.parse(slice), line: startLine });
    } catch (error) {
      errors.push({ line: startLine, message: describeJsonError(slice, error, startLine) });
    }
    start = -1;
    depth = 0;
    inString = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      line++;
      const next = text.charCodeAt(i + 1);
      if (start >= 0 && (inString || depth > 0) && (next === OPEN_BRACE || next === OPEN_BRACKET)) {
        errors.push({ line: startLine, message: `value starting on line ${startLine} is cut off before line ${line}` });
        start = -1;
        depth = 0;
        inString = false;
      }
      continue;
    }
    if (start < 0) {
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        start = i;
        startLine = line;
        depth = 1;
      } else if (c > 0x20) {
        const end = text.indexOf('\n', i);
        const stop = end < 0 ? text.length : end;
        const fragment = text.slice(i, stop).trim();
        if (fragment) {
          try {
            values.push({ value: JSON.parse(fragment), line });
          } catch (error) {
            errors.push({ line, message: describeJsonError(fragment, error, line) });
          }
        }
        i = stop - 1;
      }
      continue;
    }
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) finish(i + 1);
    }
  }
  if (start >= 0) errors.push({ line: startLine, message: `value starting on line ${startLine} ends before it is closed (truncated?)` });
  return { values, errors, single: false };
}

/** Turns V8's "… at position N" into a line and column inside the whole file. */
export function describeJsonError(text: string, error: unknown, firstLine = 1): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(message);
  if (!match) return `not valid JSON: ${message}`;
  const position = Number(match[1]);
  let line = firstLine;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === NEWLINE) {
      line++;
      lineStart = i + 1;
    }
  }
  const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '');
  return `not valid JSON: ${reason} at line ${line}, column ${position - lineStart + 1}`;
}

import { FilterError, where } from './errors.ts';

/**
 * The tokens of an X-Ray filter expression (aws-reference.md §4):
 *
 * - `word`: keywords, operators spelled as words (AND, OR, NOT, CONTAINS, BEGINSWITH, ENDSWITH),
 *   `true`/`false`, and dotted names (`http.url`, `rootcause.fault.service`). A word that starts
 *   with `annotation.` keeps going over `:` and `-` as well, so keys such as `aws:api_id` read
 *   as one word;
 * - `string`: a value in double (or single) quotes, with `\"`, `\'` and `\\` escapes;
 * - `number`: `12`, `-3`, `2.5`, `1e3`;
 * - `op`: `=`, `!=`, `<`, `<=`, `>`, `>=`, `!`;
 * - `punct`: `( ) { } [ ] , :`;
 * - `json`: `#[ … ]`, the raw text of a `rootcause.json` value;
 * - `end`: after the last token.
 */
export type TokenKind = 'word' | 'string' | 'number' | 'op' | 'punct' | 'json' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token (for strings: with the quotes). */
  readonly text: string;
  /** The value of a string (unescaped) or number token; the lower-cased text of a word. */
  readonly value: string | number;
  readonly start: number;
  readonly end: number;
}

/** Longer than any expression a person types; keeps pathological input cheap to reject. */
export const MAX_EXPRESSION_LENGTH = 20_000;

const isWordStart = (c: string): boolean => /[A-Za-z_]/.test(c);
const isWordPart = (c: string): boolean => /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

export function tokenize(text: string): Token[] {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new FilterError(`The expression is ${text.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}.`, MAX_EXPRESSION_LENGTH, text.length);
  }
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value?: string | number): void => {
    const source = text.slice(start, end);
    tokens.push({ kind, text: source, value: value ?? source, start, end });
  };
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isWordStart(c)) {
      i = readWord(text, i);
      push('word', start, i, text.slice(start, i).toLowerCase());
    } else if (isDigit(c) || ((c === '-' || c === '.') && isDigit(text[i + 1] ?? '')) || (c === '-' && text[i + 1] === '.' && isDigit(text[i + 2] ?? ''))) {
      const match = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i))!;
      i += match[0].length;
      if (i < text.length && isWordPart(text[i]!)) {
        throw new FilterError(`'${text.slice(start, readWord(text, i))}' is not a number ${where(start, text.length)}.`, start, readWord(text, i));
      }
      push('number', start, i, Number(match[0]));
    } else if (c === '"' || c === "'") {
      const { value, end } = readString(text, i);
      i = end;
      push('string', start, i, value);
    } else if (c === '!' || c === '<' || c === '>' || c === '=') {
      const two = text.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=') i += 2;
      else if (two === '==') throw new FilterError(`'==' is not an operator; use '=' ${where(start, text.length)}.`, start, start + 2);
      else i += 1;
      push('op', start, i);
    } else if ('(){}[],:'.includes(c)) {
      i++;
      push('punct', start, i);
    } else if (c === '#' && text[i + 1] === '[') {
      i = readJson(text, i);
      push('json', start, i);
    } else {
      const shown = c === '&' || c === '|' ? `'${c}' (use AND or OR)` : `'${c}'`;
      throw new FilterError(`Unexpected character ${shown} ${where(start, text.length)}.`, start, start + 1);
    }
  }
  tokens.push({ kind: 'end', text: '', value: '', start: text.length, end: text.length });
  return tokens;
}

function readWord(text: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < text.length && isWordPart(text[i]!)) i++;
    // Dotted names: `http.url`, `rootcause.fault.service`, `annotation.key`.
    if (text[i] === '.' && i + 1 < text.length && isWordPart(text[i + 1]!)) {
      i++;
      continue;
    }
    break;
  }
  if (/^annotation\./i.test(text.slice(from, i))) {
    while (i < text.length && /[A-Za-z0-9_.:\-]/.test(text[i]!)) i++;
  }
  return i;
}

function readString(text: string, from: number): { value: string; end: number } {
  const quote = text[from]!;
  let value = '';
  let i = from + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === quote) return { value, end: i + 1 };
    if (c === '\\' && i + 1 < text.length) {
      value += text[i + 1]!;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  throw new FilterError(`The text value that starts ${where(from, text.length)} has no closing ${quote}.`, from, text.length);
}

function readJson(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new FilterError(`The JSON value that starts ${where(from, text.length)} is not closed with ']'.`, from, text.length);
}

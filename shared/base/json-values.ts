/**
 * The JSON values of a text already in memory: the streaming splitter (json-value-splitter.ts)
 * fed the whole text at once, with its values and errors collected.
 */
import { JsonValueSplitter } from './json-value-splitter.ts';
import { utf8Encoder } from './web-apis.ts';

export { JsonValueSplitter, MAX_JSON_VALUE_BYTES, type JsonValueHandler } from './json-value-splitter.ts';
export { describeJsonError } from './json-error.ts';

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

/** The values of a whole text at once. */
export function parseJsonValues(text: string): JsonValues {
  const values: JsonValueAt[] = [];
  const errors: JsonValueError[] = [];
  const splitter = new JsonValueSplitter({
    value: (value, line) => values.push({ value, line }),
    error: (line, message) => errors.push({ line, message }),
  });
  splitter.push(utf8Encoder().encode(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
  splitter.end();
  if (values.length === 0) {
    const message = splitter.noValueMessage();
    return { values, errors: message === undefined ? [] : [{ line: errors[0]?.line ?? 1, message }], single: false };
  }
  return { values, errors, single: values.length === 1 && errors.length === 0 };
}

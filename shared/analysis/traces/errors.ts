/**
 * A filter expression that cannot be evaluated: what is wrong and where. `start`/`end` are
 * offsets in the expression text (UTF-16 code units, end exclusive; `start === end` points
 * between two characters, e.g. at the end), so a UI can draw a caret under the spot. The message
 * names the column (1-based) as well, for people reading it without the caret.
 */
export interface FilterProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export class FilterError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
    this.name = 'FilterError';
  }

  toProblem(): FilterProblem {
    return { message: this.message, start: this.start, end: this.end };
  }
}

/** `at column 12`, or `at the end` when the position is past the last character. */
export function where(position: number, textLength: number): string {
  return position >= textLength ? 'at the end' : `at column ${position + 1}`;
}

const NEWLINE = 0x0a;

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

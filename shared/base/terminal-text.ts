/**
 * Text from input files made safe to show in a terminal (and, later, in HTML and CSV exports).
 * A service name, an error message or a file name comes from whoever wrote the file; written raw,
 * its control characters are commands to the terminal: ESC sequences set the window title, clear
 * the screen, move the cursor over earlier lines, or write the clipboard (OSC 52); CR and LF forge
 * lines of our output. Every C0 control (U+0000–U+001F, newline and tab included), DEL (U+007F)
 * and C1 control (U+0080–U+009F: a terminal may read U+009B as CSI) is shown as a visible escape,
 * and so is a lone surrogate (it cannot be written as UTF-8; a terminal would get U+FFFD or worse).
 */

const UNSAFE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
}

/** `text` with every control character and lone surrogate written as `\n`, `\x1b`, `\ud800`…; anything else as it is. */
export function terminalSafe(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeOne) : text;
}

/**
 * A message of several lines we composed (usage after an error, AWS's multi-line answers): every
 * line made safe as above, the line breaks between them kept. Values from files that go into one
 * line of output are escaped whole with terminalSafe instead, so they cannot add lines.
 */
export function terminalSafeLines(text: string): string {
  return text.includes('\n') ? text.split('\n').map(terminalSafe).join('\n') : terminalSafe(text);
}

/** DEL and C1 controls: JSON.stringify escapes C0 controls and lone surrogates, but writes these raw. */
const RAW_IN_JSON = /[\u007f-\u009f]/g;

/**
 * JSON text safe to print: JSON.stringify, with DEL and the C1 controls written as `\u00XX` (they
 * can only occur inside strings, where the escape means the same character), so the output is
 * the same JSON value and carries no control character at all.
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value).replace(RAW_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

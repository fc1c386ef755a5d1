import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { terminalJson, terminalSafe } from './terminal-text.ts';

/** Every character a terminal may act on: C0, DEL, C1, and a UTF-16 code unit that is half a pair. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (code >= 0xdc00 && code <= 0xdfff) return true;
  }
  return false;
}

describe('terminalSafe', () => {
  it('shows the escape sequences of a hostile service name instead of sending them', () => {
    const title = '\u001b]0;owned\u0007';
    const clear = '\u001b[2J\u001b[H';
    const clipboard = '\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007';
    const forged = 'api\r\nCloudTrail: 0 events';
    expect(terminalSafe(`orders${title}`)).toBe('orders\\x1b]0;owned\\x07');
    expect(terminalSafe(clear)).toBe('\\x1b[2J\\x1b[H');
    expect(terminalSafe(clipboard)).toBe('\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07');
    expect(terminalSafe(forged)).toBe('api\\r\\nCloudTrail: 0 events');
    expect(terminalSafe('tab\there')).toBe('tab\\there');
  });

  it('escapes DEL, the C1 controls (U+009B is CSI) and lone surrogates, and keeps pairs and other text', () => {
    expect(terminalSafe('a\u007fb\u009b31mc\u0085')).toBe('a\\x7fb\\x9b31mc\\x85');
    expect(terminalSafe('x\ud800y\udc00')).toBe('x\\ud800y\\udc00');
    expect(terminalSafe('emoji \ud83d\ude00 é ü 日本 \u00a0')).toBe('emoji \ud83d\ude00 é ü 日本 \u00a0');
    expect(terminalSafe('C:\\Users\\jane\\trace.json')).toBe('C:\\Users\\jane\\trace.json');
  });

  it('never lets a control character through, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(hasControl(terminalSafe(text))).toBe(false);
      }),
    );
  });
});

describe('terminalJson', () => {
  it('is the same JSON value with no control character in its text', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })), (value) => {
        const text = terminalJson(value);
        expect(hasControl(text)).toBe(false);
        expect(JSON.parse(text)).toEqual(value);
      }),
    );
    expect(terminalJson({ name: 'a\u009b2Jb\u007f' })).toBe('{"name":"a\\u009b2Jb\\u007f"}');
  });
});

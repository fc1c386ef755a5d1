import { describe, expect, it } from 'vitest';
import { TextStore } from './text-store.ts';

describe('TextStore', () => {
  it('gives back each text as it was: ASCII, accents, CJK, emoji, and one longer than a block', () => {
    const store = new TextStore();
    const texts = ['{"id":"53995c3f42cd8ad8"}', '{"name":"café – naïve"}', '{"name":"服务"}', '{"emoji":"🚀"}', `{"big":"${'x'.repeat(9 * 1024 * 1024)}"}`, '', '{"after":"big"}'];
    const at = texts.map((text) => {
      expect(store.add(text)).toBe(true);
      return { ...store.at };
    });
    expect(at.map(({ block, start, end }) => store.text(block, start, end))).toEqual(texts);
    // The long one did not fit in the first block: it went into one of its own size.
    expect(at[4]!.block).toBe(at[0]!.block + 1);
  });

  it('does not take a string with a lone surrogate (UTF-8 cannot hold it)', () => {
    const store = new TextStore();
    expect(store.add('{"name":"\ud800"}')).toBe(false);
    expect(store.add('{"name":"\ud83d\ude80"}')).toBe(true);
  });
});

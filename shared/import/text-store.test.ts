import { describe, expect, it } from 'vitest';
import { TextStore } from './text-store.ts';

describe('TextStore', () => {
  it('gives back each text as it was, read before or after its block is joined', () => {
    const store = new TextStore();
    const texts = ['{"id":"53995c3f42cd8ad8"}', '{"name":"café – naïve 服务 🚀"}', '{"lone":"\ud800"}', `{"big":"${'x'.repeat(3 * 1024 * 1024)}"}`, '', '{"after":"big"}'];
    const at = texts.map((text) => {
      store.add(text);
      return { ...store.at };
    });
    // The big text closed the first block; the last two wait in the next one, read here first.
    expect(at.map((a) => a.block)).toEqual([0, 0, 0, 0, 1, 1]);
    expect(store.text(at[5]!.block, at[5]!.start, at[5]!.end)).toBe(texts[5]);
    expect(at.map(({ block, start, end }) => store.text(block, start, end))).toEqual(texts);
  });

  it('keeps adding after a block was joined early to be read', () => {
    const store = new TextStore();
    store.add('a');
    const first = { ...store.at };
    expect(store.text(first.block, first.start, first.end)).toBe('a');
    store.add('bc');
    const second = { ...store.at };
    expect(second.block).toBe(1);
    expect(store.text(second.block, second.start, second.end)).toBe('bc');
    expect(store.text(first.block, first.start, first.end)).toBe('a');
  });
});

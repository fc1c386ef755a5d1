import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringifyIteratively, stringifyJson } from './json-text.ts';

describe('stringifyJson', () => {
  it('gives the same text as JSON.stringify (property)', () => {
    const extra = fc.constantFrom(undefined, () => 1, Symbol('s'), new Date(0), { toJSON: () => ({ replaced: true }) });
    const value = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.jsonValue(), extra, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 })),
    })).value;
    fc.assert(
      fc.property(value, (v) => {
        expect(stringifyIteratively(v)).toBe(JSON.stringify(v));
      }),
    );
  });

  it('writes documents deeper than JSON.stringify can', () => {
    let deep: unknown = [];
    for (let i = 0; i < 50_000; i++) deep = { a: [deep] };
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const text = stringifyJson(deep);
    expect(text).toBe(`${'{"a":['.repeat(50_000)}[]${']}'.repeat(50_000)}`);
  });

  it('refuses cycles and BigInt like JSON.stringify', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = [cycle];
    expect(() => stringifyIteratively(cycle)).toThrow(TypeError);
    expect(() => stringifyIteratively({ n: 1n })).toThrow(TypeError);
  });
});

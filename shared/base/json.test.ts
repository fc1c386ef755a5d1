import { describe, expect, it } from 'vitest';
import { isJsonObject, joinPath, jsonObject, jsonPath, ownObject, ownString, ownValue, problemAt } from './json.ts';

describe('JSON guards and own-property readers', () => {
  it('takes objects only: not null, arrays or primitives', () => {
    expect([{}, { a: 1 }, Object.create(null)].every(isJsonObject)).toBe(true);
    expect([null, [], 'x', 1, true, undefined].some(isJsonObject)).toBe(false);
    expect(jsonObject([1])).toBeUndefined();
  });

  it('reads own properties only, so keys like __proto__ and constructor in the input are plain data', () => {
    const parsed = JSON.parse('{"__proto__":{"polluted":true},"name":"orders","empty":"","nested":{"a":1}}') as object;
    expect(ownValue(parsed, 'constructor')).toBeUndefined();
    expect(ownValue(parsed, '__proto__')).toEqual({ polluted: true });
    expect(ownString(parsed, 'name')).toBe('orders');
    expect(ownString(parsed, 'empty')).toBeUndefined();
    expect(ownObject(parsed, 'nested')).toEqual({ a: 1 });
    expect(ownObject(parsed, 'name')).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('problem paths', () => {
  it('joins keys, indices and dotted steps the way the importers report them', () => {
    expect(joinPath(joinPath(joinPath('', 'Traces'), '[0]'), 'Segments') + '[3]').toBe('Traces[0].Segments[3]');
    expect(joinPath(joinPath(joinPath('', 'Traces'), '[0]'), joinPath('Segments', '[3]'))).toBe('Traces[0].Segments[3]');
    expect(joinPath('records[12]', '.kind')).toBe('records[12].kind');
    expect(joinPath('', '.kind')).toBe('kind');
    expect(joinPath('Traces[0]', '')).toBe('Traces[0]');
    expect(joinPath('logEvents', '[4].message')).toBe('logEvents[4].message');
  });

  it('puts a colon after a line of JSON lines', () => {
    expect(joinPath('line 12', 'detail')).toBe('line 12: detail');
    expect(joinPath('line 12', '[0]')).toBe('line 12: [0]');
    expect(joinPath('line 12', '.kind')).toBe('line 12: kind');
    expect(joinPath('line 12: Records', '[2]')).toBe('line 12: Records[2]');
  });

  it('writes a path of keys with odd keys quoted', () => {
    expect(jsonPath('header', ['provenance', 'sources', 2, 'name'])).toBe('header.provenance.sources[2].name');
    expect(jsonPath('', ['records', 12, 'kind'])).toBe('records[12].kind');
    expect(jsonPath('header', ['notes', 'a b'])).toBe('header.notes["a b"]');
    expect(jsonPath('', [0])).toBe('[0]');
  });

  it('gives the sink no path for the whole value', () => {
    expect(problemAt('')).toBeUndefined();
    expect(problemAt('Traces[0]')).toBe('Traces[0]');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../test/support/fixtures.ts';
import { describeJsonError, JsonValueSplitter, parseJsonValues } from './json-values.ts';

describe('parseJsonValues', () => {
  it('reads a single value as one', () => {
    const result = parseJsonValues('{"a":[1,2,{"b":"}"}]}');
    expect(result.single).toBe(true);
    expect(result.values).toEqual([{ value: { a: [1, 2, { b: '}' }] }, line: 1 }]);
  });

  it('reads JSON lines with their line numbers', () => {
    const result = parseJsonValues('{"n":1}\n\n{"n":2}\r\n{"n":"a\\"}"}\n');
    expect(result.values.map((v) => [v.value, v.line])).toEqual([
      [{ n: 1 }, 1],
      [{ n: 2 }, 3],
      [{ n: 'a"}' }, 4],
    ]);
    expect(result.errors).toEqual([]);
  });

  it('reads X-Ray daemon datagrams: header line then a pretty-printed document', () => {
    const text = fixtureText('otel-contrib-awsxray/udp-datagram-with-header/ddbSample.txt');
    const result = parseJsonValues(text);
    expect(result.errors).toEqual([]);
    expect(result.values[0]?.value).toEqual({ format: 'json', version: 1 });
    expect(result.values).toHaveLength(2);
    expect((result.values[1]?.value as { id: string }).id).toBe('88ad1df59cd7a7be');
  });

  it('reports a cut-off line and keeps the lines after it', () => {
    const result = parseJsonValues('{"n":1}\n{"n":2,"x":[1,\n{"n":3}\n');
    expect(result.values.map((v) => v.value)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.line).toBe(2);
  });

  it('reports a value that never closes', () => {
    const result = parseJsonValues('{"n":1}\n{"n":2,');
    expect(result.values).toHaveLength(1);
    expect(result.errors[0]?.message).toMatch(/line 2 ends before it is closed/);
  });

  it('names line and column of broken JSON in a real malformed file', () => {
    const text = fixtureText('cloudtrail-processing-library/SerializerTestFileBadJsonFormat.json');
    const result = parseJsonValues(text);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors[0]?.message).toMatch(/not valid JSON: .* at line \d+, column \d+/);
  });

  it('turns a position into line and column', () => {
    let error: unknown;
    try {
      JSON.parse('{\n  "a": 1,\n  "b" 2\n}');
    } catch (e) {
      error = e;
    }
    expect(describeJsonError('{\n  "a": 1,\n  "b" 2\n}', error)).toMatch(/at line 3, column 7$/);
  });
});

/** Splits `text` (UTF-8) in chunks of the given sizes, cycled, so lines and characters straddle chunks. */
function split(text: string, sizes: readonly number[], maxValueBytes?: number) {
  const values: { value: unknown; line: number; bytes: number }[] = [];
  const errors: { line: number; message: string }[] = [];
  const splitter = new JsonValueSplitter({ value: (value, line, bytes) => values.push({ value, line, bytes }), error: (line, message) => errors.push({ line, message }) }, maxValueBytes);
  const bytes = new TextEncoder().encode(text);
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    splitter.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  splitter.end();
  return { values, errors, splitter };
}

const jsonDocument = fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);
const chunkSizes = fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 });

describe('JsonValueSplitter, as bytes arrive in any chunks', () => {
  it('gives every line of JSON lines, with its line number, whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.dictionary(fc.string(), jsonDocument), fc.array(jsonDocument)), { minLength: 1, maxLength: 12 }), chunkSizes, fc.boolean(), (docs, sizes, crlf) => {
        const text = docs.map((doc) => JSON.stringify(doc)).join(crlf ? '\r\n' : '\n');
        const { values, errors } = split(text, sizes);
        expect(errors).toEqual([]);
        expect(values.map((v) => v.value)).toEqual(docs);
        expect(values.map((v) => v.line)).toEqual(docs.map((_, i) => i + 1));
        expect(values.map((v) => v.bytes)).toEqual(docs.map((doc) => new TextEncoder().encode(JSON.stringify(doc)).length));
      }),
    );
  });

  it('gives pretty-printed values one after another, and a pretty-printed file as one value', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string(), jsonDocument, { minKeys: 1 }), { minLength: 1, maxLength: 5 }), chunkSizes, (docs, sizes) => {
        const { values, errors } = split(docs.map((doc) => JSON.stringify(doc, null, 2)).join('\n'), sizes);
        expect(errors).toEqual([]);
        expect(values.map((v) => v.value)).toEqual(docs);
        const whole = split(JSON.stringify(docs, null, 2), sizes);
        expect(whole.values.map((v) => v.value)).toEqual([docs]);
      }),
    );
  });

  it('reads a whole-file array whose items start in column 0 as one value', () => {
    const docs = [{ id: 'a' }, { id: 'b', n: [1, 2] }, { id: 'c' }];
    const text = `[\n${docs.map((doc) => JSON.stringify(doc)).join(',\n')}\n]\n`;
    for (const size of [1, 3, 7, 1000]) {
      const { values, errors } = split(text, [size]);
      expect(errors).toEqual([]);
      expect(values.map((v) => v.value)).toEqual([docs]);
    }
  });

  it('cuts a truncated first line at the next line that starts a value, and reads on', () => {
    const { values, errors } = split('{"n":1,"x":[1,\n{"n":2}\n{"n":3}\n', [5]);
    expect(values.map((v) => [v.value, v.line])).toEqual([
      [{ n: 2 }, 2],
      [{ n: 3 }, 3],
    ]);
    expect(errors).toEqual([{ line: 1, message: 'value starting on line 1 is cut off before line 2' }]);
  });

  it('refuses one value over the cap, says so once, and goes on with the next line', () => {
    const big = JSON.stringify({ pad: 'x'.repeat(300) });
    const { values, errors } = split(`{"n":1}\n${big}\n{"n":2}\n`, [16], 256);
    expect(values.map((v) => v.value)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^the value on line 2 is larger than 256 B, more than one JSON value/) });
    // The same for a value spread over lines: scanned to its end without being kept.
    const pretty = split(`{"n":1}\n${JSON.stringify({ pad: 'y'.repeat(300), more: [1, 2] }, null, 1)}\n{"n":2}`, [16], 256);
    expect(pretty.values.map((v) => v.value)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(pretty.errors).toHaveLength(1);
  });

  it('reports a line that is not UTF-8 and keeps the others', () => {
    const bad = new Uint8Array([...new TextEncoder().encode('{"a":"'), 0xff, 0xfe, ...new TextEncoder().encode('"}\n{"b":1}\n')]);
    const values: unknown[] = [];
    const errors: string[] = [];
    const listening = new JsonValueSplitter({ value: (value) => values.push(value), error: (_line, message) => errors.push(message) });
    listening.push(bad);
    listening.end();
    expect(values).toEqual([{ b: 1 }]);
    expect(errors).toEqual(['line 1 is not valid UTF-8 text']);
  });
});
